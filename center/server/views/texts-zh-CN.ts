/**
 * The words of the centre's server-rendered pages (zh-CN). Plain, short sentences for people who
 * read slowly; `{name}` placeholders are filled by html-page.ts `fill`.
 */
export const viewTextsZhCN = {
  'status.title': '法律援助申请进度',
  'status.acceptanceNumber': '受理编号',
  'status.localNumber': '申请回执编号',
  'status.receivedOn': '收到申请',
  'status.matter': '申请事项',
  'status.nextStep': '接下来',
  // What happened and what happens next come from domain/centre/status-words.zh-CN.ts (the same
  // words as the kiosk's screen and slip); the page adds the dates and names it knows.
  'status.due.decision': '决定期限：{date}',
  'status.due.materials': '补交期限：{date}。逾期没有补交的，申请视为撤回。',
  'status.due.assignment': '指派律师期限：{date}',
  'status.materials.list': '需要补交的材料',
  'status.lawyer': '承办律师：{name}',
  'status.help': '有疑问请拨打12348法律服务热线。',
  'status.notFound.headline': '没有查到这份申请',
  'status.notFound.body':
    '刚刚提交的申请可能还没有传到法律援助中心，请过一段时间再查。也请核对回执上的编号和查询码。',
  'status.notFound.help': '如需帮助，请拨打12348法律服务热线。',
  'status.busy.headline': '查询次数太多了',
  'status.busy.body': '请过几分钟再查。',

  'letter.title': '不予法律援助决定书',
  'letter.number': '受理编号：{number}',
  'letter.applicant': '申请人：{name}',
  'letter.body':
    '你于{receivedOn}向本中心申请法律援助，申请事项为{matter}。经审查，本中心认为该申请不符合法律援助条件，根据《中华人民共和国法律援助法》的规定，决定不予法律援助。',
  'letter.reasons': '理由如下：',
  'letter.objection':
    '如对本决定有异议，你可以向设立本法律援助机构的司法行政部门提出。根据《中华人民共和国法律援助法》第四十九条，司法行政部门应当自收到异议之日起五日内进行审查，作出维持法律援助机构决定或者责令法律援助机构改正的决定。',
  'letter.signature': '{centre}（盖章）',
  'letter.date': '{date}',
} as const;

export type ViewTextKey = keyof typeof viewTextsZhCN;
export const viewText = (key: ViewTextKey): string => viewTextsZhCN[key];
