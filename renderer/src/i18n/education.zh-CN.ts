/** Words of the legal-education (普法) screens, the attract loop and the technician's bundle panel. */
export default {
  title: '普法学习',
  choose: '请选择您想了解的内容',
  home: '返回首页',
  back: '返回上一级',
  readAloud: '朗读全文',
  citations: '法律依据',
  unavailable: '普法内容暂时无法显示，请稍后再试，或拨打12348公共法律服务热线。',
  version: '内容版本 {version}（{published}）',
  prompt: {
    topics: '普法学习。请选择您想了解的内容：{topics}。',
    topic: '{topic}。请选择一条：{items}。',
  },
  related: {
    'legal-aid': '申请法律援助',
    video: '视频咨询律师',
    documents: '起草法律文书',
  },
  attract: {
    touch: '轻触屏幕开始',
    topic: '普法小知识 · {topic}',
  },
  tech: {
    title: '普法内容',
    version: '版本',
    published: '发布日期',
    source: '来源',
    sources: {
      'built-in': '内置',
      centre: '中心推送',
    },
    installedAt: '安装时间',
    lastCheck: '上次检查更新',
    outcomes: {
      installed: '已安装新版本',
      up_to_date: '已是最新',
      not_enrolled: '未接入中心',
      network: '无法连接中心',
      refused: '中心的内容包未通过校验，仍用原版本',
      centre_error: '中心答复异常',
      storage_error: '保存失败',
    },
    never: '尚未检查',
    none: '没有可用的普法内容',
    check: '立即检查更新',
    checking: '正在检查…',
  },
};
