// The kiosk's outbox worker against the real centre server (center/server, buildCentre): enrolment,
// signed tus uploads through a byte-counting proxy, the idempotent commit, and a SIGKILL of the
// uploading process mid-transfer followed by a restart that resumes without sending a byte twice.
import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../domain/legal-aid/application.ts';
import { sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import { createEnrolmentCode, fakeJpeg, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';
import { silentLogger } from '../../electron/core/services/logger.ts';
import { openKioskStore, type KioskStore } from '../../electron/core/store/index.ts';
import { makeStoreDir } from '../../electron/core/store/testing.ts';
import { createCentreClient, enrol } from '../../electron/core/upload/centre-client.ts';
import { loadDeviceIdentity, type DeviceIdentity } from '../../electron/core/upload/device-identity.ts';
import { createOutboxWorker } from '../../electron/core/upload/outbox-worker.ts';
import { createTusUploader } from '../../electron/core/upload/tus-uploader.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

describe.each(centreDatabases())('on %s', (database) => {
  const CHILD = resolve('electron/core/upload/upload-test-child.ts');

  /** A PNG signature's first bytes, then filler: the centre checks the magic, not the image. */
  const fakePng = (size: number): Buffer => {
    const bytes = randomBytes(size);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
    return bytes;
  };

  interface CountingProxy {
    baseUrl: string;
    patchBytes: number;
    creations: number;
    close(): Promise<void>;
  }

  /** Forwards everything to the centre (Host kept, so tus Locations point back here) and counts PATCH bytes. */
  const startProxy = async (target: string): Promise<CountingProxy> => {
    const to = new URL(target);
    const state = { patchBytes: 0, creations: 0 };
    const server: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (req.method === 'PATCH') state.patchBytes += body.length;
        if (req.method === 'POST' && req.url?.startsWith('/api/kiosk/uploads')) state.creations += 1;
        const out = httpRequest({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        out.on('error', () => {
          res.writeHead(502);
          res.end();
        });
        out.end(body);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      get patchBytes() {
        return state.patchBytes;
      },
      get creations() {
        return state.creations;
      },
      close: () =>
        new Promise((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    };
  };

  let centre: TestCentre;
  let proxy: CountingProxy;
  let identityDir: string;
  let identity: DeviceIdentity;

  beforeAll(async () => {
    centre = await startTestCentre({ database });
    proxy = await startProxy(centre.baseUrl);
    identityDir = mkdtempSync(join(tmpdir(), 'kiosk-identity-'));
    const code = await createEnrolmentCode(centre.baseUrl);
    const enrolled = await enrol(proxy.baseUrl, { code, stationName: '天河区法援工作站', regionCode: '440106' }, { identityDir });
    if (!enrolled.ok) throw new Error(`enrol: ${enrolled.error.code}`);
    const loaded = loadDeviceIdentity(identityDir, Date.now);
    if (!loaded.ok) throw new Error(loaded.error.code);
    identity = loaded.value;
  });
  afterAll(async () => {
    await proxy?.close();
    await centre?.close();
  });

  const openStore = (dir = makeStoreDir('upload-it-'), key = randomBytes(32)) => {
    const opened = openKioskStore({ ...dir, key, now: Date.now });
    if (!opened.ok) throw new Error(opened.error.code);
    return { store: opened.value, dir, key };
  };

  /** Submits an application whose payload is a record the centre accepts. */
  const submit = (store: KioskStore, photos: Buffer[], signature: Buffer) => {
    const applicationId = randomUUID();
    const result = store.submitApplication({
      applicationId,
      buildPayload: (issued): ApplicationRecord => sampleRecord({ ...issued, missingMaterialIds: [] }),
      summary: { matterId: 'wage_arrears', centreCode: '440106', configVersion: 'test-1', decisionDueBy: '2026-11-30', urgentDeadline: null },
      attachments: [
        ...photos.map((bytes, i) => ({ kind: 'material' as const, materialId: 'id_card', page: i + 1, mime: 'image/jpeg' as const, bytes })),
        { kind: 'signature' as const, materialId: null, page: 1, mime: 'image/png' as const, bytes: signature },
      ],
    });
    if (!result.ok) throw new Error(result.error.code);
    return applicationId;
  };

  /** The centre's rows for an application (read straight from its database). */
  const centreApplications = (applicationId: string) =>
    centre.db.selectFrom('applications').select('acceptance_number').where('application_id', '=', applicationId).execute();
  const centreAttachments = (applicationId: string) => centre.db.selectFrom('attachments').select('sha256').where('application_id', '=', applicationId).execute();

  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  describe('kiosk outbox worker against the centre', () => {
    it('uploads, commits and stores the acceptance number; a second commit with other content makes no second application', async () => {
      const { store } = openStore();
      const photos = [fakeJpeg(700_000, 3), fakeJpeg(20_000, 4)];
      const signature = fakePng(5_000);
      const applicationId = submit(store, photos, signature);
      const before = proxy.patchBytes;
      const worker = createOutboxWorker({
        store,
        uploader: createTusUploader({ baseUrl: proxy.baseUrl, identity, urls: store }),
        centre: createCentreClient({ baseUrl: proxy.baseUrl, identity }),
        logger: silentLogger,
        now: Date.now,
        random: Math.random,
      });
      const outcome = await worker.runOnce();
      expect(outcome.kind).toBe('done');
      const stored = store.getApplication(applicationId);
      const rows = await centreApplications(applicationId);
      expect(rows).toHaveLength(1);
      expect(stored?.acceptanceNumber).toBe(rows[0]?.acceptance_number);
      expect(proxy.patchBytes - before).toBe(725_000);
      expect((await centreAttachments(applicationId)).map((a) => a.sha256).sort()).toEqual([...photos, signature].map(sha).sort());
      expect(store.outboxStats().pending).toBe(0);
      expect(store.getUploadUrl(stored!.attachments[0]!.id)).toBeNull();

      // The same commit again (a kiosk that lost the answer): the centre's stored result comes back.
      const client = createCentreClient({ baseUrl: proxy.baseUrl, identity });
      const again = await client.commit({
        applicationId,
        record: stored!.payload,
        attachments: [], // different content: a conflict, never a second application
      });
      expect(again).toMatchObject({ ok: false, error: { code: expect.stringMatching(/conflict|invalid_input/) } });
      expect(await centreApplications(applicationId)).toHaveLength(1);
      store.close();
    });

    it('SIGKILL mid-upload, restart: resumes without duplicate bytes and ends with one committed application', async () => {
      const { store, dir, key } = openStore();
      const photos = [fakeJpeg(3_000_000, 5)];
      const signature = fakePng(40_000);
      const total = 3_040_000;
      const applicationId = submit(store, photos, signature);
      store.close();
      const bytesBefore = proxy.patchBytes;
      const creationsBefore = proxy.creations;

      const run = (patchDelayMs: number) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', CHILD, dir.dbFile, dir.attachmentsDir, Buffer.from(key).toString('hex'), identityDir, proxy.baseUrl, String(64 * 1024), String(patchDelayMs)],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
        return { child, exited, output: () => out };
      };

      // First run: killed once about a third of the photo has arrived.
      const first = run(25);
      const deadline = Date.now() + 30_000;
      while (proxy.patchBytes - bytesBefore < 1_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      first.child.kill('SIGKILL');
      await first.exited;
      const sentBeforeKill = proxy.patchBytes - bytesBefore;
      expect(sentBeforeKill).toBeGreaterThanOrEqual(1_000_000);
      expect(sentBeforeKill).toBeLessThan(total);
      expect(await centreApplications(applicationId)).toHaveLength(0);

      // Second run: resumes from the stored upload URL and commits.
      const second = run(0);
      expect(await second.exited).toBe(0);
      const outcomes = JSON.parse(second.output().trim().split('\n').pop()!) as { kind: string; acceptanceNumber?: string }[];
      expect(outcomes).toEqual([expect.objectContaining({ kind: 'done' })]);

      expect(proxy.patchBytes - bytesBefore).toBe(total);
      // One creation per attachment: the photo's upload was resumed, not created again.
      expect(proxy.creations - creationsBefore).toBe(2);
      const rows = await centreApplications(applicationId);
      expect(rows).toHaveLength(1);
      expect((await centreAttachments(applicationId)).map((a) => a.sha256).sort()).toEqual([...photos, signature].map(sha).sort());

      const reopened = openStore(dir, key).store;
      expect(reopened.getApplication(applicationId)?.acceptanceNumber).toBe(rows[0]?.acceptance_number);
      expect(reopened.outboxStats().pending).toBe(0);
      reopened.close();
    });
  });
});
