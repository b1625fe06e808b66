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
  /** The slip when no call took place (tip-printing.ts). */
  tip: {
    title: '视频咨询提示',
    what: {
      declined: '这次您没有同意录音录像，所以没有进行视频咨询。',
      fallback: '这次暂时没有律师接听您的视频咨询。',
    },
    callbackLabel: '可以再来视频咨询的时间',
    callback: '{m}月{d}日 {from}—{to}',
    waysLabel: '您还可以：',
    ways: [
      '拨打12348法律服务热线，律师在电话里为您解答，免费。',
      '到服务站窗口，请工作人员帮您联系律师；也可以到当地法律援助中心当面咨询。',
      '改天也可以回来，再选视频咨询律师。',
    ],
    printedAt: '打印时间：{date}',
    footer: ['本页不含您的个人信息。', '12348 法律服务热线'],
  },
} as const;
