/**
 * Words on what the kiosk prints for the lawyer during a video consultation (zh-CN), as a table
 * like the screen's i18n tables; `{x}` are filled in by consult-push-printing.ts.
 */
export const consultPrintTextsZhCN = {
  kinds: {
    checklist: '律师为您列出的清单',
    document: '律师为您准备的文书',
    summary: '视频咨询要点',
    referral: '转介单',
  },
  station: '打印地点：{station}',
  printedAt: '打印时间：{date}',
  lawyer: '律师：{name}',
  lawyerWithOrganisation: '律师：{name}（{organisation}）',
  checklistHeading: '请逐项准备，备好一项打一个勾：',
  footer: ['本页由视频咨询律师发送，在公共法律服务自助终端打印。', '12348 法律服务热线'],
  date: '{y}年{m}月{d}日 {hh}:{mm}',
} as const;
