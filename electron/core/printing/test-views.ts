import type { FormView, ReceiptView } from './views.ts';

/** Realistic views for tests and the benchmark (invented people, no real data). */
export const sampleReceiptView = (overrides: Partial<ReceiptView> = {}): ReceiptView => ({
  title: '法律援助申请回执',
  stationName: '城关街道公共法律服务工作站',
  localNumber: 'LA-20261123-0007',
  shortCode: 'K7Q2-M9',
  statusUrl: 'https://legalaid.example.cn/s/K7Q2M9',
  submittedAt: '2026年11月23日 10:15',
  matterLabel: '追索劳动报酬',
  applicantLabel: '张**',
  nextSteps: ['法律援助中心审查您的申请', '中心在期限内作出是否给予法律援助的决定，并电话通知您'],
  decisionDueBy: '2026年11月30日前',
  urgent: null,
  missingMaterials: ['劳动合同或工资条', '欠薪证明（如有）'],
  centre: { name: '城关区法律援助中心', phone: '0931-12348', address: '城关区民主西路1号' },
  footer: ['请妥善保管本回执', '咨询电话 12348'],
  ...overrides,
});

export const sampleFormView = (overrides: Partial<FormView> = {}): FormView => ({
  title: '法律援助申请表',
  subtitle: '申请编号 LA-20261123-0007',
  sections: [
    {
      title: '申请人基本信息',
      rows: [
        { label: '姓名', value: '张三' },
        { label: '性别', value: '男' },
        { label: '住址', value: '甘肃省兰州市城关区某某路 12 号' },
        { label: '联系电话', value: '139****0000' },
      ],
    },
    {
      title: '申请事项',
      rows: [
        { label: '事项', value: '追索劳动报酬' },
        { label: '案情简述', value: '在某建筑工地务工八个月，工程结束后包工头拖欠工资三万元至今未付。' },
      ],
    },
  ],
  signature: { imagePngBase64: null, signerLabel: '申请人（签名）', dateText: '2026年11月23日' },
  paragraphs: ['本人承诺以上所填内容真实、准确，如有虚假，愿承担相应法律责任。'],
  footer: ['本表由公共法律服务自助终端生成'],
  ...overrides,
});
