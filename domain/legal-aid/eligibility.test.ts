import { describe, expect, it } from 'vitest';
import { applicableCircumstances, applicableStatuses, precheck, UNCLEAR_OTHER_MATTER, type PrecheckOutcome } from './eligibility.ts';
import { guangdongPack, nationalPack } from './testing/packs.ts';

const national = nationalPack();
const guangdong = guangdongPack();
const covered = (branch: string): PrecheckOutcome => ({ outcome: 'covered', branch } as PrecheckOutcome);

describe('precheck', () => {
  it.each<[string, string | null, string | null, string | null, PrecheckOutcome]>([
    ['wage claim, no status: statement', 'labour_pay', null, null, covered('statement')],
    ['wage claim by a migrant worker: waived (第四十二条第三项)', 'labour_pay', null, 'migrant_worker', covered('waived')],
    ['work injury by a migrant worker: waived', 'work_injury', null, 'migrant_worker', covered('waived')],
    ['traffic accident by a migrant worker: the waiver does not reach it', 'traffic_accident', null, 'migrant_worker', covered('statement')],
    ['maintenance by a 低保 recipient: waived (第四十二条第二项)', 'maintenance', null, 'assistance_recipient', covered('waived')],
    ['acquitted on retrial claiming compensation: no test (第三十二条第三项)', 'state_compensation', 'retrial_acquittal', null, covered('no_test')],
    ['retrial acquittal does not attach to a wage claim', 'labour_pay', 'retrial_acquittal', null, covered('statement')],
    ['domestic-violence victim, matter not listed: no test (第三十二条第四项)', null, 'abuse_victim', null, covered('no_test')],
    ['domestic-violence victim with the catch-all matter: no test', 'other', 'abuse_victim', null, covered('no_test')],
    ['circumstance wins over status', 'maintenance', 'abuse_victim', 'assistance_recipient', covered('no_test')],
    ['an unknown circumstance id is ignored', 'maintenance', 'ghost', null, covered('statement')],
    ['an unknown status id is ignored', 'maintenance', null, 'ghost', covered('statement')],
    ['other / 不知道: unclear', null, null, null, { outcome: 'unclear', reason: UNCLEAR_OTHER_MATTER }],
    ['the catch-all matter: unclear', 'other', null, 'assistance_recipient', { outcome: 'unclear', reason: UNCLEAR_OTHER_MATTER }],
    ['a matter id from another pack: unclear, never an error', 'moon_landing', null, null, { outcome: 'unclear', reason: UNCLEAR_OTHER_MATTER }],
  ])('%s', (_name, matterId, circumstanceId, statusId, expected) => {
    expect(precheck(national, { matterId, circumstanceId, statusId })).toEqual(expected);
  });

  it('a business dispute is not covered, with a kind reason that offers the alternatives', () => {
    const r = precheck(national, { matterId: 'business_dispute', circumstanceId: null, statusId: null });
    expect(r.outcome).toBe('not_covered');
    expect(r.outcome !== 'covered' && r.reason).toMatch(/视频律师/);
    expect(r.outcome !== 'covered' && r.reason).toMatch(/人民调解/);
  });

  it('a matter Guangdong adds is covered there and unclear under the national pack alone', () => {
    const input = { matterId: 'family_dispute', circumstanceId: null, statusId: null };
    expect(precheck(guangdong, input)).toEqual(covered('statement'));
    expect(precheck(national, input).outcome).toBe('unclear');
  });

  it('every catalogued covered matter reaches a branch', () => {
    for (const m of national.matters.filter((x) => x.notCoveredReason === null && !x.catchAll)) {
      expect(precheck(national, { matterId: m.id, circumstanceId: null, statusId: null }), m.id).toEqual(covered('statement'));
    }
  });
});

describe('applicable circumstances and statuses', () => {
  it('the migrant-worker waiver is offered only for wages and work injury', () => {
    const offeredFor = national.matters.filter((m) => applicableStatuses(national, m.id).some((s) => s.id === 'migrant_worker'));
    expect(offeredFor.map((m) => m.id)).toEqual(['labour_pay', 'work_injury']);
  });

  it('retrial acquittal is offered only with state compensation', () => {
    expect(applicableCircumstances(national, 'state_compensation').map((c) => c.id)).toContain('retrial_acquittal');
    expect(applicableCircumstances(national, 'maintenance').map((c) => c.id)).toEqual(['martyr_relative', 'good_samaritan', 'abuse_victim']);
  });

  it('with no matter chosen only the circumstances open to every matter are offered', () => {
    expect(applicableCircumstances(national, null).map((c) => c.id)).toEqual(['martyr_relative', 'good_samaritan', 'abuse_victim']);
    expect(applicableStatuses(national, null).map((s) => s.id)).toEqual(['no_fixed_income', 'assistance_recipient']);
  });
});
