import { describe, expect, it } from 'vitest';
import type { CasesTable } from '../db/schema.ts';
import { applyDecision, type Decision } from './case-transitions.ts';

// 2026-11-23 10:00 in China (02:00 UTC).
const NOW = Date.parse('2026-11-23T02:00:00Z');
const ctx = { now: NOW, today: '2026-11-23', actorId: 'staff-1' };

const received = (changes: Partial<CasesTable> = {}): CasesTable => ({
  application_id: 'app-1',
  status: 'received',
  applicant_key: 'key',
  agent_key: null,
  received_on: '2026-11-20',
  received_at: '2026-11-20T02:00:00.000Z',
  urgent: 0,
  deadline: null,
  supplement_days: 0,
  decision_due_on: '2026-11-27',
  materials_requested_at: null,
  materials_due_on: null,
  requested_materials: null,
  materials_note: null,
  materials_received_at: null,
  decided_at: null,
  decided_by: null,
  refusal_reasons: null,
  assignment_due_on: null,
  lawyer_id: null,
  assigned_at: null,
  updated_at: '2026-11-20T02:00:00.000Z',
  version: 1,
  ...changes,
});

const apply = (c: CasesTable, d: Decision) => {
  const result = applyDecision(c, d, ctx);
  if (!result.ok) throw new Error(result.error);
  return result.value;
};
const refusal = (c: CasesTable, d: Decision) => {
  const result = applyDecision(c, d, ctx);
  if (result.ok) throw new Error('expected the decision to be refused');
  return result.error;
};

describe('applyDecision', () => {
  it('asks for all missing materials at once, with the due date counted from today', () => {
    const t = apply(received(), { kind: 'request_materials', materialIds: ['a', 'b', 'a'], note: '', dueInDays: 15 });
    expect(t.patch).toMatchObject({
      status: 'materials_requested',
      materials_due_on: '2026-12-08',
      requested_materials: '["a","b"]',
      materials_note: null,
      materials_requested_at: '2026-11-23T02:00:00.000Z',
    });
    expect(t.audits).toEqual([{ action: 'case.materials_requested', detail: { from: 'received', to: 'materials_requested', materialIds: ['a', 'b'], dueInDays: 15 } }]);
  });

  it('allows the request for materials only once (一次性告知)', () => {
    const asked = received({ materials_requested_at: '2026-11-21T02:00:00.000Z', supplement_days: 2 });
    expect(refusal(asked, { kind: 'request_materials', materialIds: ['a'], note: '', dueInDays: 15 })).toContain('already requested once');
  });

  it('restarts the decision clock when materials arrive, not counting the days spent supplementing', () => {
    const waiting = received({ status: 'materials_requested', materials_requested_at: '2026-11-20T16:30:00.000Z', materials_due_on: '2026-12-05' });
    // Asked at 16:30 UTC on the 20th = 00:30 on the 21st in China; received on the 23rd: 2 days.
    const t = apply(waiting, { kind: 'materials_received' });
    expect(t.patch).toMatchObject({ status: 'received', supplement_days: 2, decision_due_on: '2026-11-29' });
    expect(t.audits[0]?.detail).toEqual({ from: 'materials_requested', to: 'received', supplementDays: 2 });
    // Days already counted (supplement_days) add up with the new ones.
    expect(apply({ ...waiting, supplement_days: 3 }, { kind: 'materials_received' }).patch.decision_due_on).toBe('2026-12-02');
  });

  it('grants, starting the 3-day assignment clock; with a lawyer it assigns at once', () => {
    const t = apply(received(), { kind: 'grant', lawyerId: null });
    expect(t.patch).toMatchObject({ status: 'granted', assignment_due_on: '2026-11-26', decided_by: 'staff-1' });
    const withLawyer = apply(received(), { kind: 'grant', lawyerId: 'lawyer-1' });
    expect(withLawyer.patch).toMatchObject({ status: 'assigned', lawyer_id: 'lawyer-1', assigned_at: '2026-11-23T02:00:00.000Z' });
    expect(withLawyer.audits.map((a) => a.action)).toEqual(['case.granted', 'case.assigned']);
    expect(apply(received({ status: 'granted' }), { kind: 'assign', lawyerId: 'lawyer-2' }).patch).toMatchObject({ status: 'assigned', lawyer_id: 'lawyer-2' });
  });

  it('refuses with the reasons kept on the case but never in the audit detail', () => {
    const t = apply(received(), { kind: 'refuse', reasons: '收入超过标准' });
    expect(t.patch).toMatchObject({ status: 'refused', refusal_reasons: '收入超过标准' });
    expect(JSON.stringify(t.audits)).not.toContain('收入');
  });

  it('treats as withdrawn only after the materials due date', () => {
    const waiting = received({ status: 'materials_requested', materials_requested_at: '2026-11-01T02:00:00.000Z', materials_due_on: '2026-11-23' });
    expect(refusal(waiting, { kind: 'withdraw' })).toContain('until 2026-11-23');
    expect(apply({ ...waiting, materials_due_on: '2026-11-22' }, { kind: 'withdraw' }).patch.status).toBe('withdrawn');
  });

  it('refuses every transition the workflow does not have', () => {
    const settled = ['refused', 'withdrawn', 'assigned'] as const;
    const decisions: Decision[] = [
      { kind: 'request_materials', materialIds: ['a'], note: '', dueInDays: 15 },
      { kind: 'materials_received' },
      { kind: 'grant', lawyerId: null },
      { kind: 'assign', lawyerId: 'l' },
      { kind: 'refuse', reasons: '理由理由' },
      { kind: 'withdraw' },
    ];
    for (const status of settled) {
      for (const d of decisions) expect(refusal(received({ status }), d)).toContain(status);
    }
    expect(refusal(received(), { kind: 'assign', lawyerId: 'l' })).toContain('received');
    expect(refusal(received(), { kind: 'materials_received' })).toContain('received');
    expect(refusal(received({ status: 'granted' }), { kind: 'refuse', reasons: '理由理由' })).toContain('granted');
  });
});
