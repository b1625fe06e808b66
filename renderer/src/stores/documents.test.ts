/**
 * The drafting store inside the real app (mock core): Back only moves, a skipped optional question
 * leaves no answer, editing from the preview comes straight back, the print outcome is kept, and a
 * new card or the end of the session forgets the draft.
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../../../domain/result';
import { DocumentTemplateSchema } from '../../../domain/documents/template';
import wages from '../../../resources/documents/civil-complaint-wages.json';
import { citizenSession, mountKiosk, settle } from '../testing/mount-kiosk';
import { useDocumentsStore } from './documents';

const template = DocumentTemplateSchema.parse(wages);

const start = async () => {
  const k = await mountKiosk();
  k.bridge.handle('documents.templates', () => ok({ templates: [template] }));
  k.bridge.handle('documents.preview', () => ok({ issues: [], document: null, text: '民事起诉状', feeClaimFen: 3_200_000, qrCodes: 1 }));
  k.bridge.handle('documents.print', () => ok({ results: [{ document: 'form' as const, outcome: 'completed' as const }] }));
  k.bridge.emit({ type: 'card.read', session: citizenSession() });
  await settle();
  const docs = k.app.runWithContext(() => useDocumentsStore());
  await docs.load();
  docs.choose('civil-complaint-wages');
  docs.start();
  return { k, docs };
};

/** Answers the current screen and goes on. */
const answerAndNext = async (docs: ReturnType<typeof useDocumentsStore>, key: string, value: string) => {
  expect(docs.step?.key).toBe(key);
  docs.answer(key, value);
  await docs.next();
};

describe('documents store', () => {
  it('walks the questions one at a time; Back moves without losing an answer; 下一步 waits for a valid answer', async () => {
    const { docs } = await start();
    expect(docs.phase).toBe('question');
    await answerAndNext(docs, 'court', '北京市朝阳区人民法院');
    await answerAndNext(docs, 'defendant.kind', 'person');
    // The party's screens follow its kind: a person has a sex, no credit code.
    expect(docs.steps.map((s) => s.key)).toContain('defendant.sex');
    expect(docs.steps.map((s) => s.key)).not.toContain('defendant.code');
    await answerAndNext(docs, 'defendant.name', '老板示例');
    docs.back();
    docs.back();
    expect(docs.step?.key).toBe('defendant.kind');
    expect(docs.answers['defendant.name']).toBe('老板示例');
    await docs.next();
    await docs.next();
    expect(docs.step?.key).toBe('defendant.sex');
    // Nothing typed yet: 下一步 does nothing.
    await docs.next();
    expect(docs.step?.key).toBe('defendant.sex');
  });

  it('skips an optional question without an answer, previews, edits from the preview and comes straight back, prints', async () => {
    const { k, docs } = await start();
    const fill: Array<[string, string]> = [
      ['court', '北京市朝阳区人民法院'],
      ['defendant.kind', 'organisation'],
      ['defendant.name', '示例公司'],
    ];
    for (const [key, value] of fill) await answerAndNext(docs, key, value);
    expect(docs.step?.key).toBe('defendant.code');
    docs.answer('defendant.code', 'half typed');
    await docs.skip();
    expect(docs.answers['defendant.code']).toBeUndefined();
    await docs.skip();
    for (const [key, value] of [['defendant.address', '北京'], ['job', '木工'], ['startDate', '2025-03-01'], ['amount', '32000']] as const) await answerAndNext(docs, key, value);
    await docs.skip();
    await answerAndNext(docs, 'facts', '欠薪');
    await docs.skip();
    await settle();
    expect(docs.phase).toBe('preview');
    expect(docs.feePrefillFen).toBe(3_200_000);
    expect(k.bridge.callsOf('documents.preview').at(-1)).toMatchObject({ templateId: 'civil-complaint-wages', answers: { amount: '32000', facts: '欠薪' } });

    docs.edit('job');
    expect(docs.step?.key).toBe('job');
    await answerAndNext(docs, 'job', '瓦工');
    await settle();
    expect(docs.phase).toBe('preview');

    await docs.print();
    expect(docs.printResult).toBe('completed');
  });

  it('forgets the draft when the session ends or another card is read', async () => {
    const { k, docs } = await start();
    docs.answer('court', '北京市朝阳区人民法院');
    k.bridge.emit({ type: 'session.ended', reason: 'idle' });
    await settle();
    expect(docs.answers).toEqual({});
    expect(docs.templateId).toBeNull();
    expect(docs.feePrefillFen).toBeNull();

    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    docs.choose('civil-complaint-wages');
    docs.answer('court', 'x');
    k.bridge.emit({ type: 'card.read', session: { ...citizenSession(), id: 'another-session' } });
    await settle();
    expect(docs.answers).toEqual({});
  });
});
