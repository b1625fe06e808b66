import { describe, expect, it } from 'vitest';
import type { Push } from '../../../../domain/consult/protocol.ts';
import { applyOutcome, applyOutcomeInOrder, checklistItems, matchPushIds, type SentPush } from './pushes.ts';

const push = (title: string, kind: Push['kind'] = 'checklist'): Push => ({ kind, title, body: '', items: kind === 'checklist' ? ['身份证'] : [] });
const sent = (...pushes: Push[]): SentPush[] => pushes.map((p, i) => ({ localId: i, push: p, pushId: null, outcome: null }));
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';
const C = '33333333-3333-4333-8333-333333333333';

describe('pushes and their printed outcome', () => {
  it('ties each sent push to the centre id of the same content, in order, even when one was sent twice', () => {
    const list = sent(push('材料清单'), push('材料清单'), push('咨询小结', 'summary'));
    matchPushIds(list, [
      { pushId: A, push: push('材料清单') },
      { pushId: C, push: push('咨询小结', 'summary') },
      { pushId: B, push: push('材料清单') },
    ]);
    expect(list.map((s) => s.pushId)).toEqual([A, B, C]);
    expect(applyOutcome(list, B, 'out_of_paper')).toBe(true);
    expect(list.map((s) => s.outcome)).toEqual([null, 'out_of_paper', null]);
  });

  it('says when an outcome names a push it does not know yet', () => {
    const list = sent(push('材料清单'));
    expect(applyOutcome(list, A, 'completed')).toBe(false);
    expect(list[0]!.outcome).toBeNull();
  });

  it('falls back to the oldest waiting push when the centre cannot be asked', () => {
    const list = sent(push('一'), push('二'));
    expect(applyOutcomeInOrder(list, A, 'completed')).toBe(true);
    expect(applyOutcomeInOrder(list, B, 'failed')).toBe(true);
    expect(applyOutcomeInOrder(list, C, 'failed')).toBe(false);
    expect(list.map((s) => [s.pushId, s.outcome])).toEqual([
      [A, 'completed'],
      [B, 'failed'],
    ]);
  });

  it('turns typed lines into at most 40 checklist items of at most 200 characters', () => {
    expect(checklistItems(' 身份证 \n\n劳动合同\r\n  ')).toEqual(['身份证', '劳动合同']);
    const many = Array.from({ length: 60 }, (_, i) => `第${i}项`).join('\n');
    expect(checklistItems(many)).toHaveLength(40);
    expect(checklistItems('长'.repeat(500))[0]).toHaveLength(200);
  });
});
