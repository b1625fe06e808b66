import { createI18n } from 'vue-i18n';
import zhCN, { type MessageSchema } from './zh-CN';

/** Chinese first; other languages are added as further message tables of the same shape. */
export function createKioskI18n() {
  return createI18n<[MessageSchema], 'zh-CN', false>({
    legacy: false,
    locale: 'zh-CN',
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN },
    missingWarn: false,
    fallbackWarn: false,
  });
}
