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
} as const;
