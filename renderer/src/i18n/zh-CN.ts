/**
 * Every word the kiosk shows, in plain spoken Chinese. Short sentences, one idea each; errors say
 * what happened and what to do now, never a code. Keep `@`, `|`, `{` and `}` out of the text unless
 * they are vue-i18n syntax (interpolation `{name}`).
 */
const zhCN = {
  app: {
    title: '公共法律服务自助终端',
    starting: '正在启动，请稍候',
    hotline: '12348法律服务热线',
  },
  home: {
    invite: '请将身份证放在感应区，开始办理',
    inviteHint: '也可以先点一下您要办理的事项',
    chooseService: '请点一下您要办理的事项',
    toWelcome: '回到我的服务页',
  },
  tiles: {
    legalAid: '法律援助申请',
    video: '视频咨询律师',
    status: '申请进度查询',
    documents: '法律文书',
    education: '普法学习',
  },
  textSize: {
    large: '大字模式',
    normal: '标准字号',
  },
  card: {
    title: '请将身份证放在感应区',
    step1: '把身份证平放在下方感应区。',
    step2: '放好后请不要移动。',
    step3: '读取好了，屏幕会告诉您。',
    illustration: '示意图：身份证平放在终端下方的感应区上',
    status: {
      waiting: '正在等待您放入身份证',
      reading: '正在读取，请不要移动身份证',
      failed: '这次没有读取成功',
    },
    retry: '再试一次',
    otherCard: '换一张证件',
    back: '返回首页',
  },
  cardErrors: {
    refused: {
      expired: { what: '身份证已过期，暂时不能在这里使用。', next: '请使用有效证件，或拨打12348咨询。' },
      not_yet_valid: { what: '这张证件还没有到开始使用的日期。', next: '请使用其他有效证件，或拨打12348咨询。' },
      invalid_id_number: { what: '证件上的号码没有通过核对。', next: '请换一张证件再试，或拨打12348咨询。' },
      invalid_birth_date: { what: '证件上的出生日期没有识别出来。', next: '请换一张证件再试，或拨打12348咨询。' },
      unknown_card_type: {
        what: '本机不认识这种证件。',
        next: '请使用居民身份证、港澳台居民居住证或外国人永久居留身份证。',
      },
      malformed: { what: '证件信息没有读完整。', next: '请把身份证平放在感应区，不要移动，再试一次。' },
    },
    reader: {
      read_failed: { what: '身份证没有读取成功。', next: '请把身份证平放在感应区，不要移动，再试一次。' },
      timeout: { what: '读取用的时间太长，没有成功。', next: '请把身份证平放在感应区，不要移动，再试一次。' },
      checksum: { what: '读取时受到了干扰。', next: '请把身份证平放在感应区，不要移动，再试一次。' },
      malformed_frame: { what: '读取时受到了干扰。', next: '请把身份证平放在感应区，不要移动，再试一次。' },
      unknown_card: { what: '这张卡不是身份证，或者本机无法识别。', next: '请把居民身份证平放在感应区，再试一次。' },
      sam_fault: { what: '读卡器需要维护，暂时不能读取身份证。', next: '请拨打12348法律服务热线，或联系服务站工作人员。' },
      disconnected: { what: '读卡器暂时无法使用。', next: '正在自动重新连接，请稍等片刻再试；也可以拨打12348咨询。' },
    },
  },
  readerBanner: {
    title: '读卡器暂时无法使用',
    reconnecting: '正在自动重新连接…',
    hotline: '您也可以拨打12348法律服务热线咨询。',
  },
  welcome: {
    greeting: '{name}，您好',
    idLabel: '证件号码',
    photo: '您的证件照片',
    choose: '请点一下您要办理的事项',
  },
  session: {
    end: '结束并清除',
    wiped: '您的信息已清除',
    wipedHint: '下一位可以开始使用了。',
  },
  service: {
    notOpen: '这项服务在本终端暂时还没有开通。',
    instead: '您可以拨打12348法律服务热线咨询，或到服务站窗口办理。',
    back: '返回',
  },
  idle: {
    title: '还在吗？',
    body: '倒计时结束后，将结束本次服务并清除您的信息。',
    seconds: '秒',
    continue: '我还在',
  },
  connection: {
    lost: '系统正在恢复，请稍候',
    hint: '您不需要做任何操作，恢复后会自动继续。',
  },
  pin: {
    title: '维护人员登录',
    hint: '请输入维护密码',
    entered: '已输入 {count} 位',
    clear: '清除',
    ok: '确定',
    cancel: '取消',
    wrong: '密码不正确，请重新输入。',
    locked: '错误次数太多，请稍后再试。',
    failed: '暂时无法验证密码，请稍后再试。',
  },
  tech: {
    title: '维护模式',
    readerState: '读卡器状态',
    port: '端口',
    samId: 'SAM 编号',
    lastError: '最近错误',
    none: '无',
    photoDecoder: '照片解码',
    version: '软件版本',
    simulated: '模拟读卡器',
    loading: '正在读取状态…',
    unavailable: '暂时无法读取状态。',
    selfTest: '运行自检',
    selfTestRunning: '正在自检…',
    selfTestPassed: '自检通过',
    selfTestFailed: '自检未通过',
    stepOk: '通过',
    stepFailed: '未通过',
    refresh: '刷新状态',
    exit: '退出维护模式',
    states: {
      disconnected: '未连接',
      connecting: '正在连接',
      ready: '就绪',
      reading: '正在读卡',
      waiting_removal: '等待取走证件',
    },
    decoders: {
      vendor: '厂商解码程序',
      simulator: '模拟解码',
      none: '未安装',
    },
    steps: {
      port_open: '打开端口',
      sam_status: 'SAM 状态',
      sam_id: 'SAM 编号',
      find_card: '寻卡',
      photo_decoder: '照片解码',
    },
  },
  dev: {
    title: '开发者工具（模拟器）',
    show: '展开',
    hide: '收起',
    cards: '放入演示证件',
    remove: '移走证件',
    unplug: '拔出读卡器',
    plug: '接回读卡器',
    fault: '模拟故障',
    faults: {
      none: '无故障',
      garbage: '乱码数据',
      checksum: '校验错误',
      slow: '响应缓慢',
      read_failed: '读卡失败',
    },
  },
};

export default zhCN;
export type MessageSchema = typeof zhCN;
