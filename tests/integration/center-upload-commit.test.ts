// The centre server (issue 5): tus uploads bound to their kiosk and the idempotent commit.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRE_PATHS, CentreErrorSchema, CommitResponseSchema, MAX_ATTACHMENT_BYTES, type CommitAttachment } from '../../domain/centre/protocol.ts';
import { applicant, sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import {
  countRows,
  createUpload,
  enrolKiosk,
  fakeJpeg,
  patchUpload,
  sha256Hex,
  signedFetch,
  signedJson,
  startTestCentre,
  uploadBytes,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

describe.each(centreDatabases())('on %s', (database) => {
  let centre: TestCentre;
  let kiosk: TestKiosk;
  beforeAll(async () => {
    centre = await startTestCentre({ database });
    kiosk = await enrolKiosk(centre.baseUrl);
  });
  afterAll(async () => {
    await centre?.close();
  });

  const record = sampleRecord;

  const count = (table: 'kiosks' | 'applications' | 'attachments' | 'uploads') => countRows(centre, table);
  const errorCode = async (res: Response) => CentreErrorSchema.parse(await res.json()).error.code;

  /** Uploads `bytes` for a new attachment of `applicationId`; returns the commit's attachment entry. */
  const attach = async (applicationId: string, bytes: Buffer, who = kiosk): Promise<CommitAttachment> => {
    const attachmentId = randomUUID();
    const sha256 = sha256Hex(bytes);
    const uploadUrl = await uploadBytes(centre.baseUrl, who, bytes, { applicationId, attachmentId, sha256, filetype: 'image/jpeg' });
    return { attachmentId, kind: 'material', materialId: 'id_card', page: 1, mime: 'image/jpeg', sha256, size: bytes.length, uploadUrl };
  };

  const commit = (body: unknown, who = kiosk) => signedJson(centre.baseUrl, who, CENTRE_PATHS.commit, body);

  describe('upload and commit', () => {
    it('commits an application with attachments; a replay returns the same acceptance number', async () => {
      const applicationId = randomUUID();
      const attachments = [await attach(applicationId, fakeJpeg(300_000, 1)), await attach(applicationId, fakeJpeg(1000, 2))];
      const body = { applicationId, record: record(), attachments };
      const first = await commit(body);
      expect(first.status).toBe(201);
      const stored = CommitResponseSchema.parse(await first.json());
      expect(stored.replay).toBe(false);
      expect(stored.acceptanceNumber).toMatch(/^440106-\d{4}-\d{6}$/);

      const replay = await commit(body);
      expect(replay.status).toBe(200);
      const again = CommitResponseSchema.parse(await replay.json());
      expect(again).toEqual({ ...stored, replay: true });

      // Objects are content-addressed and byte-identical; tus staging is emptied after the commit.
      for (const a of attachments) {
        const object = join(centre.dataDir, 'objects', 'sha256', a.sha256.slice(0, 2), a.sha256);
        expect(sha256Hex(readFileSync(object))).toBe(a.sha256);
      }
      const rows = await centre.db.selectFrom('attachments').select(['sha256', 'size']).where('application_id', '=', applicationId).orderBy('size', 'desc').execute();
      expect(rows).toEqual(attachments.map((a) => ({ sha256: a.sha256, size: a.size })));
    });

    it('numbers applications in sequence', async () => {
      const a = CommitResponseSchema.parse(await (await commit({ applicationId: randomUUID(), record: record(), attachments: [] })).json());
      const b = CommitResponseSchema.parse(await (await commit({ applicationId: randomUUID(), record: record(), attachments: [] })).json());
      const seq = (n: string) => Number(n.split('-')[2]);
      expect(seq(b.acceptanceNumber)).toBe(seq(a.acceptanceNumber) + 1);
    });

    it('a resumed upload (two PATCHes after a HEAD) commits', async () => {
      const applicationId = randomUUID();
      const attachmentId = randomUUID();
      const bytes = fakeJpeg(50_000, 3);
      const created = await createUpload(centre.baseUrl, kiosk, bytes.length, { applicationId, attachmentId, sha256: sha256Hex(bytes), filetype: 'image/jpeg' });
      expect(created.status).toBe(201);
      const location = created.headers.get('location') ?? '';
      expect((await patchUpload(centre.baseUrl, kiosk, location, 0, bytes.subarray(0, 20_000))).status).toBe(204);
      const head = await signedFetch(centre.baseUrl, kiosk, 'HEAD', location, { headers: { 'tus-resumable': '1.0.0' } });
      expect(head.headers.get('upload-offset')).toBe('20000');
      expect((await patchUpload(centre.baseUrl, kiosk, location, 20_000, bytes.subarray(20_000))).status).toBe(204);
      const res = await commit({
        applicationId,
        record: record(),
        attachments: [{ attachmentId, kind: 'signature', materialId: null, page: 1, mime: 'image/jpeg', sha256: sha256Hex(bytes), size: bytes.length, uploadUrl: new URL(location, centre.baseUrl).toString() }],
      });
      expect(res.status).toBe(201);
    });

    it('refuses a hash mismatch and stores nothing', async () => {
      const applicationId = randomUUID();
      const good = await attach(applicationId, fakeJpeg(2000, 4));
      const before = await count('applications');
      const res = await commit({ applicationId, record: record(), attachments: [{ ...good, sha256: sha256Hex('something else') }] });
      expect(res.status).toBe(422);
      expect(await errorCode(res)).toBe('hash_mismatch');
      const wrongSize = await commit({ applicationId, record: record(), attachments: [{ ...good, size: good.size + 1 }] });
      expect(await errorCode(wrongSize)).toBe('hash_mismatch');
      expect(await count('applications')).toBe(before);
      // The upload is still there: the kiosk can commit correctly afterwards.
      expect((await commit({ applicationId, record: record(), attachments: [good] })).status).toBe(201);
    });

    it('refuses an incomplete, missing or foreign upload', async () => {
      const applicationId = randomUUID();
      const attachmentId = randomUUID();
      const bytes = fakeJpeg(10_000, 5);
      const created = await createUpload(centre.baseUrl, kiosk, bytes.length, { applicationId, attachmentId, sha256: sha256Hex(bytes), filetype: 'image/jpeg' });
      const location = new URL(created.headers.get('location') ?? '', centre.baseUrl).toString();
      await patchUpload(centre.baseUrl, kiosk, location, 0, bytes.subarray(0, 4000));
      const entry: CommitAttachment = { attachmentId, kind: 'material', materialId: 'id_card', page: 1, mime: 'image/jpeg', sha256: sha256Hex(bytes), size: bytes.length, uploadUrl: location };
      const before = await count('applications');
      const partial = await commit({ applicationId, record: record(), attachments: [entry] });
      expect(partial.status).toBe(409);
      expect(await errorCode(partial)).toBe('upload_incomplete');
      const missing = await commit({ applicationId, record: record(), attachments: [{ ...entry, uploadUrl: `${centre.baseUrl}${CENTRE_PATHS.uploads}/${'0'.repeat(32)}` }] });
      expect(await errorCode(missing)).toBe('upload_incomplete');
      // Another kiosk can neither see, continue nor commit this kiosk's upload.
      const other = await enrolKiosk(centre.baseUrl);
      expect((await signedFetch(centre.baseUrl, other, 'HEAD', location, { headers: { 'tus-resumable': '1.0.0' } })).status).toBe(404);
      expect((await patchUpload(centre.baseUrl, other, location, 4000, bytes.subarray(4000))).status).toBe(404);
      expect((await patchUpload(centre.baseUrl, kiosk, location, 4000, bytes.subarray(4000))).status).toBe(204);
      const foreign = await commit({ applicationId, record: record(), attachments: [entry] }, other);
      expect(await errorCode(foreign)).toBe('upload_incomplete');
      expect(await count('applications')).toBe(before);
    });

    it('is a conflict to reuse an applicationId with different content', async () => {
      const applicationId = randomUUID();
      const body = { applicationId, record: record(), attachments: [await attach(applicationId, fakeJpeg(1500, 6))] };
      expect((await commit(body)).status).toBe(201);
      const changed = await commit({ ...body, record: record({ localNumber: 'LA20261123-0008' }) });
      expect(changed.status).toBe(409);
      expect(await errorCode(changed)).toBe('conflict');
      // Same content with keys in another order is a replay, not a conflict.
      const reordered = await commit({ attachments: body.attachments, record: Object.fromEntries(Object.entries(body.record).reverse()), applicationId });
      expect(reordered.status).toBe(200);
      // Another kiosk reusing the id is a conflict too.
      const other = await enrolKiosk(centre.baseUrl);
      expect(await errorCode(await commit(body, other))).toBe('conflict');
    });
  });

  describe('hostile input', () => {
    it('refuses malformed commits with 4xx and stores nothing', async () => {
      const applicationId = randomUUID();
      const good = await attach(applicationId, fakeJpeg(1200, 7));
      const before = { applications: await count('applications'), attachments: await count('attachments') };
      const injection = "Robert'); DROP TABLE applications;--";
      const cases: unknown[] = [
        { applicationId: 'not-a-uuid', record: record(), attachments: [] },
        { applicationId, record: { ...record(), extra: 1 }, attachments: [] },
        { applicationId, record: record({ localNumber: 42 as unknown as string }), attachments: [] },
        { applicationId, record: record({ applicant: { ...applicant, idNumber: injection } }), attachments: [] },
        { applicationId, record: record(), attachments: [{ ...good, page: '1' }] },
        { applicationId, record: record(), attachments: [{ ...good, materialId: '../../etc/passwd' }] },
        { applicationId, record: record(), attachments: [{ ...good, uploadUrl: `${centre.baseUrl}${CENTRE_PATHS.uploads}/..%2F..%2Fcentre.sqlite` }] },
        { applicationId, record: record(), attachments: [{ ...good, mime: 'image/png' }] },
        { applicationId, record: record(), attachments: [good, good] },
        'just a string',
      ];
      for (const body of cases) {
        const res = await commit(body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const text = await res.text();
        expect(text).not.toContain('DROP');
        expect(text).not.toContain('passwd');
      }
      // A literal __proto__ key (JSON.parse keeps it as an own property; the strict schema refuses it).
      const proto = await signedFetch(centre.baseUrl, kiosk, 'POST', CENTRE_PATHS.commit, {
        headers: { 'content-type': 'application/json' },
        body: `{"applicationId":"${applicationId}","record":${JSON.stringify(record())},"attachments":[],"__proto__":{"admin":true}}`,
      });
      expect(proto.status).toBe(400);
      const huge = await commit({ applicationId, record: { ...record(), pad: 'x'.repeat(2 * 1024 * 1024) }, attachments: [] });
      expect(huge.status).toBe(413);
      expect(await count('applications')).toBe(before.applications);
      expect(await count('attachments')).toBe(before.attachments);
      // The path tricks reached no file: the SQLite database is still where it was.
      if (centre.dbFile) expect(existsSync(centre.dbFile)).toBe(true);
    });

    it('refuses tus creations with bad metadata, no length or too much length, and stores nothing', async () => {
      const uploadsBefore = await count('uploads');
      const filesBefore = readdirSync(join(centre.dataDir, 'uploads')).length;
      const ok = { applicationId: randomUUID(), attachmentId: randomUUID(), sha256: sha256Hex('x'), filetype: 'image/jpeg' };
      for (const metadata of [
        { ...ok, filename: '../../../etc/passwd' },
        { ...ok, attachmentId: '../../objects/x' },
        { ...ok, filetype: 'text/html' },
        { ...ok, sha256: "' OR 1=1 --" },
        { applicationId: ok.applicationId },
      ]) {
        const res = await createUpload(centre.baseUrl, kiosk, 100, metadata);
        expect(res.status).toBe(400);
      }
      expect((await createUpload(centre.baseUrl, kiosk, MAX_ATTACHMENT_BYTES + 1, ok)).status).toBe(413);
      const deferred = await signedFetch(centre.baseUrl, kiosk, 'POST', CENTRE_PATHS.uploads, { headers: { 'tus-resumable': '1.0.0', 'upload-defer-length': '1' } });
      expect(deferred.status).toBeGreaterThanOrEqual(400);
      expect(deferred.status).toBeLessThan(500);
      // Path tricks in the upload URL never reach the file system.
      const tricky = await signedFetch(centre.baseUrl, kiosk, 'HEAD', `${CENTRE_PATHS.uploads}/..%2F..%2Fcentre.sqlite`, { headers: { 'tus-resumable': '1.0.0' } });
      expect(tricky.status).toBe(404);
      expect(await count('uploads')).toBe(uploadsBefore);
      expect(readdirSync(join(centre.dataDir, 'uploads')).length).toBe(filesBefore);
    });

    it('an unsigned tus request is refused before anything is created', async () => {
      const res = await fetch(`${centre.baseUrl}${CENTRE_PATHS.uploads}`, { method: 'POST', headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' } });
      expect(res.status).toBe(401);
    });
  });

  describe('expired uploads', () => {
    it('sweeps partial uploads past their expiration', async () => {
      let now = Date.now();
      const short = await startTestCentre({ database, now: () => now, uploads: { expirationMs: 60_000, orphanMs: 120_000, sweepEveryMs: 3_600_000 } });
      try {
        const k = await enrolKiosk(short.baseUrl);
        const bytes = fakeJpeg(5000, 8);
        const meta = { applicationId: randomUUID(), attachmentId: randomUUID(), sha256: sha256Hex(bytes), filetype: 'image/jpeg' };
        const created = await createUpload(short.baseUrl, k, bytes.length, meta);
        await patchUpload(short.baseUrl, k, created.headers.get('location') ?? '', 0, bytes.subarray(0, 100));
        expect(await short.sweepUploads()).toBe(0);
        now += 61_000;
        expect(await short.sweepUploads()).toBeGreaterThanOrEqual(1);
        expect(await countRows(short, 'uploads')).toBe(0);
        expect(readdirSync(join(short.dataDir, 'uploads')).filter((f) => !f.endsWith('.json'))).toHaveLength(0);
      } finally {
        await short.close();
      }
    });
  });
});
