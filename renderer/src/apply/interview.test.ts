/**
 * The interview's path and answers as pure logic: which screens a branch asks, where an honest
 * outcome stops it, and that a finished draft becomes answers the core's own check accepts.
 */
import { describe, expect, it } from 'vitest';
import { ApplicationAnswersSchema } from '../../../domain/legal-aid/application';
import { checkAnswersAgainstPack } from '../../../domain/legal-aid/consistency';
import { guangdongPack } from '../../../domain/legal-aid/testing/packs';
import { emptyDraft, toAnswers, type Draft } from './draft';
import { editStepFor, reviewSections } from './review';
import { isAnswered, pathFor, type PathContext } from './steps';
import { withinHardshipStandard } from './hardship';

const pack = guangdongPack();
const ctx = (over: Partial<PathContext> = {}): PathContext => ({ pack, applicantCardRead: false, withinHardshipStandard: null, ...over });

const common: Partial<Draft> = {
  forWhom: 'self',
  phone: '13800138000',
  occupation: '务工',
  education: 'primary',
  health: 'healthy',
  role: 'claimant',
  stage: 'not_started',
  opposingKind: 'organisation',
  opposingName: '某公司',
  facts: '欠薪',
  place: '440106',
  urgent: false,
  prior: false,
  materialsDone: true,
  signature: 'paper',
};
const draft = (over: Partial<Draft>): Draft => ({ ...emptyDraft(), ...common, ...over });

describe('the interview path', () => {
  it('asks nothing about household or income on the 第四十二条 branch', () => {
    const path = pathFor(draft({ matterId: 'labour_pay', circumstanceId: 'none', statusId: 'migrant_worker' }), ctx());
    expect(path).toContain('status');
    expect(path).not.toContain('members');
    expect(path).not.toContain('pledge');
    expect(path.at(-1)).toBe('review');
  });

  it('asks household, income, property and the pledge on the 第四十一条 statement branch', () => {
    const path = pathFor(draft({ matterId: 'maintenance', circumstanceId: 'none', statusId: 'none' }), ctx());
    expect(path).toEqual(expect.arrayContaining(['members', 'income', 'property', 'pledge']));
    expect(path).not.toContain('hardship');
    // Above the standard: an honest screen, never a silent refusal.
    expect(pathFor(draft({ matterId: 'maintenance', circumstanceId: 'none', statusId: 'none' }), ctx({ withinHardshipStandard: false }))).toContain('hardship');
  });

  it('skips the status question when a 第三十二条 circumstance applies', () => {
    const path = pathFor(draft({ matterId: 'maintenance', circumstanceId: 'abuse_victim' }), ctx());
    expect(path).not.toContain('status');
    expect(path).not.toContain('members');
  });

  it('stops at the outcome for a matter legal aid does not cover; an unclear one may go on', () => {
    expect(pathFor(draft({ matterId: 'business_dispute' }), ctx()).at(-1)).toBe('outcome');
    expect(pathFor(draft({ matterId: 'other' }), ctx()).at(-1)).toBe('outcome');
    expect(pathFor(draft({ matterId: 'other', applyAnyway: true, circumstanceId: 'none', statusId: 'none' }), ctx()).at(-1)).toBe('review');
  });

  it('on behalf, waits for the applicant card before the matter', () => {
    const waiting = pathFor(draft({ forWhom: 'other', relationship: 'close_relative' }), ctx());
    expect(waiting.at(-1)).toBe('applicantCard');
    expect(isAnswered('applicantCard', emptyDraft(), ctx())).toBe(false);
    expect(pathFor(draft({ forWhom: 'other', relationship: 'close_relative' }), ctx({ applicantCardRead: true }))).toContain('matter');
  });

  it('a touch signature counts only once it was captured', () => {
    expect(isAnswered('signature', draft({ signature: 'touch', signatureCaptured: false }), ctx())).toBe(false);
    expect(isAnswered('signature', draft({ signature: 'touch', signatureCaptured: true }), ctx())).toBe(true);
  });
});

describe('answers', () => {
  it('a finished wage claim becomes answers the core accepts, with the groups the card tells', () => {
    const answers = toAnswers(draft({ matterId: 'labour_pay', circumstanceId: 'none', statusId: 'migrant_worker' }), {
      pack,
      applicant: { age: 64, sex: 'female' },
      pages: { labour_evidence: 2 },
    });
    expect(ApplicationAnswersSchema.safeParse(answers).success).toBe(true);
    expect(checkAnswersAgainstPack(pack, answers).ok).toBe(true);
    expect(answers).toMatchObject({ branch: 'waived', statusId: 'migrant_worker', legalStatus: 'applicant', materials: [{ materialId: 'labour_evidence', pages: 2 }] });
    expect(answers.groups).toEqual(expect.arrayContaining(['elderly', 'woman', 'migrant_worker']));
  });

  it('a statement-branch draft carries the household and the accepted pledge', () => {
    const answers = toAnswers(
      draft({ matterId: 'maintenance', circumstanceId: 'none', statusId: 'none', members: 2, monthlyIncome: 1800, property: '', pledgeAccepted: true }),
      { pack, applicant: { age: 78, sex: 'female' }, pages: {} },
    );
    expect(checkAnswersAgainstPack(pack, answers).ok).toBe(true);
    expect(answers.household).toEqual({ members: 2, monthlyIncome: 1800, property: '' });
    expect(answers.pledge).toEqual({ accepted: true, readAloud: false });
  });

  it('refuses to build answers from an unfinished draft', () => {
    expect(() => toAnswers(emptyDraft(), { pack, applicant: { age: 30, sex: 'male' }, pages: {} })).toThrow(/incomplete/);
  });

  it('compares household income with the kiosk region’s standard (Guangzhou)', () => {
    expect(withinHardshipStandard(pack, '440106', draft({ members: 2, monthlyIncome: 1800 }))).toBe(true);
    expect(withinHardshipStandard(pack, '440106', draft({ members: 1, monthlyIncome: 9000 }))).toBe(false);
    expect(withinHardshipStandard(pack, '440106', draft({ members: null, monthlyIncome: 9000 }))).toBeNull();
  });
});

describe('review', () => {
  it('shows every answer in words with the screen that edits it, and never the full ID number or address', () => {
    const answers = toAnswers(draft({ matterId: 'labour_pay', circumstanceId: 'none', statusId: 'migrant_worker' }), {
      pack,
      applicant: { age: 25, sex: 'male' },
      pages: {},
    });
    const citizen = {
      name: '陈子演',
      maskedIdNumber: '110105********9997',
      sex: 'male' as const,
      birthDate: '2001-03-15',
      age: 25,
      cardType: 'resident' as const,
      nation: '汉族',
      validTo: '2031-05-10',
      photoStatus: 'ok' as const,
    };
    const sections = reviewSections(answers, pack, { citizen, applicant: null });
    const rows = sections.flatMap((s) => s.rows);
    expect(rows.find((r) => r.key === 'facts')).toMatchObject({ value: '欠薪', edit: 'facts' });
    expect(rows.find((r) => r.key === 'applicant.idNumber')?.value).toBe('110105********9997');
    expect(rows.some((r) => r.key === 'applicant.address')).toBe(false);
    expect(editStepFor('household.perMember')).toBe('income');
    expect(editStepFor('applicant.name')).toBeNull();
  });
});
