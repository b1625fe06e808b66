/**
 * The kiosk core and the centre together: the technician enrols the kiosk with a one-time code,
 * a citizen's application is submitted at the kiosk, and the outbox worker brings it to the centre
 * exactly once (application and attachments, hashes verified by the centre). A restarted core
 * resumes as an enrolled kiosk.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { countRows, createEnrolmentCode, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

describe.each(centreDatabases())('on %s', (database) => {
  let centre: TestCentre;
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-upload-'));

  beforeAll(async () => {
    centre = await startTestCentre({ database });
  });
  afterAll(async () => {
    await centre?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const until = async (check: () => boolean | Promise<boolean>, ms = 20_000) => {
    const began = Date.now();
    while (Date.now() - began < ms) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not reached in time');
  };

  const submitOne = async (core: KioskCoreHandle) => {
    await core.call('sim.removeCard', {});
    await until(async () => (await core.call('device.status', {})).reader.state === 'ready');
    await core.call('sim.placeCard', { cardId: 'resident-young-man' });
    await until(async () => (await core.call('session.get', {})).session !== null);
    const page = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(200_000)]).toString('base64');
    await core.call('application.putAttachment', { kind: 'material', materialId: 'labour_evidence', mime: 'image/jpeg', base64: page });
    await core.call('application.putAttachment', {
      kind: 'signature',
      materialId: null,
      mime: 'image/png',
      base64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...randomBytes(500)]).toString('base64'),
    });
    const submitted = await core.call('application.submit', { answers: wageClaim({ placeCentreCode: null, materials: [] }) });
    await core.call('session.end', { reason: 'user' });
    return submitted;
  };

  const outbox = async (core: KioskCoreHandle) => {
    const { token } = await core.call('technician.unlock', { pin: '2468' });
    const printing = await core.call('technician.printing', { token });
    await core.call('technician.lock', { token });
    return printing.outbox;
  };

  it('enrols with a one-time code, then uploads each submitted application exactly once', async () => {
    let core = await startKioskCore({ KIOSK_DATA_DIR: dataDir, KIOSK_SIM_READ_DELAY_MS: '20' });
    try {
      // Before enrolment the application waits in the outbox.
      await submitOne(core);
      expect((await outbox(core)).pending).toBe(1);

      const code = await createEnrolmentCode(centre.baseUrl);
      const { token } = await core.call('technician.unlock', { pin: '2468' });
      const wrong = await core.request('/api/cmd/technician.enrol', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, centreUrl: centre.baseUrl, code: 'WRONGCODE1' }),
      });
      expect(wrong.status).toBe(400);
      expect((await core.call('technician.status', { token })).centre).toEqual({ url: null, kioskId: null });
      const enrolled = await core.call('technician.enrol', { token, centreUrl: centre.baseUrl, code });
      expect(enrolled.kioskId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await core.call('technician.status', { token })).centre).toEqual({ url: centre.baseUrl, kioskId: enrolled.kioskId });
      await core.call('technician.lock', { token });

      // The worker drains the outbox: the centre holds the application and both attachments.
      await until(async () => (await outbox(core)).pending === 0);
      expect(await countRows(centre, 'applications')).toBe(1);
      expect(await countRows(centre, 'attachments')).toBe(2);

      // The enrolled kiosk reports its health for the fleet page (no personal data in it).
      const health = async () => (await centre.db.selectFrom('kiosks').select('health').where('id', '=', enrolled.kioskId).executeTakeFirstOrThrow()).health;
      await until(async () => (await health()) !== null);
      const stored = (await health())!;
      const reported = JSON.parse(stored) as { reader: string; printers: { receipt: string }; outbox: { pending: number }; version: string };
      expect(reported).toMatchObject({ reader: expect.any(String), printers: { receipt: 'ready' }, version: expect.any(String) });
      expect(stored).not.toContain('陈子演');

      // A restarted kiosk is still enrolled: the next application goes up by itself.
      await core.stop();
      core = await startKioskCore({ KIOSK_DATA_DIR: dataDir, KIOSK_SIM_READ_DELAY_MS: '20' });
      await submitOne(core);
      await until(async () => (await outbox(core)).pending === 0);
      expect(await countRows(centre, 'applications')).toBe(2);
      expect(await countRows(centre, 'attachments')).toBe(4);
      expect(core.logLines.join('\n')).not.toContain('陈子演');
    } finally {
      await core.stop();
    }
  }, 90_000);
});
