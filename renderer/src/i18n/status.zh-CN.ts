/**
 * 查询申请进度: each application's status in plain words with what happens next. Matter and
 * material names come from the rule pack through the core, not from here.
 */
export default {
  title: '申请进度查询',
  loading: '正在查询，请稍候',
  replay: '再听一遍',
  back: '返回',
  finish: '查好了，结束并清除',
  none: '没有查到您的法律援助申请。',
  noneNext: '如果您是在其他地方申请的，请拨打12348询问。',
  unreachable: '暂时无法连接法律援助中心，请稍后再试，或拨打12348。',
  localOnly: '下面是在本机提交的申请。',
  acceptanceNumber: '受理编号',
  localNumber: '申请编号',
  submittedOn: '提交日期：{date}',
  matter: '申请事项：{matter}',
  decisionDue: '决定期限：{date}前',
  materialsTitle: '请补交以下材料（一次交齐）：',
  materialsDue: '补交期限：{date}前',
  lawyer: '承办律师：{name}',
  print: '打印这份进度',
  printing: '正在打印，请稍候',
  printed: '已打印，请从下方出纸口取走。',
  printProblem: '打印机暂时无法打印。进度已显示在屏幕上，您可以拍照或记下受理编号。',
  failed: '暂时无法查询。请稍后再试，或拨打12348。',
  states: {
    received: { what: '法律援助中心已收到您的申请，正在审查。', next: '中心会在决定期限前作出决定并通知您。' },
    materials_requested: { what: '法律援助中心需要您补交材料。', next: '请在期限前把下面的材料一次交齐，可以交到服务站窗口或法律援助中心。' },
    granted: { what: '已决定给予您法律援助。', next: '中心会在3日内为您指派律师，律师会主动联系您。' },
    assigned: { what: '已为您指派律师。', next: '律师会主动联系您，请保持电话畅通。' },
    refused: { what: '法律援助中心决定不给予法律援助。', next: '决定书会写明理由。如有异议，可以向设立该中心的司法行政部门提出。' },
    withdrawn: { what: '这份申请已经撤回。', next: '如仍需要帮助，可以重新申请。' },
    uploading: { what: '已在本机提交，正在上传到法律援助中心。', next: '上传完成后，中心开始审查。请稍后再来查询。' },
    sent: { what: '申请已送到法律援助中心。', next: '最新进度暂时查不到，请稍后再试，或拨打12348。' },
  },
};
