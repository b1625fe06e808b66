/**
 * 查询申请进度: each application's status in plain words with what happens next. Matter and
 * material names come from the rule pack through the core, not from here; the status words are
 * shared with the printed slip (domain/centre/status-words.zh-CN.ts).
 */
import { citizenStatusWordsZhCN } from '../../../domain/centre/status-words.zh-CN';

export default {
  title: '申请进度查询',
  loading: '正在查询，请稍候',
  replay: '再听一遍',
  readItem: '读给我听',
  count: '查到{n}份申请，先读最新的一份',
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
  states: citizenStatusWordsZhCN,
};
