import { describe, expect, it } from 'vitest';
import { ApplicationAnswersSchema, ApplicationRecordSchema, isPhoneNumber, PartySchema, type ApplicationRecord } from './application.ts';
import { applicant, statementClaim, wageClaim } from './testing/answers.ts';

function problems(value: unknown): string[] {
  const r = ApplicationAnswersSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('ApplicationAnswersSchema', () => {
  it('accepts a complete waived wage claim and a statement claim', () => {
    expect(problems(wageClaim())).toEqual([]);
    expect(problems(statementClaim())).toEqual([]);
  });

  it('accepts a no-test application with its circumstance', () => {
    expect(problems(wageClaim({ branch: 'no_test', statusId: null, circumstanceId: 'abuse_victim' }))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['statement without household', { household: null }, 'household'],
    ['statement without pledge', { pledge: null }, 'pledge'],
    ['statement with a declined pledge', { pledge: { accepted: false, readAloud: true } }, 'pledge: the pledge must be accepted'],
  ])('statement branch: rejects %s', (_name, patch, expected) => {
    expect(problems({ ...statementClaim(), ...patch }).join('\n')).toContain(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['household outside the statement branch', { household: { members: 1, monthlyIncome: 0, property: '' } }, 'household'],
    ['pledge outside the statement branch', { pledge: { accepted: true, readAloud: false } }, 'pledge'],
    ['waived without a status', { statusId: null }, 'statusId'],
    ['a status on the no-test branch', { branch: 'no_test', circumstanceId: 'abuse_victim' }, 'statusId'],
    ['no_test without a circumstance', { branch: 'no_test', statusId: null }, 'circumstanceId'],
    ['a circumstance on the waived branch', { circumstanceId: 'abuse_victim' }, 'circumstanceId'],
    ['an unknown key (strict)', { nickname: '小李' }, 'nickname'],
    ['a 201-character opposing party', { opposingParty: { kind: 'person', name: '张'.repeat(201) } }, 'opposingParty.name'],
    ['empty facts', { facts: '' }, 'facts'],
    ['10,001 characters of facts', { facts: 'a'.repeat(10_001) }, 'facts'],
    ['a 2023-02-29 deadline', { urgent: { deadline: '2023-02-29', reason: 'limitation' } }, 'urgent.deadline'],
    ['an unknown urgent reason', { urgent: { deadline: '2026-03-01', reason: 'bored' } }, 'urgent.reason'],
    ['a stage that does not exist', { stage: 'third_instance' }, 'stage'],
    ['negative pages', { materials: [{ materialId: 'labour_evidence', pages: -1 }] }, 'materials.0.pages'],
    ['the same material twice', { materials: [{ materialId: 'labour_evidence', pages: 1 }, { materialId: 'labour_evidence', pages: 2 }] }, 'listed twice'],
    ['a 5-digit place code', { placeCentreCode: '44010' }, 'placeCentreCode'],
    ['an on-behalf note over 200 characters', { onBehalf: { relationship: 'close_relative', note: '字'.repeat(201) } }, 'onBehalf.note'],
    ['an unknown relationship', { onBehalf: { relationship: 'friend', note: '' } }, 'onBehalf.relationship'],
  ])('rejects %s', (_name, patch, expected) => {
    expect(problems({ ...wageClaim(), ...patch }).join('\n')).toContain(expected);
  });

  it.each([
    [0, false],
    [1, true],
    [30, true],
    [31, false],
    [2.5, false],
  ])('household of %d members valid: %s', (members, valid) => {
    expect(problems(statementClaim({ household: { members, monthlyIncome: 100, property: '' } })).length === 0).toBe(valid);
  });

  it.each([
    [0, true],
    [3354.21, true],
    [-1, false],
    [12.345, false],
  ])('monthly income %d valid: %s', (monthlyIncome, valid) => {
    expect(problems(statementClaim({ household: { members: 2, monthlyIncome, property: '' } })).length === 0).toBe(valid);
  });

  it('stores hostile facts unchanged: markup, SQL, emoji and 10,000 characters', () => {
    const hostile = `<script>alert(1)</script>'); DROP TABLE applications;-- 👷‍♂️💰`;
    const long = hostile + '欠'.repeat(10_000 - hostile.length);
    for (const facts of [hostile, long]) {
      const r = ApplicationAnswersSchema.safeParse(wageClaim({ facts }));
      expect(r.success && r.data.facts).toBe(facts);
    }
  });
});

describe('isPhoneNumber', () => {
  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['02012348000', true], // 020 + 8 digits
    ['07601234567', true],
    ['0755123456', true], // shape only: 0 followed by 9 to 11 digits; the area-code table is not checked
    ['87654321', true], // local 8 digits
    ['12345678901', false], // 12x is not a mobile prefix
    ['1380013800', false],
    ['138001380001', false],
    ['138-0013-8000', false],
    ['+8613800138000', false],
    ['', false],
  ])('%s: %s', (phone, valid) => expect(isPhoneNumber(phone)).toBe(valid));
});

describe('PartySchema and ApplicationRecordSchema', () => {
  const record = (overrides: Partial<ApplicationRecord> = {}): unknown => ({
    localNumber: 'K0001-20260105-0001',
    shortCode: 'Q7M3KX',
    submittedAt: '2026-01-05T09:30:00+08:00',
    configVersion: 'cn-national@2026.1+44@2026.1',
    centreCode: '440106',
    applicant,
    agent: null,
    verification: { method: 'face' },
    answers: wageClaim(),
    decisionDueBy: '2026-01-12',
    missingMaterialIds: [],
    ...overrides,
  });

  it('accepts a complete record', () => {
    expect(ApplicationRecordSchema.safeParse(record()).success).toBe(true);
  });

  it('rejects an ID number with a wrong check character', () => {
    expect(PartySchema.safeParse({ ...applicant, idNumber: '440524188001010015' }).success).toBe(false);
  });

  it('requires the agent exactly when applying on behalf (第四十条)', () => {
    const onBehalf = wageClaim({ onBehalf: { relationship: 'close_relative', note: '儿子' } });
    expect(ApplicationRecordSchema.safeParse(record({ answers: onBehalf })).success).toBe(false);
    expect(ApplicationRecordSchema.safeParse(record({ answers: onBehalf, agent: applicant })).success).toBe(true);
    expect(ApplicationRecordSchema.safeParse(record({ agent: applicant })).success).toBe(false);
  });

  it('rejects a submission time without an offset and an impossible due date', () => {
    expect(ApplicationRecordSchema.safeParse(record({ submittedAt: '2026-01-05 09:30' })).success).toBe(false);
    expect(ApplicationRecordSchema.safeParse(record({ decisionDueBy: '2026-13-01' })).success).toBe(false);
  });
});
