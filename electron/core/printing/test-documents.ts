import type { FormView, ReceiptView } from './views.ts';

/**
 * The technician's self-test pages: the real templates with made-up content (no person's data), so
 * a good test print proves fonts, the QR code, the page sizes and both queues.
 */
export const testReceiptView = (printedAt: string): ReceiptView => ({
  title: '打印机自检',
  stationName: '公共法律服务自助终端',
  localNumber: 'TEST-0000',
  shortCode: 'TEST',
  statusUrl: 'https://example.invalid/self-test',
  submittedAt: printedAt,
  matterLabel: '测试页（非申请）',
  applicantLabel: '—',
  nextSteps: ['确认文字清晰、二维码可扫描', '确认纸张宽度为 80 毫米'],
  decisionDueBy: '—',
  urgent: null,
  missingMaterials: [],
  centre: { name: '技术维护', phone: '—', address: '—' },
  footer: ['此页为打印机自检，不是申请回执'],
});

export const testFormView = (printedAt: string): FormView => ({
  title: 'A4 打印机自检',
  subtitle: printedAt,
  sections: [{ title: '检查项目', rows: [{ label: '中文字体', value: '法律援助 公共法律服务 汉字显示测试' }, { label: '纸张', value: 'A4 纵向，四边留白' }] }],
  signature: { imagePngBase64: null, signerLabel: '签名处', dateText: printedAt },
  paragraphs: ['此页为打印机自检，不是申请材料。'],
  footer: ['公共法律服务自助终端'],
});
