import { describe, expect, it } from 'vitest';
import { chinaDateOf, runningClock, supplementDaysSpent } from './case-clocks.ts';

const base = { decision_due_on: '2026-11-30', materials_due_on: '2026-12-08', assignment_due_on: '2026-11-26' };

describe('case clocks', () => {
  it('dates instants in China time, whatever the server zone', () => {
    expect(chinaDateOf('2026-11-23T15:59:59.999Z')).toBe('2026-11-23');
    expect(chinaDateOf('2026-11-23T16:00:00.000Z')).toBe('2026-11-24');
    expect(chinaDateOf(Date.parse('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(() => chinaDateOf('yesterday')).toThrow(RangeError);
  });

  it('runs the clock of the status: decision, materials, assignment, then none', () => {
    const today = '2026-11-23';
    expect(runningClock({ ...base, status: 'received' }, today)).toEqual({ kind: 'decision', dueOn: '2026-11-30', daysLeft: 7 });
    expect(runningClock({ ...base, status: 'materials_requested' }, today)).toEqual({ kind: 'materials', dueOn: '2026-12-08', daysLeft: 15 });
    expect(runningClock({ ...base, status: 'granted' }, '2026-11-27')).toEqual({ kind: 'assignment', dueOn: '2026-11-26', daysLeft: -1 });
    for (const status of ['assigned', 'refused', 'withdrawn'] as const) expect(runningClock({ ...base, status }, today)).toBeNull();
  });

  it('counts supplement days between China dates, never negative', () => {
    expect(supplementDaysSpent('2026-11-20T02:00:00.000Z', Date.parse('2026-11-23T02:00:00Z'))).toBe(3);
    // Asked at 23:00 China time, received the next morning: one day.
    expect(supplementDaysSpent('2026-11-20T15:00:00.000Z', Date.parse('2026-11-21T01:00:00Z'))).toBe(1);
    expect(supplementDaysSpent('2026-11-20T02:00:00.000Z', Date.parse('2026-11-20T09:00:00Z'))).toBe(0);
    expect(supplementDaysSpent('2026-11-21T02:00:00.000Z', Date.parse('2026-11-20T02:00:00Z'))).toBe(0);
  });
});
