/**
 * A filled template as a structured document: title, the parties' blocks, the numbered claims and
 * the other sections, 此致 and the addressee, the signature lines and the date. The screen shows
 * it, the printer lays it out, and `documentText` gives the same words as plain text (read aloud,
 * and carried by the QR codes), so all three always say the same thing.
 */
import { chineseDate, figuresDate } from './chinese-date.ts';
import { partyKind, type Answers } from './answers.ts';
import { parseYuan, yuanCapital, yuanFigures } from './money.ts';
import { conditionHolds } from './answers.ts';
import { placeholders, type DocumentTemplate, type Question, type TemplateLine } from './template.ts';

/** The citizen's own party block comes from the card read in the session (the core holds it). */
export interface CitizenParty {
  readonly name: string;
  readonly sex: 'male' | 'female';
  readonly nation: string | null;
  readonly birthDate: string;
  readonly address: string | null;
  /** The full number on paper; the masked one on screen and in the QR codes. */
  readonly idNumber: string;
}

export interface DocumentParty {
  readonly role: string;
  readonly text: string;
}

export interface DocumentSection {
  readonly heading: string;
  readonly style: 'numbered' | 'paragraphs';
  readonly items: string[];
}

export interface DraftedDocument {
  readonly templateId: string;
  readonly title: string;
  readonly subtitle: string | null;
  readonly parties: DocumentParty[];
  readonly sections: DocumentSection[];
  /** 此致 / <addressee>; null for documents without one. */
  readonly addressee: { readonly greeting: string; readonly to: string } | null;
  /** Labels of the signature lines (left blank for the hand signature). */
  readonly signatures: string[];
  /** 二〇二六年十一月二十三日 */
  readonly date: string;
  readonly appendix: string[];
}

const SEX = { male: '男', female: '女' } as const;

function citizenBlock(role: string, c: CitizenParty, suffix: string | null): string {
  const parts = [`${role}：${c.name}`, SEX[c.sex]];
  if (c.nation) parts.push(c.nation.endsWith('族') ? c.nation : `${c.nation}族`);
  parts.push(`${figuresDate(c.birthDate)}出生`);
  if (c.address) parts.push(`住${c.address}`);
  parts.push(`公民身份号码：${c.idNumber}`);
  if (suffix) parts.push(suffix);
  return `${parts.join('，')}。`;
}

function otherPartyBlock(q: Extract<Question, { kind: 'party' }>, answers: Answers): string {
  const get = (part: string) => answers[`${q.id}.${part}`] ?? '';
  if (partyKind(q, answers) === 'organisation') {
    const lines = [`${q.role}：${get('name')}，住所地：${get('address')}。`];
    if (get('code')) lines.push(`统一社会信用代码：${get('code')}。`);
    if (get('representative')) lines.push(`法定代表人（主要负责人）：${get('representative')}。`);
    return lines.join('');
  }
  const sex = get('sex') === 'male' || get('sex') === 'female' ? SEX[get('sex') as 'male' | 'female'] : '';
  const born = get('birthDate') ? `${figuresDate(get('birthDate'))}出生` : '';
  return `${[`${q.role}：${get('name')}`, sex, born, `住${get('address')}`].filter(Boolean).join('，')}。`;
}

/** The value a placeholder stands for, or null when its answer is missing (the line is then left out). */
function valueOf(ref: ReturnType<typeof placeholders>[number], template: DocumentTemplate, answers: Answers, citizen: CitizenParty): string | null {
  if (ref.question === 'citizen') return citizen.name;
  const total = template.totals.find((x) => x.id === ref.question);
  if (total) {
    const fen = totalFen(template, answers, total.id);
    return fen === null ? null : ref.format === 'capital' ? yuanCapital(fen) : yuanFigures(fen);
  }
  const q = template.questions.find((x) => x.id === ref.question);
  if (!q) return null;
  if (q.kind === 'party') {
    const value = answers[`${q.id}.${ref.part ?? 'name'}`];
    return value ? value : null;
  }
  const raw = answers[q.id];
  if (raw === undefined || raw === '') return null;
  switch (q.kind) {
    case 'money': {
      const fen = parseYuan(raw);
      if (fen === null) return null;
      return ref.format === 'capital' ? yuanCapital(fen) : yuanFigures(fen);
    }
    case 'date':
      return ref.format === 'date' || ref.format === 'plain' ? figuresDate(raw) : raw;
    case 'choice': {
      const choice = q.choices.find((c) => c.value === raw);
      return choice ? (choice.text ?? choice.label) : null;
    }
    default:
      return raw;
  }
}

/**
 * A money answer or a total of money answers, in fen; null when nothing is answered. The fee
 * calculator starts from this for a drafted complaint.
 */
export function totalFen(template: DocumentTemplate, answers: Answers, id: string): number | null {
  const total = template.totals.find((x) => x.id === id);
  const ids = total ? total.of : [id];
  const amounts = ids.map((x) => parseYuan(answers[x] ?? '')).filter((x): x is number => x !== null);
  return amounts.length === 0 ? null : amounts.reduce((a, b) => a + b, 0);
}

/** A line with its placeholders filled, or null when it does not apply to these answers. */
function fill(line: TemplateLine, template: DocumentTemplate, answers: Answers, citizen: CitizenParty): string | null {
  if (!conditionHolds(line.when, answers)) return null;
  let text = line.text;
  for (const ref of placeholders(line.text)) {
    const value = valueOf(ref, template, answers, citizen);
    if (value === null) return null;
    text = text.replace(`{${ref.raw}}`, value);
  }
  return text;
}

/**
 * The document for checked answers (answers.ts `checkAnswers`). `today` is YYYY-MM-DD: the date
 * under the signature, in Chinese numerals.
 */
export function renderTemplate(template: DocumentTemplate, answers: Answers, opts: { citizen: CitizenParty; today: string }): DraftedDocument {
  const { citizen } = opts;
  const filled = (lines: readonly TemplateLine[]) => lines.map((l) => fill(l, template, answers, citizen)).filter((x): x is string => x !== null);
  const parties: DocumentParty[] = [];
  for (const id of template.parties) {
    if (id === 'citizen') {
      const suffix = template.citizenSuffix === null ? null : fill({ text: template.citizenSuffix }, template, answers, citizen);
      parties.push({ role: template.citizenRole, text: citizenBlock(template.citizenRole, citizen, suffix) });
      continue;
    }
    const q = template.questions.find((x) => x.id === id);
    if (q?.kind === 'party' && conditionHolds(q.when, answers) && answers[`${id}.name`]) parties.push({ role: q.role, text: otherPartyBlock(q, answers) });
  }
  const addressee = template.addressee === null ? null : fill({ text: template.addressee }, template, answers, citizen);
  return {
    templateId: template.id,
    title: template.title,
    subtitle: template.subtitle,
    parties,
    sections: template.sections.map((s) => ({ heading: s.heading, style: s.style, items: filled(s.lines) })).filter((s) => s.items.length > 0),
    addressee: addressee === null ? null : { greeting: '此致', to: addressee },
    signatures: [...template.signatures],
    date: chineseDate(opts.today),
    appendix: filled(template.appendix),
  };
}

/** The numbered form of an item in a numbered section: 1. 2. 3. */
export const numbered = (items: readonly string[]): string[] => items.map((item, i) => `${i + 1}.${item}`);

/** The document as plain text, in print order (the same words as the paper). */
export function documentText(doc: DraftedDocument): string {
  const lines: string[] = [doc.title];
  if (doc.subtitle) lines.push(doc.subtitle);
  lines.push('', ...doc.parties.map((p) => p.text));
  for (const s of doc.sections) lines.push('', `${s.heading}：`, ...(s.style === 'numbered' ? numbered(s.items) : s.items));
  if (doc.addressee) lines.push('', doc.addressee.greeting, doc.addressee.to);
  lines.push('', ...doc.signatures.map((label) => `${label}（签名）：`), doc.date);
  if (doc.appendix.length > 0) lines.push('', ...doc.appendix);
  return lines.join('\n');
}
