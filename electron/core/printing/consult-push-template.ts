import { h, type VNode } from 'vue';
import { lines, renderDocument } from './html-document.ts';

/** What a lawyer pushed to the kiosk's A4 printer during a video consultation (never the citizen's ID number). */
export interface ConsultPushView {
  /** e.g. '律师为您列出的清单' */
  kindLabel: string;
  title: string;
  /** Station and time lines, display text. */
  meta: string[];
  /** The lawyer's plain text, one entry per paragraph (blank lines split it). */
  paragraphs: string[];
  checklistHeading: string | null;
  /** Checklist items, printed with a box to tick. */
  items: string[];
  footer: string[];
}

const PUSH_CSS = `
@page { size: A4 portrait; }
body.push { font-size: 14pt; line-height: 1.6; }
.push .kind { font-size: 11pt; color: #333; text-align: center; }
.push h1 { font-size: 20pt; font-weight: 700; text-align: center; margin-top: 1mm; }
.push .meta { margin-top: 3mm; font-size: 11pt; text-align: center; }
.push .body { margin-top: 6mm; }
.push .body p { margin-top: 3mm; white-space: pre-wrap; }
.push h2 { font-size: 13pt; font-weight: 700; margin-top: 6mm; }
.push ul.checklist { list-style: none; margin-top: 2mm; }
.push ul.checklist li { display: flex; gap: 4mm; align-items: flex-start; margin-top: 3mm; break-inside: avoid; }
.push .box { flex: none; width: 6mm; height: 6mm; margin-top: 1.5mm; border: 0.5mm solid #000; }
.push .footer { margin-top: 10mm; font-size: 10pt; color: #333; }
`;

/** The A4 page of a lawyer's push: a checklist with boxes to tick, a document, a summary or a referral slip. */
export const renderConsultPushHtml = (view: ConsultPushView): Promise<string> =>
  renderDocument({
    title: view.title,
    css: PUSH_CSS,
    bodyClass: 'push',
    body: () => {
      const nodes: VNode[] = [h('p', { class: 'kind' }, view.kindLabel), h('h1', view.title), h('div', { class: 'meta' }, lines(view.meta, 'meta-line'))];
      if (view.paragraphs.length > 0) nodes.push(h('div', { class: 'body' }, lines(view.paragraphs, 'paragraph')));
      if (view.items.length > 0) {
        if (view.checklistHeading !== null) nodes.push(h('h2', view.checklistHeading));
        nodes.push(h('ul', { class: 'checklist' }, view.items.map((item) => h('li', [h('span', { class: 'box', 'aria-hidden': 'true' }), h('span', item)]))));
      }
      nodes.push(h('div', { class: 'footer' }, lines(view.footer, 'footer-line')));
      return nodes;
    },
  });
