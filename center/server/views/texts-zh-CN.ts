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
  'status.received.headline': '已收到您的申请，正在审查',
  'status.received.next': '法律援助中心会在{date}前决定是否给予法律援助，并通知您。',
  'status.materials_requested.headline': '请补充材料',
  'status.materials_requested.next': '请在{date}前把下面的材料交给法律援助中心或服务站。超过这一天还没有补交的，申请会被视为撤回。',
  'status.materials_requested.list': '需要补充的材料',
  'status.granted.headline': '已决定给予法律援助',
  'status.granted.next': '法律援助中心会在{date}前为您指派律师，律师会主动联系您。',
  'status.granted.nextSoon': '法律援助中心会尽快为您指派律师，律师会主动联系您。',
  'status.assigned.headline': '已为您指派律师',
  'status.assigned.lawyer': '承办律师：{name}',
  'status.assigned.next': '律师会主动联系您。有急事也可以拨打12348法律服务热线。',
  'status.refused.headline': '决定不予法律援助',
  'status.refused.next': '书面决定书写明了理由。您如有异议，可以向司法行政部门提出，司法行政部门会在五日内审查。',
  'status.withdrawn.headline': '申请已视为撤回',
  'status.withdrawn.next': '因为没有在期限内补交材料，这次申请已视为撤回。您可以随时重新申请。',
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
