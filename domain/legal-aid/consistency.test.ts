import { describe, expect, it } from 'vitest';
import { checkAnswersAgainstPack } from './consistency.ts';
import { statementClaim, wageClaim } from './testing/answers.ts';
import { guangdongPack, nationalPack } from './testing/packs.ts';

const gd = guangdongPack();
const issues = (answers = wageClaim(), pack = gd) => {
  const r = checkAnswersAgainstPack(pack, answers);
  return r.ok ? [] : r.error.issues;
};

describe('checkAnswersAgainstPack', () => {
  it('accepts the example applications', () => {
    expect(issues()).toEqual([]);
    expect(issues(statementClaim())).toEqual([]);
  });

  it.each([
    ['a matter from another province', wageClaim({ matterId: 'family_dispute', branch: 'statement', statusId: null, household: { members: 1, monthlyIncome: 0, property: '' }, pledge: { accepted: true, readAloud: false } }), 'not in pack'],
    ['a waiver that does not reach the matter', wageClaim({ matterId: 'traffic_accident', aidForm: 'civil_litigation' }), 'expected "statement"'],
    ['a not-covered matter', wageClaim({ matterId: 'business_dispute', branch: 'statement', statusId: null, aidForm: 'civil_litigation' }), 'not covered'],
    ['an aid form the matter does not offer', wageClaim({ aidForm: 'notarisation' }), 'aidForm'],
    ['an unknown group', wageClaim({ groups: ['astronaut'] }), 'group "astronaut"'],
    ['a place that is not a centre', wageClaim({ placeCentreCode: '110101' }), 'placeCentreCode'],
    ['an unknown material', wageClaim({ materials: [{ materialId: 'selfie', pages: 1 }] }), 'material "selfie"'],
  ])('reports %s', (_name, answers, expected) => {
    const pack = expected === 'not in pack' ? nationalPack() : gd;
    expect(issues(answers, pack).join('\n')).toContain(expected);
  });
});
