import { h, type VNode } from 'vue';
import { lines, renderDocument } from './html-document.ts';
import { RECEIPT_CSS } from './receipt-template.ts';

/**
 * The 80 mm slip a person takes home when a video consultation did not happen (the recording was
 * declined, or no lawyer was free): what happened, when to come back, and the other ways. Nothing
 * about the person is on it.
 */
export interface ConsultTipView {
  title: string;
  stationName: string;
  what: string;
  /** The callback slot offered by the centre, in words, or null. */
  callback: { label: string; value: string } | null;
  waysLabel: string;
  ways: string[];
  printedAt: string;
  footer: string[];
}

const TIP_CSS = `${RECEIPT_CSS}
.receipt .what { font-size: 14pt; font-weight: 700; }
`;

export const renderConsultTipHtml = (view: ConsultTipView): Promise<string> =>
  renderDocument({
    title: view.title,
    css: TIP_CSS,
    bodyClass: 'receipt',
    body: () => {
      const nodes: VNode[] = [h('h1', view.title), h('p', { class: 'station' }, view.stationName), h('div', { class: 'rule' }), h('p', { class: 'what' }, view.what)];
      if (view.callback) nodes.push(h('h2', view.callback.label), h('p', { class: 'due' }, view.callback.value));
      nodes.push(h('h2', view.waysLabel), h('ul', view.ways.map((way) => h('li', way))));
      nodes.push(h('div', { class: 'rule' }), h('p', view.printedAt), ...lines(view.footer, 'footer'));
      return nodes;
    },
  });
