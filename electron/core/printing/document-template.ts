import { h, type VNode } from 'vue';
import { numbered, type DraftedDocument } from '../../../domain/documents/render.ts';
import { renderDocument } from './html-document.ts';

/**
 * A drafted legal document (起诉状, 仲裁申请书, 授权委托书) on A4, laid out as courts expect it: the
 * title centred, the parties' blocks, each section with its heading, claims numbered, 此致 and the
 * addressee, signature lines left blank for the hand signature, the date in Chinese numerals.
 *
 * The QR codes that carry the document's text (domain/documents/qr-text.ts) go on a page of their
 * own after the document, so the pages handed to the court carry no codes.
 */
export interface DraftedDocumentView {
  readonly document: DraftedDocument;
  /** SVG documents made by the qrcode library (our own markup, inserted raw), in order. */
  readonly qrCodes: readonly string[];
  /** Heading and explanation of the QR page (fixed texts, no personal data). */
  readonly qrHeading: string;
  readonly qrNote: string;
}

const DOCUMENT_CSS = `
@page { size: A4 portrait; }
body.drafted { font-size: 14pt; line-height: 1.75; }
.drafted h1 { font-size: 22pt; font-weight: 700; text-align: center; letter-spacing: 0.3em; }
.drafted .subtitle { text-align: center; font-size: 14pt; }
.drafted .parties { margin-top: 6mm; }
.drafted .party { text-indent: 2em; }
.drafted section { margin-top: 4mm; }
.drafted h2 { font-size: 14pt; font-weight: 700; break-after: avoid; }
.drafted .paragraph { text-indent: 2em; }
.drafted ol { list-style: none; }
.drafted ol li { text-indent: 2em; }
.drafted .closing { margin-top: 6mm; break-inside: avoid; }
.drafted .closing .greeting { text-indent: 2em; }
.drafted .signatures { margin-top: 10mm; margin-left: 50%; break-inside: avoid; }
.drafted .signature { display: flex; align-items: flex-end; height: 14mm; }
.drafted .signature .blank { flex: 1; border-bottom: 0.3mm solid #000; margin-left: 2mm; }
.drafted .date { margin-top: 4mm; }
.drafted .appendix { margin-top: 8mm; font-size: 12pt; }
.drafted .qr-page { break-before: page; }
.drafted .qr-page h2 { text-align: center; }
.drafted .qr-note { font-size: 11pt; margin: 2mm 0 4mm; }
.drafted .qr-grid { display: flex; flex-wrap: wrap; gap: 8mm 10mm; }
.drafted .qr { width: 75mm; break-inside: avoid; text-align: center; font-size: 11pt; }
.drafted .qr svg { display: block; width: 75mm; height: 75mm; }
`;

const sectionNodes = (doc: DraftedDocument): VNode[] =>
  doc.sections.map((s) =>
    h('section', [
      h('h2', `${s.heading}：`),
      s.style === 'numbered' ? h('ol', numbered(s.items).map((item) => h('li', item))) : h('div', s.items.map((item) => h('p', { class: 'paragraph' }, item))),
    ]),
  );

const qrPage = (view: DraftedDocumentView): VNode[] =>
  view.qrCodes.length === 0
    ? []
    : [
        h('div', { class: 'qr-page' }, [
          h('h2', view.qrHeading),
          h('p', { class: 'qr-note' }, view.qrNote),
          h(
            'div',
            { class: 'qr-grid' },
            view.qrCodes.map((svg, i) => h('div', { class: 'qr' }, [h('div', { innerHTML: svg }), view.qrCodes.length > 1 ? h('p', `${i + 1} / ${view.qrCodes.length}`) : null])),
          ),
        ]),
      ];

export const renderDraftedDocumentHtml = (view: DraftedDocumentView): Promise<string> => {
  const doc = view.document;
  return renderDocument({
    // The PDF's title is the document kind, never a name.
    title: doc.title,
    css: DOCUMENT_CSS,
    bodyClass: 'drafted',
    body: () => [
      h('h1', doc.title),
      doc.subtitle ? h('p', { class: 'subtitle' }, doc.subtitle) : null,
      h('div', { class: 'parties' }, doc.parties.map((p) => h('p', { class: 'party' }, p.text))),
      ...sectionNodes(doc),
      doc.addressee ? h('div', { class: 'closing' }, [h('p', { class: 'greeting' }, doc.addressee.greeting), h('p', doc.addressee.to)]) : null,
      h('div', { class: 'signatures' }, [
        ...doc.signatures.map((label) => h('div', { class: 'signature' }, [h('span', `${label}（签名）：`), h('span', { class: 'blank', 'aria-label': '签名处' })])),
        h('p', { class: 'date' }, doc.date),
      ]),
      doc.appendix.length > 0 ? h('div', { class: 'appendix' }, doc.appendix.map((line) => h('p', line))) : null,
      ...qrPage(view),
    ].filter((node): node is VNode => node !== null),
  });
};
