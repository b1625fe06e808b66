/**
 * Words on the printed status slip (zh-CN), one table like print-texts.zh-CN.ts; the screen has its
 * own table (renderer/src/i18n/status.zh-CN.ts); both take the status words from domain/centre.
 * `{x}` are filled in by status-lookup-printing.ts.
 */
import { citizenStatusWordsZhCN } from '../../../domain/centre/status-words.zh-CN.ts';

export const statusSlipTextsZhCN = {
  title: '法律援助申请进度',
  acceptanceNumber: '受理编号',
  localNumber: '申请编号',
  submittedOn: '提交日期',
  matter: '申请事项',
  status: '目前进度',
  next: '接下来',
  decisionDue: '作出决定期限',
  materials: '请补交以下材料',
  materialsDue: '补交期限：{date}前（请一次交齐）',
  lawyer: '承办律师',
  printedAt: '打印时间：{time}',
  footer: ['12348 法律服务热线', '本单不含您的身份证号码。'],
  date: '{y}年{m}月{d}日',
  states: citizenStatusWordsZhCN,
} as const;
