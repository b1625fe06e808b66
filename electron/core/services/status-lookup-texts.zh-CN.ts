/**
 * Words on the printed status slip (zh-CN), one table like print-texts.zh-CN.ts; the screen has its
 * own table (renderer/src/i18n/status.zh-CN.ts). `{x}` are filled in by status-lookup-printing.ts.
 */
import type { StatusItem } from '../api/contract.ts';

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
  states: {
    received: { what: '法律援助中心已收到您的申请，正在审查。', next: '中心会在决定期限前作出决定并通知您。' },
    materials_requested: { what: '法律援助中心需要您补交材料。', next: '请在期限前把下面的材料一次交齐，可以交到服务站窗口或法律援助中心。' },
    granted: { what: '已决定给予您法律援助。', next: '中心会在3日内为您指派律师，律师会主动联系您。' },
    assigned: { what: '已为您指派律师。', next: '律师会主动联系您，请保持电话畅通。' },
    refused: { what: '法律援助中心决定不给予法律援助。', next: '决定书会写明理由。如有异议，可以向设立该中心的司法行政部门提出。' },
    withdrawn: { what: '这份申请已经撤回。', next: '如仍需要帮助，可以重新申请。' },
    uploading: { what: '已在本机提交，正在上传到法律援助中心。', next: '上传完成后，中心开始审查。请稍后再来查询。' },
    sent: { what: '申请已送到法律援助中心。', next: '最新进度暂时查不到，请稍后再试，或拨打12348。' },
  } satisfies Record<StatusItem['state'], { what: string; next: string }>,
} as const;
