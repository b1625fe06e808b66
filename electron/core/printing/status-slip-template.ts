import { h, type VNode } from 'vue';
import { lines, renderDocument } from './html-document.ts';
import { RECEIPT_CSS, slipHeading } from './receipt-template.ts';
import type { StatusSlipView } from './views.ts';

// The receipt's paper, type sizes and classes (the slip is read by the same people), plus one line style.
const SLIP_CSS = `${RECEIPT_CSS}
.receipt .what { font-size: 14pt; font-weight: 700; }
`;

/** The status slip a person takes home from the status look-up. */
export const renderStatusSlipHtml = (view: StatusSlipView): Promise<string> =>
  renderDocument({
    title: view.title,
    css: SLIP_CSS,
    bodyClass: 'receipt',
    body: () => {
      const nodes: VNode[] = [
        ...slipHeading(view.title, view.stationName, view.number.label, view.number.value),
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
