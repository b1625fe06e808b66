/**
 * The words of the slip a person can print when a video consultation did not happen
 * (printing/consult-tip-template.ts). Times are the kiosk's local time; nothing about the person.
 */
import type { ConsultTipView } from '../printing/consult-tip-template.ts';
import { localDateTime } from '../store/local-time.ts';
import { consultPrintTextsZhCN } from './print-texts.zh-CN.ts';

const T = consultPrintTextsZhCN.tip;
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
const pad = (n: number) => String(n).padStart(2, '0');

export type TipReason = { readonly reason: 'declined' } | { readonly reason: 'fallback'; readonly callbackSlot: { readonly startsAt: string; readonly endsAt: string } | null };

export const tipView = (tip: TipReason, context: { stationName: string; printedAtMs: number; timeZone: string }): ConsultTipView => {
  const at = (ms: number) => localDateTime(ms, context.timeZone);
  const now = at(context.printedAtMs);
  let callback: ConsultTipView['callback'] = null;
  if (tip.reason === 'fallback' && tip.callbackSlot) {
    const from = at(Date.parse(tip.callbackSlot.startsAt));
    const to = at(Date.parse(tip.callbackSlot.endsAt));
    callback = {
      label: T.callbackLabel,
      value: fill(T.callback, { m: String(from.month), d: String(from.day), from: `${pad(from.hour)}:${pad(from.minute)}`, to: `${pad(to.hour)}:${pad(to.minute)}` }),
    };
  }
  return {
    title: T.title,
    stationName: context.stationName,
    what: T.what[tip.reason],
    callback,
    waysLabel: T.waysLabel,
    ways: [...T.ways],
    printedAt: fill(T.printedAt, { date: fill(consultPrintTextsZhCN.date, { y: String(now.year), m: String(now.month), d: String(now.day), hh: pad(now.hour), mm: pad(now.minute) }) }),
    footer: [...T.footer],
  };
};
