/**
 * The answers to a template's questions: which screens a person sees (one question each, a party
 * over a few screens), and whether the answers may go into a document. The same rules run on the
 * screen (to enable 下一步) and in the core (which never trusts the screen).
 *
 * Answers are a flat record of strings: `amount` -> '32000', `startDate` -> '2025-03-01', a party's
 * parts as `opponent.kind`, `opponent.name` ... Money is yuan as the digit pad types it.
 */
import { z } from 'zod';
import { isRealDate } from '../time/iso-date.ts';
import { parseYuan } from './money.ts';
import type { Condition, DocumentTemplate, Question } from './template.ts';

/** At most this much text in one answer: the facts of a case, not a book. */
export const ANSWER_MAX_LENGTH = 3000;

export const AnswersSchema = z
  .record(z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}(\.(kind|name|sex|birthDate|code|representative|address))?$/), z.string().max(ANSWER_MAX_LENGTH))
  .refine((r) => Object.keys(r).length <= 120, 'too many answers');
export type Answers = Record<string, string>;

export type PartyPart = 'kind' | 'name' | 'sex' | 'birthDate' | 'code' | 'representative' | 'address';

export interface Step {
  /** The answer's key: the question id, or `<id>.<part>` for a party. */
  readonly key: string;
  readonly question: Question;
  readonly part: PartyPart | null;
  readonly optional: boolean;
}

export const conditionHolds = (c: Condition | undefined, answers: Answers): boolean => !c || c.equals.includes(answers[c.question] ?? '');

/** The parts asked for a party, by its kind (the kind is asked only when both are allowed). */
function partySteps(q: Extract<Question, { kind: 'party' }>, answers: Answers): Step[] {
  const step = (part: PartyPart, optional = false): Step => ({ key: `${q.id}.${part}`, question: q, part, optional });
  const steps: Step[] = [];
  if (q.kinds.length > 1) steps.push(step('kind'));
  const kind = partyKind(q, answers);
  if (kind === null) return steps;
  steps.push(step('name'));
  if (kind === 'person') steps.push(step('sex'), ...(q.birthDate ? [step('birthDate')] : []), step('address'));
  // 统一社会信用代码 is on the employer's licence; people often do not have it, so it may be left out.
  else steps.push(step('code', true), step('representative', true), step('address'));
  return steps;
}

export function partyKind(q: Extract<Question, { kind: 'party' }>, answers: Answers): 'person' | 'organisation' | null {
  if (q.kinds.length === 1) return q.kinds[0]!;
  const kind = answers[`${q.id}.kind`];
  return kind === 'person' || kind === 'organisation' ? kind : null;
}

/** The screens for these answers, in order: a question whose condition fails is skipped. */
export function stepsFor(template: DocumentTemplate, answers: Answers): Step[] {
  const steps: Step[] = [];
  for (const q of template.questions) {
    if (!conditionHolds(q.when, answers)) continue;
    if (q.kind === 'party') steps.push(...partySteps(q, answers));
    else steps.push({ key: q.id, question: q, part: null, optional: q.optional });
  }
  return steps;
}

export type AnswerProblem = 'required' | 'tooLong' | 'notMoney' | 'belowMin' | 'aboveMax' | 'notNumber' | 'notDate' | 'future' | 'notChoice';

const PART_MAX_LENGTH: Record<PartyPart, number> = { kind: 20, name: 100, sex: 10, birthDate: 10, code: 18, representative: 50, address: 200 };

function checkDate(text: string, today: string, notAfterToday: boolean): AnswerProblem | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) || Number(m[1]) < 1900) return 'notDate';
  return notAfterToday && text > today ? 'future' : null;
}

/** Why one answer cannot be used (null: it can). `today` is YYYY-MM-DD. */
export function checkAnswer(step: Step, value: string | undefined, today: string): AnswerProblem | null {
  const text = (value ?? '').trim();
  if (text === '') return step.optional ? null : 'required';
  const q = step.question;
  if (step.part !== null) {
    if (text.length > PART_MAX_LENGTH[step.part]) return 'tooLong';
    if (step.part === 'kind') return text === 'person' || text === 'organisation' ? null : 'notChoice';
    if (step.part === 'sex') return text === 'male' || text === 'female' ? null : 'notChoice';
    if (step.part === 'birthDate') return checkDate(text, today, true);
    // GB 32100: 18 characters of digits and capital letters (the screen's keyboard types them).
    if (step.part === 'code') return /^[0-9A-HJ-NP-RT-UW-Y]{18}$/.test(text) ? null : 'notChoice';
    return null;
  }
  switch (q.kind) {
    case 'text':
      return text.length > q.maxLength ? 'tooLong' : null;
    case 'number': {
      if (!/^\d{1,7}$/.test(text)) return 'notNumber';
      const n = Number(text);
      return n < q.min ? 'belowMin' : n > q.max ? 'aboveMax' : null;
    }
    case 'money': {
      const fen = parseYuan(text);
      if (fen === null) return 'notMoney';
      return fen < Math.round(q.min * 100) ? 'belowMin' : fen > Math.round(q.max * 100) ? 'aboveMax' : null;
    }
    case 'date':
      return checkDate(text, today, q.notAfterToday);
    case 'choice':
      return q.choices.some((c) => c.value === text) ? null : 'notChoice';
    case 'party':
      return null;
  }
}

export interface AnswerIssue {
  readonly key: string;
  readonly problem: AnswerProblem | 'unknown';
}

/**
 * The answers the document may use: trimmed, only those of screens on the path (an answer left
 * over from a branch the person turned away from is dropped, not printed), or every issue found.
 */
export function checkAnswers(template: DocumentTemplate, answers: Answers, today: string): { ok: true; answers: Answers } | { ok: false; issues: AnswerIssue[] } {
  const steps = stepsFor(template, answers);
  const issues: AnswerIssue[] = [];
  const known = new Set<string>();
  for (const q of template.questions) {
    if (q.kind === 'party') for (const part of Object.keys(PART_MAX_LENGTH)) known.add(`${q.id}.${part}`);
    else known.add(q.id);
  }
  for (const key of Object.keys(answers)) if (!known.has(key)) issues.push({ key, problem: 'unknown' });
  const clean: Answers = {};
  for (const step of steps) {
    const problem = checkAnswer(step, answers[step.key], today);
    if (problem) issues.push({ key: step.key, problem });
    const value = (answers[step.key] ?? '').trim();
    if (value !== '') clean[step.key] = value;
  }
  const shown = new Set(steps.map((s) => s.key));
  const oneOf = template.oneOf.filter((id) => shown.has(id));
  // A yes/no question counts only when answered yes (确认劳动关系: 不需要 is no claim).
  const claims = (id: string) => clean[id] !== undefined && clean[id] !== 'no';
  if (oneOf.length > 0 && !oneOf.some(claims)) issues.push({ key: oneOf[0]!, problem: 'required' });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, answers: clean };
}
