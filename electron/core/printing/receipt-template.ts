import { h, type VNode } from 'vue';
import { lines, renderDocument } from './html-document.ts';
import { qrSvg } from './qr.ts';
import type { ReceiptView } from './views.ts';

/** Paper width of the thermal roll; the renderer measures the height. */
export const RECEIPT_WIDTH_MM = 80;

// 80 mm paper with ~4 mm unprintable edges on common thermal heads. Type is at least 12 pt on
// paper: many applicants are elderly and the receipt is what they keep. Shared by the status slip.
export const RECEIPT_CSS = `
@page { size: ${RECEIPT_WIDTH_MM}mm auto; margin: 0; }
body.receipt { width: ${RECEIPT_WIDTH_MM}mm; padding: 4mm 5mm 6mm; font-size: 12pt; line-height: 1.45; }
.receipt h1 { font-size: 16pt; font-weight: 700; text-align: center; margin-bottom: 1mm; }
.receipt .station { text-align: center; font-size: 12pt; }
.receipt .rule { border-top: 0.4mm dashed #000; margin: 2.5mm 0; }
.receipt .number-label { text-align: center; }
.receipt .number { font-size: 15pt; font-weight: 700; text-align: center; }
.receipt .code { font-size: 22pt; font-weight: 700; letter-spacing: 1.5mm; text-align: center; }
.receipt .qr { width: 40mm; height: 40mm; margin: 2mm auto; }
.receipt .qr svg { width: 100%; height: 100%; display: block; }
.receipt .qr-hint { text-align: center; font-size: 12pt; }
.receipt dl { margin: 0; display: grid; grid-template-columns: auto 1fr; column-gap: 2mm; row-gap: 1mm; }
.receipt dt { font-weight: 700; white-space: nowrap; }
.receipt dd { margin: 0; min-width: 0; }
.receipt h2 { font-size: 13pt; font-weight: 700; margin-top: 2mm; }
.receipt ol, .receipt ul { padding-left: 6mm; }
.receipt .urgent { border: 0.5mm solid #000; padding: 1.5mm; margin-top: 2mm; font-weight: 700; }
.receipt .due { font-size: 14pt; font-weight: 700; }
.receipt .footer { font-size: 12pt; margin-top: 1mm; }
`;

const field = (label: string, value: string) => [h('dt', label), h('dd', value)];

/** The top of every 80 mm slip: title, station, a rule, and the number the person quotes. */
export const slipHeading = (title: string, stationName: string, numberLabel: string, number: string): VNode[] => [
  h('h1', title),
  h('p', { class: 'station' }, stationName),
  h('div', { class: 'rule' }),
  h('p', { class: 'number-label' }, numberLabel),
  h('p', { class: 'number' }, number),
];

/** The 80 mm receipt the applicant takes home: number, QR code, what happens next and by when. */
export const renderReceiptHtml = async (view: ReceiptView): Promise<string> => {
  const qr = await qrSvg(view.statusUrl);
  return renderDocument({
    title: view.title,
    css: RECEIPT_CSS,
    bodyClass: 'receipt',
    body: () => {
      const nodes: VNode[] = [
        ...slipHeading(view.title, view.stationName, '申请编号', view.localNumber),
        ...(view.acceptanceNumber ? [h('p', { class: 'number-label' }, '受理编号'), h('p', { class: 'number', 'data-field': 'acceptance-number' }, view.acceptanceNumber)] : []),
        h('p', { class: 'code', 'aria-label': '查询码' }, view.shortCode),
        h('div', { class: 'qr', innerHTML: qr }),
        h('p', { class: 'qr-hint' }, '扫码或凭查询码查看办理进度'),
        h('div', { class: 'rule' }),
        h('dl', [...field('提交时间', view.submittedAt), ...field('申请事项', view.matterLabel), ...field('申请人', view.applicantLabel)]),
      ];
      if (view.urgent !== null) nodes.push(h('p', { class: 'urgent' }, view.urgent));
      nodes.push(h('h2', '作出决定期限'), h('p', { class: 'due' }, view.decisionDueBy));
      if (view.nextSteps.length > 0) nodes.push(h('h2', '接下来'), h('ol', view.nextSteps.map((step) => h('li', step))));
      if (view.missingMaterials.length > 0) nodes.push(h('h2', '还需补交的材料'), h('ul', view.missingMaterials.map((item) => h('li', item))));
      nodes.push(
        h('div', { class: 'rule' }),
        h('dl', [...field('受理机构', view.centre.name), ...field('联系电话', view.centre.phone), ...field('地址', view.centre.address)]),
      );
      if (view.footer.length > 0) nodes.push(h('div', { class: 'rule' }), ...lines(view.footer, 'footer'));
      return nodes;
    },
  });
};
