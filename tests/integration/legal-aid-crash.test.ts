/**
 * Killing the core while it stores an application (SIGKILL at a random moment after the submit
 * request left) leaves either the whole application or none, and the kiosk comes back cleanly on
 * the same data directory: no session, every stored application readable with all its pages.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ApplicationRecordSchema, type ApplicationAnswers } from '../../domain/legal-aid/application.ts';
import { wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { loadStoreKey, openKioskStore } from '../../electron/core/store/index.ts';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

const CYCLES = 8;
const PAGES = 3;
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A large JPEG-looking page: the start bytes are checked, the rest is noise. */
const page = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(300 * 1024)]).toString('base64');
const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(2000)]).toString('base64');
const answers: ApplicationAnswers = wageClaim({ signature: { method: 'touch' } });

const waitUntil = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 400; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not reached');
};

/** Opens the store the way the core does, after the core has gone. */
const storedApplications = () => {
  const key = loadStoreKey(join(dataDir, 'keys', 'store.key'));
  if (!key.ok) throw new Error(key.error.code);
  const opened = openKioskStore({ dbFile: join(dataDir, 'kiosk.db'), attachmentsDir: join(dataDir, 'attachments'), key: key.value, now: Date.now });
  if (!opened.ok) throw new Error(opened.error.code);
  const store = opened.value;
  try {
    return store.listRecent(1000).map(({ applicationId }) => {
      const stored = store.getApplication(applicationId)!;
      return {
        record: ApplicationRecordSchema.safeParse(stored.payload).success,
        pages: stored.attachments.filter((a) => a.kind === 'material').length,
        signatures: stored.attachments.filter((a) => a.kind === 'signature').length,
        readable: stored.attachments.every((a) => store.readAttachment(a.id).ok),
      };
    });
  } finally {
    store.close();
  }
};

it(`SIGKILL during submit, ${CYCLES} times: each application is whole or absent, and the kiosk restarts clean`, async () => {
  let before = 0;
  let stored = 0;
  for (let cycle = 0; cycle < CYCLES; cycle += 1) {
    const core: KioskCoreHandle = await startKioskCore({ KIOSK_DATA_DIR: dataDir, KIOSK_SIM_READ_DELAY_MS: '20', KIOSK_PRINTING: 'directory' });
    // The kiosk comes back with nobody's session.
    expect((await core.call('session.get', {})).session).toBeNull();
    await core.call('sim.placeCard', { cardId: 'resident-young-man' });
    await waitUntil(async () => (await core.call('session.get', {})).session !== null);
    for (let i = 0; i < PAGES; i += 1) {
      await core.call('application.putAttachment', { kind: 'material', materialId: 'labour_evidence', mime: 'image/jpeg', base64: page() });
    }
    await core.call('application.putAttachment', { kind: 'signature', materialId: null, mime: 'image/png', base64: signature });
    // Fire the submit and kill the process somewhere inside it (0-30 ms: encryption, fsync, commit).
    const submit = core.call('application.submit', { answers }).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 30)));
    core.process.kill('SIGKILL');
    const outcome = await submit;
    await core.stop();

    const apps = storedApplications();
    expect(apps.length === before || apps.length === before + 1, `cycle ${cycle}: ${before} -> ${apps.length}`).toBe(true);
    if (outcome === 'answered') expect(apps.length).toBe(before + 1);
    for (const app of apps) expect(app).toEqual({ record: true, pages: PAGES, signatures: 1, readable: true });
    stored += apps.length - before;
    before = apps.length;
  }
  console.log(`legal-aid crash test: ${CYCLES} kills during submit, ${stored} applications stored whole, ${CYCLES - stored} absent, none partial`);
}, 240_000);
