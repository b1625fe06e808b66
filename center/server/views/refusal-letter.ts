/**
 * 不予法律援助决定书: the written refusal with reasons the law requires (法律援助法 第四十三条), and the
 * applicant's right to object to the justice bureau, decided within 5 days (第四十九条). A4, printed
 * from the console. The reasons are the staff member's free text: escaped like every other value.
 */
import { h } from 'vue';
import { chineseDate, fill, renderPage, type RenderedPage } from './html-page.ts';
import { viewText as t } from './texts-zh-CN.ts';

const LETTER_CSS = `
@page { size: A4 portrait; margin: 25mm 22mm; }
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 14pt; line-height: 1.8; color: #000; background: #fff; }
main { max-width: 170mm; margin: 0 auto; padding: 10mm 0; }
h1 { font-size: 20pt; text-align: center; letter-spacing: 0.2em; margin: 0 0 4mm; }
.number { text-align: right; margin: 0 0 6mm; font-size: 12pt; }
p { margin: 0 0 3mm; overflow-wrap: anywhere; }
.body, .objection { text-indent: 2em; }
.reasons { margin: 0 0 3mm 2em; white-space: pre-wrap; }
.sign { margin-top: 14mm; text-align: right; }
@media print { main { padding: 0; } }
`;

export interface RefusalLetterView {
  readonly acceptanceNumber: string;
  readonly applicantName: string;
  /** The matter in statute words, from the rule pack. */
  readonly matterLabel: string;
  /** China date the application was received. */
  readonly receivedOn: string;
  readonly reasons: string;
  readonly centreName: string;
  /** China date of the decision. */
  readonly decidedOn: string;
}

export const renderRefusalLetter = (view: RefusalLetterView): Promise<RenderedPage> =>
  renderPage({
    title: t('letter.title'),
    css: LETTER_CSS,
    bodyClass: 'letter',
    viewport: false,
    body: () => [
      h('main', [
        h('h1', t('letter.title')),
        h('p', { class: 'number' }, fill(t('letter.number'), { number: view.acceptanceNumber })),
        h('p', { class: 'applicant' }, fill(t('letter.applicant'), { name: view.applicantName })),
        h('p', { class: 'body' }, fill(t('letter.body'), { receivedOn: chineseDate(view.receivedOn), matter: view.matterLabel })),
        h('p', { class: 'body' }, t('letter.reasons')),
        h('p', { class: 'reasons' }, view.reasons),
        h('p', { class: 'objection' }, t('letter.objection')),
        h('div', { class: 'sign' }, [
          h('p', fill(t('letter.signature'), { centre: view.centreName })),
          h('p', fill(t('letter.date'), { date: chineseDate(view.decidedOn) })),
        ]),
      ]),
    ],
  });
