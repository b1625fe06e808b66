/**
 * Turns a lawyer's push (domain/consult/protocol.ts PushSchema) into the A4 page the kiosk prints.
 * The lawyer's text is plain text: it goes into the page as text nodes (escaped by the template),
 * split into paragraphs at blank lines. Nothing about the citizen is printed.
 */
import type { Push } from '../../../domain/consult/protocol.ts';
import type { ConsultPushView } from '../printing/consult-push-template.ts';
import { localDateTime } from '../store/local-time.ts';
import { consultPrintTextsZhCN as T } from './print-texts.zh-CN.ts';

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
const pad = (n: number) => String(n).padStart(2, '0');

export const pushView = (
  push: Push,
  context: { stationName: string; lawyer: { displayName: string; organisation: string } | null; printedAtMs: number; timeZone: string },
): ConsultPushView => {
  const t = localDateTime(context.printedAtMs, context.timeZone);
  const date = fill(T.date, { y: String(t.year), m: String(t.month), d: String(t.day), hh: pad(t.hour), mm: pad(t.minute) });
  const meta = [fill(T.station, { station: context.stationName }), fill(T.printedAt, { date })];
  if (context.lawyer) {
    const { displayName, organisation } = context.lawyer;
    meta.unshift(organisation ? fill(T.lawyerWithOrganisation, { name: displayName, organisation }) : fill(T.lawyer, { name: displayName }));
  }
  const paragraphs = push.body
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return {
    kindLabel: T.kinds[push.kind],
    title: push.title,
    meta,
    paragraphs,
    checklistHeading: push.items.length > 0 ? T.checklistHeading : null,
    items: push.items,
    footer: [...T.footer],
  };
};
