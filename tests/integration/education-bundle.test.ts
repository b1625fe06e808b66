/**
 * Legal-education bundles from the centre to the kiosk (issue 7), with real parts: a centre on
 * loopback (on SQLite and PostgreSQL for its own checks; the kiosk part on SQLite, since bundles
 * are files under the centre's data directory), a real kiosk core process enrolled with it, and a
 * child process killed mid-install.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_WIRE_MAX_BYTES, CONSOLE_EDUCATION_PATH, KIOSK_EDUCATION_PATH } from '../../domain/education/protocol.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, createEnrolmentCode, createTestAccount, enrolKiosk, loginAs, signedFetch, startTestCentre, type ConsoleClient, type TestCentre } from '../../center/server/testing/harness.ts';
import { derivedBundle, toWire } from '../../electron/core/education/testing.ts';
import { EducationLibrary } from '../../electron/core/education/library.ts';
import { STARTER_BUNDLE_DIR } from '../../electron/core/education/testing.ts';
import { silentLogger } from '../../electron/core/services/logger.ts';
import { repoRoot, startKioskCore } from '../support/kiosk-core.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

let centre: TestCentre;
let admin: ConsoleClient;
const svg = (body: string) => new Uint8Array(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${body}</svg>`));

beforeAll(async () => {
  centre = await startTestCentre();
  admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
});
afterAll(async () => {
  await centre?.close();
});

const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

describe.each(centreDatabases())('the centre keeps uploaded bundles (on %s)', (database) => {
  // Bundles are files, but accounts, sessions, kiosks and the audit trail are in the database.
  let centre: TestCentre;
  let admin: ConsoleClient;
  beforeAll(async () => {
    centre = await startTestCentre({ database });
    admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await centre?.close();
  });

  it('accepts a valid newer bundle from an administrator and lists it', async () => {
    const res = await admin.post(CONSOLE_EDUCATION_PATH, toWire(derivedBundle(2, (b) => (b.title = '普法学习（第二版）'))));
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ version: 2, title: '普法学习（第二版）', topics: 7 });
    const list = (await (await admin.get(CONSOLE_EDUCATION_PATH)).json()) as Array<{ version: number }>;
    expect(list.map((b) => b.version)).toEqual([2]);
  });

  it('refuses the same version again, a lawyer, a request without the CSRF header and a stranger', async () => {
    const again = await admin.post(CONSOLE_EDUCATION_PATH, toWire(derivedBundle(2)));
    expect(again.status).toBe(409);
    const lawyer = await createTestAccount(centre, { role: 'lawyer' });
    const asLawyer = await loginAs(centre.baseUrl, lawyer.username, lawyer.password);
    expect((await asLawyer.post(CONSOLE_EDUCATION_PATH, toWire(derivedBundle(9)))).status).toBe(403);
    const noCsrf = await fetch(new URL(CONSOLE_EDUCATION_PATH, centre.baseUrl), {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(toWire(derivedBundle(9))),
    });
    expect(noCsrf.status).toBe(403);
    const stranger = await fetch(new URL(CONSOLE_EDUCATION_PATH, centre.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(stranger.status).toBe(401);
  });

  it('refuses hostile bundles and names the problem', async () => {
    const traversal = toWire(derivedBundle(9));
    traversal.files.push({ name: '../../../etc/cron.d/x', base64: Buffer.from('x').toString('base64') });
    const t = await admin.post(CONSOLE_EDUCATION_PATH, traversal);
    expect(t.status).toBe(400);
    expect((await errorOf(t)).message).toContain('files.');

    const icon = derivedBundle(9, (b) => (b.topics[0]!.icon = '../labour.svg'));
    expect((await admin.post(CONSOLE_EDUCATION_PATH, toWire(icon))).status).toBe(400);

    const tampered = toWire(derivedBundle(9));
    const svgFile = tampered.files.find((f) => f.name === 'fraud.svg')!;
    svgFile.base64 = Buffer.from(svg('<path d="M0 0h5"/>')).toString('base64');
    const h = await admin.post(CONSOLE_EDUCATION_PATH, tampered);
    expect(h.status).toBe(400);
    expect((await errorOf(h)).message).toContain('hash_mismatch: fraud.svg');

    const huge = derivedBundle(9, (b) => (b.topics[0]!.items[0]!.image = 'huge.svg'), [{ name: 'huge.svg', bytes: svg(`<!--${'x'.repeat(1100 * 1024)}-->`) }]);
    const o = await admin.post(CONSOLE_EDUCATION_PATH, toWire(huge));
    expect(o.status).toBe(400);
    expect((await errorOf(o)).message).toContain('too_large: huge.svg');

    const scripted = derivedBundle(9, (b) => (b.topics[0]!.items[0]!.image = 'evil.svg'), [{ name: 'evil.svg', bytes: svg('<script>fetch("http://x")</script>') }]);
    const s = await admin.post(CONSOLE_EDUCATION_PATH, toWire(scripted));
    expect((await errorOf(s)).message).toContain('wrong_type: evil.svg');

    const uncited = derivedBundle(9, (b) => (b.topics[1]!.items[0]!.citations = []));
    expect((await admin.post(CONSOLE_EDUCATION_PATH, toWire(uncited))).status).toBe(400);

    // Over the upload limit: refused before the body is read.
    const oversize = await fetch(new URL(CONSOLE_EDUCATION_PATH, centre.baseUrl), {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-centre-console': '1', 'content-type': 'application/json' },
      body: `{"files":[{"name":"bundle.json","base64":"${'A'.repeat(BUNDLE_WIRE_MAX_BYTES)}"}]}`,
    });
    expect(oversize.status).toBe(413);

    const notJson = await fetch(new URL(CONSOLE_EDUCATION_PATH, centre.baseUrl), {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-centre-console': '1', 'content-type': 'application/json' },
      body: '{"files": [',
    });
    expect(notJson.status).toBe(400);
    // Nothing refused was kept.
    const list = (await (await admin.get(CONSOLE_EDUCATION_PATH)).json()) as Array<{ version: number }>;
    expect(list.map((b) => b.version)).toEqual([2]);
  });

  it('answers a signed kiosk: 204 when it has the newest, the files otherwise; unsigned requests are refused', async () => {
    const kiosk = await enrolKiosk(centre.baseUrl);
    expect((await signedFetch(centre.baseUrl, kiosk, 'GET', `${KIOSK_EDUCATION_PATH}?after=2`)).status).toBe(204);
    const newer = await signedFetch(centre.baseUrl, kiosk, 'GET', `${KIOSK_EDUCATION_PATH}?after=1`);
    expect(newer.status).toBe(200);
    const body = (await newer.json()) as { files: Array<{ name: string }> };
    expect(body.files.map((f) => f.name)).toContain('bundle.json');
    expect((await fetch(new URL(`${KIOSK_EDUCATION_PATH}?after=1`, centre.baseUrl))).status).toBe(401);
    expect((await signedFetch(centre.baseUrl, kiosk, 'GET', `${KIOSK_EDUCATION_PATH}?after=abc`)).status).toBe(400);
  });
});

describe('the kiosk installs the centre\'s bundle', () => {
  it('fetches the newer bundle after enrolment, shows it with its version and keeps it after a restart; script in text stays text', async () => {
    const published = await admin.post(
      CONSOLE_EDUCATION_PATH,
      toWire(derivedBundle(3, (b) => (b.topics[0]!.items[0]!.title = '<script>x</script>签合同'))),
    );
    expect(published.status).toBe(201);
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-education-'));
    try {
      let core = await startKioskCore({ KIOSK_DATA_DIR: dataDir });
      try {
        expect((await core.call('education.catalogue', {})).bundle.version).toBe(1);
        const { token } = await core.call('technician.unlock', { pin: '2468' });
        expect((await core.call('technician.status', { token })).education).toMatchObject({ version: 1, source: 'built-in' });
        await core.call('technician.enrol', { token, centreUrl: centre.baseUrl, code: await createEnrolmentCode(centre.baseUrl) });
        // Enrolment starts a check at once: the newer bundle arrives without waiting for the hourly one.
        const began = Date.now();
        while ((await core.call('technician.status', { token })).education?.version !== 3 && Date.now() - began < 15_000) await new Promise((r) => setTimeout(r, 100));
        expect((await core.call('technician.status', { token })).education).toMatchObject({ version: 3, source: 'centre', lastCheck: { outcome: 'installed' } });
        expect((await core.call('technician.status', { token })).education).toMatchObject({ version: 3, published: '2026-11-20', source: 'centre' });
        const catalogue = await core.call('education.catalogue', {});
        expect(catalogue.bundle.topics[0]!.items[0]!.title).toBe('<script>x</script>签合同');
        expect((await core.call('technician.educationUpdate', { token })).education?.lastCheck?.outcome).toBe('up_to_date');
        // The log carries codes and versions, never the bundle's text.
        expect(core.logLines.join('\n')).not.toContain('<script>');
      } finally {
        await core.stop();
      }
      core = await startKioskCore({ KIOSK_DATA_DIR: dataDir });
      try {
        expect((await core.call('education.catalogue', {})).source).toBe('centre');
        expect((await core.call('education.catalogue', {})).bundle.version).toBe(3);
        const media = await core.call('education.media', { name: 'labour.svg' });
        expect(Buffer.from(media.base64, 'base64').toString('utf8')).toContain('<svg');
        // Only files the bundle names, by a plain file name: no path reaches the disk.
        for (const name of ['../../package.json', 'manifest.json', 'kiosk.db', 'unknown.svg']) {
          const res = await core.request('/api/cmd/education.media', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
          expect(res.status, name).toBe(400);
        }
      } finally {
        await core.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('a killed install', () => {
  it.each(['files_written', 'verified', 'renamed'])('killed after %s leaves the previous bundle usable', (step) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'education-kill-')), 'education');
    try {
      const first = new EducationLibrary({ builtInDir: STARTER_BUNDLE_DIR, dataDir: dir, logger: silentLogger, now: Date.now });
      first.load();
      expect(first.install(derivedBundle(2)).ok).toBe(true);
      const child = spawnSync(process.execPath, ['--import', 'tsx', 'electron/core/education/install-test-child.ts', dir, '3', step], { cwd: repoRoot, encoding: 'utf8' });
      expect(child.signal).toBe('SIGKILL');
      expect(child.stdout).not.toContain('installed');
      const after = new EducationLibrary({ builtInDir: STARTER_BUNDLE_DIR, dataDir: dir, logger: silentLogger, now: Date.now });
      expect(after.load()).toMatchObject({ source: 'centre', bundle: { version: 2 } });
      expect(after.media('traffic.svg').ok).toBe(true);
      // The leftovers are gone, and the next install works.
      expect(readdirSync(dir).sort()).toEqual(['bundles', 'current.json']);
      expect(after.install(derivedBundle(3)).ok).toBe(true);
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
