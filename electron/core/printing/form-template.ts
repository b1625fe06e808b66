import { h, type VNode } from 'vue';
import { lines, renderDocument } from './html-document.ts';
import type { FormSignature, FormView } from './views.ts';

// The renderer sets A4 with margins; the style sheet only lays out the content.
const FORM_CSS = `
@page { size: A4 portrait; }
body.form { font-size: 11pt; line-height: 1.55; }
.form h1 { font-size: 18pt; font-weight: 700; text-align: center; }
.form .subtitle { text-align: center; font-size: 11pt; margin-top: 1mm; }
.form section { margin-top: 5mm; break-inside: auto; }
.form h2 { font-size: 12.5pt; font-weight: 700; border-bottom: 0.3mm solid #000; padding-bottom: 1mm; margin-bottom: 1mm; break-after: avoid; }
.form table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.form th, .form td { border: 0.2mm solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
.form th { width: 32%; font-weight: 400; background: #eee; }
.form tr { break-inside: avoid; }
.form .paragraphs { margin-top: 5mm; }
.form .paragraphs p { text-indent: 2em; margin-top: 2mm; }
.form .signature { margin-top: 10mm; display: flex; justify-content: flex-end; gap: 8mm; align-items: flex-end; break-inside: avoid; }
.form .signature .who { min-width: 70mm; }
.form .signature img { display: block; height: 22mm; max-width: 70mm; object-fit: contain; }
.form .signature .line { display: block; height: 18mm; border-bottom: 0.3mm solid #000; }
.form .footer { margin-top: 8mm; font-size: 9pt; color: #333; }
`;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const signatureBlock = (signature: FormSignature): VNode => {
  const image = signature.imagePngBase64;
  return h('div', { class: 'signature' }, [
    h('div', { class: 'who' }, [
      h('p', signature.signerLabel),
      image === null ? h('span', { class: 'line', 'aria-label': '签名处' }) : h('img', { src: `data:image/png;base64,${image}`, alt: '签名' }),
    ]),
    h('p', { class: 'date' }, signature.dateText),
  ]);
};

/** An A4 portrait document: the application form (申请表) or the signed pledge (承诺书). */
export const renderFormHtml = async (view: FormView): Promise<string> => {
  const image = view.signature?.imagePngBase64 ?? null;
  // Attribute values are escaped by Vue anyway; the check stops a non-image from printing as a
  // broken picture on a document the applicant signs.
  if (image !== null && !BASE64.test(image)) throw new TypeError('signature image is not base64');
  return renderDocument({
    title: view.title,
    css: FORM_CSS,
    bodyClass: 'form',
    body: () => {
      const nodes: VNode[] = [h('h1', view.title)];
      if (view.subtitle !== null) nodes.push(h('p', { class: 'subtitle' }, view.subtitle));
      for (const section of view.sections) {
        nodes.push(
          h('section', [
            h('h2', section.title),
            h('table', [h('tbody', section.rows.map((row) => h('tr', [h('th', { scope: 'row' }, row.label), h('td', row.value)])))]),
          ]),
        );
      }
      if (view.paragraphs && view.paragraphs.length > 0) nodes.push(h('div', { class: 'paragraphs' }, lines(view.paragraphs, 'paragraph')));
      if (view.signature !== null) nodes.push(signatureBlock(view.signature));
      if (view.footer.length > 0) nodes.push(h('div', { class: 'footer' }, lines(view.footer, 'footer-line')));
      return nodes;
    },
  });
};
