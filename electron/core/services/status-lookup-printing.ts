/**
 * Maps one item of the status look-up to the printed status slip. Only numbers, dates, the matter
 * and the lawyer's name (a professional) are on it: no name or ID number of the person.
 */
import type { StatusItem } from '../api/contract.ts';
import type { StatusSlipView } from '../printing/views.ts';
import { localDateTime } from './application-printing.ts';
import { statusSlipTextsZhCN as T } from './status-lookup-texts.zh-CN.ts';

const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (w, k: string) => (k in vars ? String(vars[k]) : w));
const chineseDate = (iso: string) => fill(T.date, { y: iso.slice(0, 4), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) });

/** `printedAt` is a local ISO timestamp of the kiosk's zone (as the store writes them). */
export function statusSlipView(item: StatusItem, stationName: string, printedAt: string): StatusSlipView {
  const state = T.states[item.state];
  const rows = [
    ...(item.acceptanceNumber ? [{ label: T.localNumber, value: item.localNumber }] : []),
    { label: T.submittedOn, value: chineseDate(item.submittedOn) },
    { label: T.matter, value: item.matterLabel },
    ...(item.lawyerName ? [{ label: T.lawyer, value: item.lawyerName }] : []),
  ];
  const decisionPending = item.state === 'received' || item.state === 'materials_requested' || item.state === 'uploading' || item.state === 'sent';
  return {
    title: T.title,
    stationName,
    number: item.acceptanceNumber ? { label: T.acceptanceNumber, value: item.acceptanceNumber } : { label: T.localNumber, value: item.localNumber },
    rows,
    status: { label: T.status, what: state.what, nextLabel: T.next, next: state.next },
    decisionDue: decisionPending && item.decisionDueOn ? { label: T.decisionDue, value: `${chineseDate(item.decisionDueOn)}前` } : null,
    materials:
      item.requestedMaterials.length > 0
        ? { label: T.materials, items: item.requestedMaterials, due: item.materialsDueOn ? fill(T.materialsDue, { date: chineseDate(item.materialsDueOn) }) : null }
        : null,
    printedAt: fill(T.printedAt, { time: localDateTime(printedAt) }),
    footer: [...T.footer],
  };
}
