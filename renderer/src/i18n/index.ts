import { createI18n } from 'vue-i18n';
import zhCN, { type MessageSchema } from './zh-CN';
import en from './en';

/**
 * Chinese first; English proves that every citizen-facing word comes from the tables (issue 7).
 * Other languages (minority languages of a province) are added as further tables of the same shape
 * and a voice for them in the core. Chinese stays the fallback.
 */
export function createKioskI18n() {
  return createI18n<[MessageSchema], 'zh-CN' | 'en', false>({
    legacy: false,
    locale: 'zh-CN',
    fallbackLocale: 'zh-CN',
    // en.ts has every key (its type and en.test.ts); the cast drops only zh-CN's literal string types.
    messages: { 'zh-CN': zhCN, en: en as MessageSchema },
    missingWarn: false,
    fallbackWarn: false,
  });
}
