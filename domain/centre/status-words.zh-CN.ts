/**
 * Where an application stands, in plain words for the person who applied (zh-CN): what happened
 * and what happens next. One table for the kiosk's screen (renderer i18n) and its printed status
 * slip, so the paper says what the person read. The centre's case statuses, plus the two only a
 * kiosk knows: 'uploading' (stored at the kiosk, not yet at the centre) and 'sent' (the centre
 * confirmed it, but its latest status could not be fetched now).
 */
import type { CaseStatus } from './console-api.ts';

export type CitizenStatusWordsKey = CaseStatus | 'uploading' | 'sent';

export const citizenStatusWordsZhCN = {
  received: { what: '法律援助中心已收到您的申请，正在审查。', next: '中心会在决定期限前作出决定并通知您。' },
  materials_requested: { what: '法律援助中心需要您补交材料。', next: '请在期限前把下面的材料一次交齐，可以交到服务站窗口或法律援助中心。' },
  granted: { what: '已决定给予您法律援助。', next: '中心会在3日内为您指派律师，律师会主动联系您。' },
  assigned: { what: '已为您指派律师。', next: '律师会主动联系您，请保持电话畅通。' },
  refused: { what: '法律援助中心决定不给予法律援助。', next: '决定书会写明理由。如有异议，可以向设立该中心的司法行政部门提出。' },
  withdrawn: { what: '这份申请已经撤回。', next: '如仍需要帮助，可以重新申请。' },
  uploading: { what: '已在本机提交，正在上传到法律援助中心。', next: '上传完成后，中心开始审查。请稍后再来查询。' },
  sent: { what: '申请已送到法律援助中心。', next: '最新进度暂时查不到，请稍后再试，或拨打12348。' },
} as const satisfies Record<CitizenStatusWordsKey, { what: string; next: string }>;
