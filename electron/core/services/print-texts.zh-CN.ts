/**
 * Words printed on the receipt and the A4 documents (zh-CN). Kept as a table, like the screen's
 * i18n tables, so another language is another table; `{x}` are filled in by application-printing.
 */
export const printTextsZhCN = {
  receiptTitle: '法律援助申请回执',
  formTitle: '法律援助申请表',
  formSubtitle: '（自助终端提交 · 申请编号 {number}）',
  pledgeTitle: '法律援助经济困难状况告知承诺书',
  pledgeSubtitle: '（含经济困难状况说明、核查授权 · 申请编号 {number}）',
  pledgeStatementSection: '经济困难状况说明',
  nextSteps: [
    '法律援助机构收到申请后，会在7日内决定是否给予法律援助，并通知您（《法律援助法》第四十三条）。',
    '决定给予法律援助的，会在3日内为您指派律师或者安排法律援助人员。',
    '还缺的材料请一次补齐，补交材料的时间不计入7日。',
    '用手机扫描二维码，或拨打下方电话，可以查询办理进度。',
  ],
  decisionDueBy: '{date}前',
  urgent: '紧急申请：期限 {date}（《法律援助法》第四十四条）',
  footer: ['12348 法律服务热线', '本回执不含您的身份证号码，请妥善保管。'],
  formFooter: ['本表由公共法律服务自助终端根据申请人的回答生成，身份信息来自居民身份证读取。'],
  signerApplicant: '申请人（签名）',
  signerAgent: '代为申请人（签名）',
  date: '{y}年{m}月{d}日',
  testTitle: '打印测试页',
  guideTitle: '法律服务指引',
  guideMatter: '您咨询的事情：{matter}',
  guideOther: [
    '您还可以这样得到帮助：',
    '1. 视频咨询律师（免费）：在本终端首页点“视频咨询律师”，律师会在视频里为您解答。',
    '2. 申请人民调解（免费）：到村（居）民委员会或乡镇（街道）的人民调解委员会，由调解员帮助双方协商解决。',
    '3. 拨打12348法律服务热线，咨询您的事情该怎么办。',
    '4. 也可以到下面的法律援助机构当面咨询，由机构决定能否给予法律援助。',
  ],
  guideCentre: '法律援助机构',
  guideRows: { name: '名称', phone: '电话', address: '地址' },
  guideFooter: ['本指引不含您的个人信息。'],
} as const;
