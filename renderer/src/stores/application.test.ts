/**
 * The application store inside the real app: Back only moves, a changed answer clears only what
 * depended on it, submit sends the answers the core expects, and the wipe forgets everything.
 */
import { describe, expect, it } from 'vitest';
import { ok } from '../../../domain/result';
import { guangdongPack } from '../../../domain/legal-aid/testing/packs';
import { citizenSession, mountKiosk, settle } from '../testing/mount-kiosk';
import { useApplicationStore } from './application';

const start = async () => {
  const k = await mountKiosk();
  k.bridge.handle('legalAid.rules', () => ok({ pack: guangdongPack(), kioskRegionCode: '440106', today: '2026-11-23' }));
  k.bridge.emit({ type: 'card.read', session: citizenSession() });
  await settle();
  const app = k.app.runWithContext(() => useApplicationStore());
  expect(await app.begin()).toBe(true);
  return { k, app };
};

describe('application store', () => {
  it('Back moves without losing answers; a tap on a choice moves on', async () => {
    const { app } = await start();
    app.next();
    app.answer('forWhom', 'self');
    app.next();
    expect(app.step).toBe('matter');
    expect(app.back()).toBe(true);
    expect(app.step).toBe('who');
    expect(app.draft.forWhom).toBe('self');
  });

  it('changing the matter clears the status chosen for the old one, nothing else', async () => {
    const { app } = await start();
    app.answer('forWhom', 'self');
    app.answer('matterId', 'labour_pay');
    app.answer('circumstanceId', 'none');
    app.answer('statusId', 'migrant_worker');
    app.answer('phone', '13800138000');
    app.answer('matterId', 'maintenance');
    expect(app.draft.statusId).toBeNull();
    expect(app.draft.circumstanceId).toBeNull();
    expect(app.draft.phone).toBe('13800138000');
    // The same answer again changes nothing.
    app.answer('circumstanceId', 'none');
    app.answer('circumstanceId', 'none');
    expect(app.draft.circumstanceId).toBe('none');
  });

  it('ending the session wipes the draft, the pages and the receipt', async () => {
    const { k, app } = await start();
    app.answer('forWhom', 'self');
    app.answer('facts', '老板欠我工资');
    k.bridge.handle('application.putAttachment', () => ok({ attachmentId: '00000000-0000-4000-8000-000000000001', page: 1 }));
    expect(await app.addPage('labour_evidence', new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(app.pagesByMaterial).toEqual({ labour_evidence: 1 });
    k.bridge.emit({ type: 'session.ended', reason: 'idle' });
    await settle();
    expect(app.draft.facts).toBeNull();
    expect(app.pages).toEqual([]);
    expect(app.pack).toBeNull();
  });
});
