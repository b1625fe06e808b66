import { h, type VNode } from 'vue';
import { lines, renderDocument } from './html-document.ts';
import { RECEIPT_WIDTH_MM } from './receipt-template.ts';
import type { StatusSlipView } from './views.ts';

// The receipt's paper and type sizes (receipt-template.ts): the slip is read by the same people.
const SLIP_CSS = `
@page { size: ${RECEIPT_WIDTH_MM}mm auto; margin: 0; }
body.slip { width: ${RECEIPT_WIDTH_MM}mm; padding: 4mm 5mm 6mm; font-size: 12pt; line-height: 1.45; }
.slip h1 { font-size: 16pt; font-weight: 700; text-align: center; margin-bottom: 1mm; }
.slip .station { text-align: center; }
.slip .rule { border-top: 0.4mm dashed #000; margin: 2.5mm 0; }
.slip .number-label { text-align: center; }
.slip .number { font-size: 15pt; font-weight: 700; text-align: center; }
.slip dl { margin: 0; display: grid; grid-template-columns: auto 1fr; column-gap: 2mm; row-gap: 1mm; }
.slip dt { font-weight: 700; white-space: nowrap; }
.slip dd { margin: 0; min-width: 0; }
.slip h2 { font-size: 13pt; font-weight: 700; margin-top: 2mm; }
.slip .what { font-size: 14pt; font-weight: 700; }
.slip ul { padding-left: 6mm; }
.slip .due { font-weight: 700; }
`;

/** The status slip a person takes home from the status look-up. */
export const renderStatusSlipHtml = (view: StatusSlipView): Promise<string> =>
  renderDocument({
    title: view.title,
    css: SLIP_CSS,
    bodyClass: 'slip',
    body: () => {
      const nodes: VNode[] = [
        h('h1', view.title),
        h('p', { class: 'station' }, view.stationName),
        h('div', { class: 'rule' }),
        h('p', { class: 'number-label' }, view.number.label),
        h('p', { class: 'number' }, view.number.value),
        h('div', { class: 'rule' }),
        h('dl', view.rows.flatMap((row) => [h('dt', row.label), h('dd', row.value)])),
        h('h2', view.status.label),
        h('p', { class: 'what' }, view.status.what),
        h('h2', view.status.nextLabel),
        h('p', view.status.next),
      ];
      if (view.decisionDue) nodes.push(h('h2', view.decisionDue.label), h('p', { class: 'due' }, view.decisionDue.value));
      if (view.materials) {
        nodes.push(h('h2', view.materials.label), h('ul', view.materials.items.map((item) => h('li', item))));
        if (view.materials.due) nodes.push(h('p', { class: 'due' }, view.materials.due));
      }
      nodes.push(h('div', { class: 'rule' }), h('p', view.printedAt), ...lines(view.footer, 'footer'));
      return nodes;
    },
  });
