import { createI18n } from 'vue-i18n';
import zhCN, { type MessageSchema } from './zh-CN.ts';

/** Chinese only for now; further languages are tables of the same shape. */
export const createConsoleI18n = () =>
  createI18n<[MessageSchema], 'zh-CN', false>({
    legacy: false,
    locale: 'zh-CN',
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN },
    missingWarn: false,
    fallbackWarn: false,
  });
