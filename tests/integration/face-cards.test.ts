/**
 * Test cards whose chip photo is a real face (for the face check): the core, started with a
 * directory of fixture photos, offers one card per photo and delivers that photo on a read.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

const fixtures = join(repoRoot, '..', 'shared', 'fixtures', 'faces');
let core: KioskCoreHandle | null = null;
afterAll(async () => {
  await core?.stop();
});

describe.skipIf(!existsSync(fixtures))('face fixture cards', () => {
  it('reads a card whose photo is the fixture face, byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'face-cards-'));
    copyFileSync(join(fixtures, 'person-b-1.jpg'), join(dir, 'person-b-1.jpg'));
    core = await startKioskCore({ KIOSK_SIM_FACE_CARDS_DIR: dir, KIOSK_SIM_READ_DELAY_MS: '0' });
    const { cards } = await core.call('sim.catalogue', {});
    expect(cards.map((c) => c.id)).toContain('person-b-1');
    await core.call('sim.placeCard', { cardId: 'person-b-1' });
    let session = null;
    for (let i = 0; i < 100 && !session; i++) {
      session = (await core.call('session.get', {})).session;
      if (!session) await new Promise((r) => setTimeout(r, 50));
    }
    expect(session?.citizen.photoStatus).toBe('ok');
    expect(session?.citizen.photo?.mime).toBe('image/jpeg');
    expect(Buffer.from(session!.citizen.photo!.base64, 'base64').equals(readFileSync(join(fixtures, 'person-b-1.jpg')))).toBe(true);
  });
});
