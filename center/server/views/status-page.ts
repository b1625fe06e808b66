/**
 * The public status page behind the receipt's QR code: phone-sized, large text, the status in plain
 * words and what happens next. It carries no personal data (no name, ID number, phone or facts):
 * anyone holding the receipt can open it.
 */
import { h, type VNode } from 'vue';
import type { CitizenStatus } from '../../../domain/centre/console-api.ts';
import { citizenStatusWordsZhCN } from '../../../domain/centre/status-words.zh-CN.ts';
import { chineseDate, fill, renderPage, type RenderedPage } from './html-page.ts';
import { viewText as t } from './texts-zh-CN.ts';

const STATUS_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; font-size: 20px; }
body { margin: 0; font-family: 'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', sans-serif; font-size: 1rem; line-height: 1.6; color: #1a1a1a; background: #f6f4ef; }
main { max-width: 36rem; margin: 0 auto; padding: 1.25rem 1rem 2rem; }
h1 { font-size: 1.1rem; font-weight: 400; color: #444; margin: 0 0 0.5rem; }
.headline { font-size: 1.6rem; font-weight: 700; margin: 0 0 1rem; }
.card { background: #fff; border-radius: 0.75rem; padding: 1rem 1.1rem; margin: 0 0 1rem; }
.next { font-size: 1.2rem; margin: 0; }
dl { margin: 0; }
dt { font-size: 0.9rem; color: #555; margin-top: 0.5rem; }
dd { margin: 0; font-size: 1.1rem; overflow-wrap: anywhere; }
ul { margin: 0.5rem 0 0; padding-left: 1.3rem; }
li { margin: 0.25rem 0; font-size: 1.15rem; }
.help { font-size: 1rem; color: #333; }
`;

export interface StatusPageView {
  readonly status: CitizenStatus;
  /** Everyday words for the matter, from the rule pack. */
  readonly matterLabel: string;
  /** The requested materials by their names in the rule pack (only while materials are requested). */
  readonly materialLabels: readonly string[];
  /** The assignment clock while aid is granted and no lawyer is assigned yet. */
  readonly assignmentDueOn: string | null;
}

/** The status's own words, then what the page knows besides: dates, materials, the lawyer. */
const nextStep = (view: StatusPageView): VNode[] => {
  const s = view.status;
  const line = (text: string) => h('p', { class: 'next' }, text);
  const nodes = [line(citizenStatusWordsZhCN[s.status].next)];
  if (s.status === 'received' && s.decisionDueOn !== null) nodes.push(line(fill(t('status.due.decision'), { date: chineseDate(s.decisionDueOn) })));
  if (s.status === 'materials_requested') {
    if (s.materialsDueOn !== null) nodes.push(line(fill(t('status.due.materials'), { date: chineseDate(s.materialsDueOn) })));
    nodes.push(
      h('h2', { class: 'next' }, t('status.materials.list')),
      h(
        'ul',
        view.materialLabels.map((label) => h('li', label)),
      ),
    );
  }
  if (s.status === 'granted' && view.assignmentDueOn !== null) nodes.push(line(fill(t('status.due.assignment'), { date: chineseDate(view.assignmentDueOn) })));
  if (s.status === 'assigned' && s.lawyerName !== null) nodes.push(line(fill(t('status.lawyer'), { name: s.lawyerName })));
  return nodes;
};

/** The page frame both answers share: title, headline, cards, where to get help. */
const statusPage = (headline: string, cards: VNode[], help: string): Promise<RenderedPage> =>
  renderPage({
    title: t('status.title'),
    css: STATUS_CSS,
    bodyClass: 'status',
    viewport: true,
    body: () => [h('main', [h('h1', t('status.title')), h('p', { class: 'headline' }, headline), ...cards, h('p', { class: 'help' }, help)])],
  });

export const renderStatusPage = (view: StatusPageView): Promise<RenderedPage> =>
  statusPage(
    citizenStatusWordsZhCN[view.status.status].what,
    [
      h('section', { class: 'card' }, [h('h2', { class: 'next' }, t('status.nextStep')), ...nextStep(view)]),
      h('section', { class: 'card' }, [
        h('dl', [
          h('dt', t('status.acceptanceNumber')),
          h('dd', view.status.acceptanceNumber),
          h('dt', t('status.localNumber')),
          h('dd', view.status.localNumber),
          h('dt', t('status.matter')),
          h('dd', view.matterLabel),
          h('dt', t('status.receivedOn')),
          h('dd', chineseDate(view.status.receivedOn)),
        ]),
      ]),
    ],
    t('status.help'),
  );

export const renderStatusNotFoundPage = (): Promise<RenderedPage> =>
  statusPage(t('status.notFound.headline'), [h('section', { class: 'card' }, [h('p', { class: 'next' }, t('status.notFound.body'))])], t('status.notFound.help'));

/** Too many look-ups from one address: the same kind words, not a bare error. */
export const renderStatusBusyPage = (): Promise<RenderedPage> =>
  statusPage(t('status.busy.headline'), [h('section', { class: 'card' }, [h('p', { class: 'next' }, t('status.busy.body'))])], t('status.notFound.help'));
