// The records side of video consultations (issue 6): a real centre on loopback, kiosks signing their
// requests, a real WebM recording uploaded by tus and committed, console accounts over HTTP.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS, CentreErrorSchema, MAX_ATTACHMENT_BYTES } from '../../domain/centre/protocol.ts';
import {
  CONSULT_PATHS,
  ConsultationCommitResponseSchema,
  ConsultationDetailSchema,
  ConsultationListSchema,
  LawyerProfileListSchema,
  LawyerWithProfileSchema,
  MAX_RECORDING_BYTES,
  PushTemplateListSchema,
  type ConsultationCommit,
  type LawyerProfileBody,
} from '../../domain/consult/protocol.ts';
import { ConsultationRepository } from '../../center/server/consult/repository.ts';
import { consultRequest, enrolKioskAt, openConsoleSocket, openKioskSocket } from '../../center/server/testing/consult-clients.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  countRows,
  createTestAccount,
  createUpload,
  enrolKiosk,
  fakeJpeg,
  loginAs,
  sha256Hex,
  signedJson,
  startTestCentre,
  uploadBytes,
  type ConsoleClient,
  type TestAccount,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';

const WEBM = readFileSync(join(import.meta.dirname, '../fixtures/consult/recording.webm'));

/** EBML like WebM, but a Matroska file (DocType "matroska"): not what the kiosk records. */
const matroskaHeader = (): Buffer => {
  const docType = Buffer.concat([Buffer.from([0x42, 0x82, 0x88]), Buffer.from('matroska', 'latin1')]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | docType.length]), docType, Buffer.alloc(2000, 7)]);
};

describe.each(centreDatabases())('on %s', (database) => {
  let centre: TestCentre;
  let kiosk: TestKiosk;
  let otherKiosk: TestKiosk;
  let repo: ConsultationRepository;
  let lawyerA: TestAccount;
  let lawyerB: TestAccount;
  let staffAccount: TestAccount;
  let admin: ConsoleClient;
  let staff: ConsoleClient;
  let asLawyerA: ConsoleClient;
  let asLawyerB: ConsoleClient;
  let technician: ConsoleClient;

  beforeAll(async () => {
    centre = await startTestCentre({ database });
    kiosk = await enrolKiosk(centre.baseUrl);
    otherKiosk = await enrolKiosk(centre.baseUrl);
    repo = new ConsultationRepository(centre.db);
    lawyerA = await createTestAccount(centre, { role: 'lawyer' });
    lawyerB = await createTestAccount(centre, { role: 'lawyer' });
    staffAccount = await createTestAccount(centre, { role: 'staff' });
    const tech = await createTestAccount(centre, { role: 'technician' });
    admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    staff = await loginAs(centre.baseUrl, staffAccount.username, staffAccount.password);
    asLawyerA = await loginAs(centre.baseUrl, lawyerA.username, lawyerA.password);
    asLawyerB = await loginAs(centre.baseUrl, lawyerB.username, lawyerB.password);
    technician = await loginAs(centre.baseUrl, tech.username, tech.password);
  });
  afterAll(async () => {
    await centre?.close();
  });

  const errorOf = async (res: Response) => CentreErrorSchema.parse(await res.json()).error;
  const put = (client: ConsoleClient, path: string, body: unknown, headers: Record<string, string> = { [CSRF_HEADER]: '1' }) =>
    fetch(new URL(path, centre.baseUrl), { method: 'PUT', headers: { cookie: client.cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const commit = (body: unknown, who = kiosk) => signedJson(centre.baseUrl, who, CONSULT_PATHS.commit, body);
  const auditRows = (action: string, subjectId: string) =>
    centre.db.selectFrom('audit_events').selectAll().where('action', '=', action).where('subject_id', '=', subjectId).execute();

  let clock = Date.parse('2026-11-20T02:00:00.000Z');
  /**
   * A consultation as the dispatcher leaves it (rows through its repository): requested at this
   * kiosk, taken by `lawyer` (or nobody), a pushed checklist and a mediation referral, then ended.
   */
  const consultation = async (options: { lawyer?: TestAccount | null; at?: TestKiosk; matter?: 'labour' | 'family' } = {}) => {
    const id = randomUUID();
    clock += 60_000;
    const requestedAt = new Date(clock).toISOString();
    await repo.create({ id, kioskId: (options.at ?? kiosk).kioskId, stationName: '测试服务站', regionCode: '440106', matterCategory: options.matter ?? 'labour', language: 'zh', requestedAt });
    const pushId = randomUUID();
    const lawyer = options.lawyer === undefined ? lawyerA : options.lawyer;
    await repo.appendTimeline(id, 0, [
      { kind: 'requested', at: clock, sinceRequestMs: 0 },
      { kind: 'offered', at: clock + 100, sinceRequestMs: 100, tier: 'county', lawyerIds: lawyer ? [lawyer.id] : [] },
    ]);
    if (lawyer) {
      expect(await repo.markConnected(id, lawyer.id, { connectedAt: new Date(clock + 4000).toISOString(), answeredTier: 'county', answerMs: 4000 })).toBe(true);
      await repo.appendTimeline(id, 2, [{ kind: 'accepted', at: clock + 4000, sinceRequestMs: 4000, tier: 'county', lawyerIds: [lawyer.id] }]);
      await repo.recordPush(id, pushId, new Date(clock + 60_000).toISOString(), lawyer.id, { kind: 'checklist', title: '劳动仲裁申请需要准备的材料', body: '带原件和复印件。', items: ['身份证', '劳动合同'] });
      await repo.recordReferral(id, randomUUID(), new Date(clock + 90_000).toISOString(), { kind: 'mediation', note: '' });
      await repo.markEnded(id, 'ended', 'kiosk_hangup', new Date(clock + 184_000).toISOString());
    }
    return { id, pushId, requestedAt };
  };

  const uploadRecording = (consultationId: string, bytes: Buffer, who = kiosk) =>
    uploadBytes(centre.baseUrl, who, bytes, { consultationId, sha256: sha256Hex(bytes), filetype: 'video/webm' });

  const commitBody = (consultationId: string, pushId: string, uploadUrl: string | null, bytes: Buffer = WEBM): ConsultationCommit => ({
    consultationId,
    startedAt: new Date(clock + 4000).toISOString(),
    endedAt: new Date(clock + 184_000).toISOString(),
    endReason: 'kiosk_hangup',
    rating: 4,
    recording: uploadUrl === null ? null : { uploadId: uploadUrl, sha256: sha256Hex(bytes), bytes: bytes.length, durationMs: 2008 },
    printed: [{ pushId, outcome: 'completed' }],
  });

  /** One committed consultation with its recording, for the console tests. */
  let recorded: { id: string; pushId: string };
  const ensureRecorded = async () => {
    if (recorded) return recorded;
    const c = await consultation();
    const res = await commit(commitBody(c.id, c.pushId, await uploadRecording(c.id, WEBM)));
    expect(res.status).toBe(201);
    recorded = c;
    return c;
  };

  describe('kiosk commit', () => {
    it('commits a consultation with its WebM recording; the replay answers the same; other content is a conflict', async () => {
      const c = await consultation();
      const uploadUrl = await uploadRecording(c.id, WEBM);
      const body = commitBody(c.id, c.pushId, uploadUrl);
      const first = await commit(body);
      expect(first.status).toBe(201);
      expect(ConsultationCommitResponseSchema.parse(await first.json())).toEqual({ consultationId: c.id, recordingStored: true });

      // The bytes are in the object store under their hash; the row holds what the centre verified.
      const sha = sha256Hex(WEBM);
      expect(readFileSync(join(centre.dataDir, 'objects', 'sha256', sha.slice(0, 2), sha)).equals(WEBM)).toBe(true);
      const row = await centre.db.selectFrom('consultations').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
      expect([row.rating, row.recording_sha256, Number(row.recording_bytes), Number(row.recording_duration_ms)]).toEqual([4, sha, WEBM.length, 2008]);
      const push = await centre.db.selectFrom('consultation_pushes').select('outcome').where('push_id', '=', c.pushId).executeTakeFirstOrThrow();
      expect(push.outcome).toBe('completed');
      // tus staging is emptied once committed.
      expect(await centre.db.selectFrom('uploads').select('upload_id').where('application_id', '=', c.id).execute()).toEqual([]);
      const [audit] = await auditRows('consultation.committed', c.id);
      expect(audit?.actor_kind).toBe('kiosk');
      expect(audit?.actor_id).toBe(kiosk.kioskId);
      expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ recording: true, recordingBytes: WEBM.length, printed: 1 });

      const replay = await commit(body);
      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual({ consultationId: c.id, recordingStored: true });
      // The same content that travelled through another upload is the same commit.
      const again = await commit({ ...body, recording: { ...body.recording, uploadId: `${CENTRE_PATHS.uploads}/${'f'.repeat(32)}` } });
      expect(again.status).toBe(200);

      const conflict = await commit({ ...body, rating: 1 });
      expect(conflict.status).toBe(409);
      expect((await errorOf(conflict)).code).toBe('conflict');
      const stored = await centre.db.selectFrom('consultations').select('rating').where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(stored.rating).toBe(4);
      expect(await auditRows('consultation.committed', c.id)).toHaveLength(1);
    });

    it('two commits of one consultation at once: one stores, the other gets the same answer or a conflict', async () => {
      const c = await consultation();
      const body = commitBody(c.id, c.pushId, await uploadRecording(c.id, WEBM));
      const same = await Promise.all([commit(body), commit(body), commit(body)]);
      expect(same.map((r) => r.status).sort()).toEqual([200, 200, 201]);
      for (const res of same) expect(await res.json()).toEqual({ consultationId: c.id, recordingStored: true });

      const d = await consultation();
      const first = commitBody(d.id, d.pushId, await uploadRecording(d.id, WEBM));
      const racing = await Promise.all([commit(first), commit({ ...first, rating: 2 })]);
      expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await auditRows('consultation.committed', d.id)).toHaveLength(1);
    });

    it('commits a consultation that never connected, without a recording', async () => {
      const c = await consultation({ lawyer: null });
      const res = await commit({ ...commitBody(c.id, c.pushId, null), rating: null, printed: [] });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ consultationId: c.id, recordingStored: false });
    });

    it("is 404 for another kiosk's or an unknown consultation, and another kiosk cannot upload a recording for it", async () => {
      const c = await consultation();
      const uploadUrl = await uploadRecording(c.id, WEBM);
      const foreign = await commit(commitBody(c.id, c.pushId, uploadUrl), otherKiosk);
      expect(foreign.status).toBe(404);
      expect((await errorOf(foreign)).code).toBe('not_found');
      const unknown = await commit(commitBody(randomUUID(), c.pushId, null));
      expect(unknown.status).toBe(404);

      const created = await createUpload(centre.baseUrl, otherKiosk, WEBM.length, { consultationId: c.id, sha256: sha256Hex(WEBM), filetype: 'video/webm' });
      expect(created.status).toBe(404);
      expect((await errorOf(created)).code).toBe('not_found');
      // The other kiosk's own recording upload cannot be committed to this consultation either.
      const mine = await consultation({ at: otherKiosk });
      const otherUpload = await uploadRecording(mine.id, WEBM, otherKiosk);
      const borrowed = await commit(commitBody(c.id, c.pushId, otherUpload));
      expect(borrowed.status).toBe(409);
      expect((await errorOf(borrowed)).code).toBe('upload_incomplete');
      const row = await centre.db.selectFrom('consultations').select('commit_sha256').where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row.commit_sha256).toBeNull();
    });

    it('refuses bytes that are not WebM with a clear answer and loses nothing: a real recording commits afterwards', async () => {
      const c = await consultation();
      for (const bytes of [fakeJpeg(5000), matroskaHeader()]) {
        const res = await commit(commitBody(c.id, c.pushId, await uploadRecording(c.id, bytes), bytes));
        expect(res.status).toBe(415);
        const error = await errorOf(res);
        expect(error.code).toBe('invalid_input');
        expect(error.message).toContain('not a WebM');
      }
      const row = await centre.db.selectFrom('consultations').select(['commit_sha256', 'recording_sha256']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ commit_sha256: null, recording_sha256: null });
      const ok = await commit(commitBody(c.id, c.pushId, await uploadRecording(c.id, WEBM)));
      expect(ok.status).toBe(201);
    });

    it('refuses a recording whose bytes do not have the claimed hash or size, and an unfinished upload', async () => {
      const c = await consultation();
      const uploadUrl = await uploadRecording(c.id, WEBM);
      const body = commitBody(c.id, c.pushId, uploadUrl);
      const wrongHash = await commit({ ...body, recording: { ...body.recording, sha256: sha256Hex('other bytes') } });
      expect(wrongHash.status).toBe(422);
      expect((await errorOf(wrongHash)).code).toBe('hash_mismatch');
      const wrongSize = await commit({ ...body, recording: { ...body.recording, bytes: WEBM.length + 1 } });
      expect((await errorOf(wrongSize)).code).toBe('hash_mismatch');

      const partial = await createUpload(centre.baseUrl, kiosk, WEBM.length, { consultationId: c.id, sha256: sha256Hex(WEBM), filetype: 'video/webm' });
      const location = new URL(partial.headers.get('location') ?? '', centre.baseUrl).toString();
      const unfinished = await commit({ ...body, recording: { ...body.recording, uploadId: location } });
      expect(unfinished.status).toBe(409);
      expect((await errorOf(unfinished)).code).toBe('upload_incomplete');
      // The real one is still there.
      expect((await commit(body)).status).toBe(201);
    });

    it('refuses oversized recordings at upload creation and in the commit; allows recordings above the attachment limit', async () => {
      const c = await consultation();
      const meta = { consultationId: c.id, sha256: sha256Hex(WEBM), filetype: 'video/webm' };
      const tooBig = await createUpload(centre.baseUrl, kiosk, MAX_RECORDING_BYTES + 1, meta);
      expect(tooBig.status).toBe(413);
      // A recording may be bigger than a photo of a document; a photo still may not.
      const big = await createUpload(centre.baseUrl, kiosk, MAX_ATTACHMENT_BYTES + 1, meta);
      expect(big.status).toBe(201);
      const bigPhoto = await createUpload(centre.baseUrl, kiosk, MAX_ATTACHMENT_BYTES + 1, {
        applicationId: randomUUID(),
        attachmentId: randomUUID(),
        sha256: sha256Hex('x'),
        filetype: 'image/jpeg',
      });
      expect(bigPhoto.status).toBe(413);
      const body = commitBody(c.id, c.pushId, 'x');
      const oversized = await commit({ ...body, recording: { ...body.recording, bytes: MAX_RECORDING_BYTES + 1 } });
      expect(oversized.status).toBe(400);
      expect((await errorOf(oversized)).message).toContain('recording.bytes');
    });

    it('refuses hostile and malformed commits and recording metadata with a 400 naming the field', async () => {
      const c = await consultation();
      const body = commitBody(c.id, c.pushId, null);
      const cases: [unknown, string][] = [
        [{ ...body, rating: 6 }, 'rating'],
        [{ ...body, extra: 'x' }, '(root)'],
        [{ ...body, consultationId: '../../etc/passwd' }, 'consultationId'],
        [{ ...body, printed: Array.from({ length: 101 }, () => ({ pushId: randomUUID(), outcome: 'completed' })) }, 'printed'],
        [{ ...body, endReason: 'exploded' }, 'endReason'],
      ];
      for (const [hostile, field] of cases) {
        const res = await commit(hostile);
        expect(res.status).toBe(400);
        expect((await errorOf(res)).message).toContain(field);
      }
      const notJson = await signedJson(centre.baseUrl, kiosk, CONSULT_PATHS.commit, '{"consultationId":');
      expect(notJson.status).toBe(400);
      const badMeta = await createUpload(centre.baseUrl, kiosk, 100, { consultationId: 'not-a-uuid', sha256: sha256Hex('x'), filetype: 'video/webm' });
      expect(badMeta.status).toBe(400);
      const badType = await createUpload(centre.baseUrl, kiosk, 100, { consultationId: c.id, sha256: sha256Hex('x'), filetype: 'text/html' });
      expect(badType.status).toBe(400);
      // Unsigned: no kiosk, no commit.
      const unsigned = await fetch(new URL(CONSULT_PATHS.commit, centre.baseUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(unsigned.status).toBe(401);
      const row = await centre.db.selectFrom('consultations').select('commit_sha256').where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row.commit_sha256).toBeNull();
    });
  });

  describe('console history, detail and notes', () => {
    it('a lawyer lists only their own consultations, newest first; staff list all; filters and paging', async () => {
      const mineOld = await consultation({ lawyer: lawyerB });
      const mineNew = await consultation({ lawyer: lawyerB, matter: 'family' });
      await consultation({ lawyer: lawyerA });
      const res = await asLawyerB.get(CONSULT_PATHS.consultations);
      expect(res.status).toBe(200);
      const list = ConsultationListSchema.parse(await res.json());
      expect(list.items.map((i) => i.consultationId)).toEqual([mineNew.id, mineOld.id]);
      expect(list.total).toBe(2);
      expect(list.items[0]).toMatchObject({ matterCategory: 'family', phase: 'ended', answeredTier: 'county', answerMs: 4000, durationMs: 180_000, hasRecording: false });
      expect(list.items[0]?.lawyer).toEqual({ accountId: lawyerB.id, displayName: lawyerB.displayName });

      const all = ConsultationListSchema.parse(await (await staff.get(`${CONSULT_PATHS.consultations}?limit=200`)).json());
      expect(all.total).toBe(await countRows(centre, 'consultations'));
      expect(all.items.map((i) => i.consultationId)).toEqual(expect.arrayContaining([mineNew.id, mineOld.id]));
      const page = ConsultationListSchema.parse(await (await staff.get(`${CONSULT_PATHS.consultations}?limit=1&offset=1`)).json());
      expect(page.items).toHaveLength(1);
      expect(page.items[0]?.consultationId).toBe(all.items[1]?.consultationId);
      const ended = ConsultationListSchema.parse(await (await staff.get(`${CONSULT_PATHS.consultations}?phase=ringing&limit=200`)).json());
      expect(ended.items.every((i) => i.phase === 'ringing')).toBe(true);
      // China dates: 2026-11-20 10:00 +08:00 onwards are all on the 20th; nothing is on the 19th.
      const day = ConsultationListSchema.parse(await (await staff.get(`${CONSULT_PATHS.consultations}?from=2026-11-19&to=2026-11-19`)).json());
      expect(day.total).toBe(0);

      for (const bad of ['?limit=0', '?phase=bogus', '?from=yesterday', '?limit=5&drop=table']) {
        const refused = await staff.get(`${CONSULT_PATHS.consultations}${bad}`);
        expect(refused.status).toBe(400);
      }
      expect((await technician.get(CONSULT_PATHS.consultations)).status).toBe(403);
    });

    it("shows the detail with timeline, pushes, referral and recording; another lawyer's is 404", async () => {
      const c = await ensureRecorded();
      const res = await asLawyerA.get(`${CONSULT_PATHS.consultations}/${c.id}`);
      expect(res.status).toBe(200);
      const detail = ConsultationDetailSchema.parse(await res.json());
      expect(detail.timeline.map((t) => t.kind)).toEqual(['requested', 'offered', 'accepted']);
      expect(detail.pushes).toEqual([expect.objectContaining({ pushId: c.pushId, outcome: 'completed', push: expect.objectContaining({ title: '劳动仲裁申请需要准备的材料', items: ['身份证', '劳动合同'] }) })]);
      expect(detail.referrals.map((r) => r.referral.kind)).toEqual(['mediation']);
      expect(detail.recording).toEqual({ bytes: WEBM.length, durationMs: 2008, mime: 'video/webm' });
      expect(detail.rating).toBe(4);
      expect(detail.notesVersion).toBe(0);

      const other = await asLawyerB.get(`${CONSULT_PATHS.consultations}/${c.id}`);
      expect(other.status).toBe(404);
      expect((await staff.get(`${CONSULT_PATHS.consultations}/${c.id}`)).status).toBe(200);
      expect((await staff.get(`${CONSULT_PATHS.consultations}/not-an-id`)).status).toBe(400);
    });

    it('notes: only the consultation’s lawyer writes them, with an optimistic version', async () => {
      const c = await consultation();
      const path = `${CONSULT_PATHS.consultations}/${c.id}/notes`;
      const first = await put(asLawyerA, path, { notes: '当事人在工地做工八个月，被拖欠工资。', version: 0 });
      expect(first.status).toBe(200);
      const saved = ConsultationDetailSchema.parse(await first.json());
      expect([saved.notes, saved.notesVersion]).toEqual(['当事人在工地做工八个月，被拖欠工资。', 1]);

      const stale = await put(asLawyerA, path, { notes: '另一个窗口的旧内容', version: 0 });
      expect(stale.status).toBe(409);
      expect((await errorOf(stale)).code).toBe('stale');
      const second = await put(asLawyerA, path, { notes: '已建议申请劳动仲裁。', version: 1 });
      expect(ConsultationDetailSchema.parse(await second.json()).notesVersion).toBe(2);

      expect((await put(asLawyerB, path, { notes: 'x', version: 2 })).status).toBe(404);
      expect((await put(staff, path, { notes: 'x', version: 2 })).status).toBe(403);
      expect((await put(asLawyerA, path, { notes: 'x', version: 2 }, {})).status).toBe(403);
      const tooLong = await put(asLawyerA, path, { notes: '字'.repeat(20_001), version: 2 });
      expect(tooLong.status).toBe(400);
      expect((await errorOf(tooLong)).message).toContain('notes');
      expect((await put(asLawyerA, path, { notes: 'x', version: -1 })).status).toBe(400);

      const detail = ConsultationDetailSchema.parse(await (await asLawyerA.get(`${CONSULT_PATHS.consultations}/${c.id}`)).json());
      expect(detail.notes).toBe('已建议申请劳动仲裁。');
      // The audit knows a save happened, never what the notes say.
      const audits = await auditRows('consultation.notes_saved', c.id);
      expect(audits).toHaveLength(2);
      expect(audits.map((a) => a.detail ?? '').join('')).not.toContain('工资');
    });
  });

  describe('recording playback', () => {
    it('staff play the recording inertly with byte ranges; every play is audited', async () => {
      const c = await ensureRecorded();
      const path = `${CONSULT_PATHS.consultations}/${c.id}/recording`;
      const before = (await auditRows('recording.played', c.id)).length;

      const start = await fetch(new URL(path, centre.baseUrl), { headers: { cookie: staff.cookie, range: 'bytes=0-' } });
      expect(start.status).toBe(206);
      expect(Buffer.from(await start.arrayBuffer()).equals(WEBM)).toBe(true);

      const res = await fetch(new URL(path, centre.baseUrl), { headers: { cookie: staff.cookie, range: 'bytes=100-1099' } });
      expect(res.status).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes 100-1099/${WEBM.length}`);
      expect(res.headers.get('content-type')).toBe('video/webm');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('accept-ranges')).toBe('bytes');
      expect(res.headers.get('content-disposition')).toBe('inline; filename="consultation-recording.webm"');
      expect(Buffer.from(await res.arrayBuffer()).equals(WEBM.subarray(100, 1100))).toBe(true);

      const tail = await fetch(new URL(path, centre.baseUrl), { headers: { cookie: staff.cookie, range: 'bytes=-500' } });
      expect(Buffer.from(await tail.arrayBuffer()).equals(WEBM.subarray(WEBM.length - 500))).toBe(true);
      const whole = await admin.get(path);
      expect(whole.status).toBe(200);
      expect(Buffer.from(await whole.arrayBuffer()).equals(WEBM)).toBe(true);
      const beyond = await fetch(new URL(path, centre.baseUrl), { headers: { cookie: staff.cookie, range: `bytes=${WEBM.length}-` } });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe(`bytes */${WEBM.length}`);

      // Plays from the start are audited with who played; seeks inside a play are not new plays.
      const played = await auditRows('recording.played', c.id);
      expect(played.length - before).toBe(2);
      expect(played.map((p) => p.actor_id)).toEqual(expect.arrayContaining([staffAccount.id, admin.account.id]));
    });

    it('a lawyer cannot play recordings, even their own; a consultation without one is 404', async () => {
      const c = await ensureRecorded();
      const own = await asLawyerA.get(`${CONSULT_PATHS.consultations}/${c.id}/recording`);
      expect(own.status).toBe(403);
      const none = await consultation({ lawyer: null });
      expect((await staff.get(`${CONSULT_PATHS.consultations}/${none.id}/recording`)).status).toBe(404);
      const anonymous = await fetch(new URL(`${CONSULT_PATHS.consultations}/${c.id}/recording`, centre.baseUrl));
      expect(anonymous.status).toBe(401);
    });
  });

  describe('lawyer profiles', () => {
    const profile: LawyerProfileBody = { displayName: '王律师', organisation: '测试律师事务所', regionCodes: ['440106', '440100'], matterCategories: ['labour', 'family'], languages: ['zh'] };

    it('an administrator sets a lawyer’s profile; the lawyer reads their own; the save is audited', async () => {
      const res = await put(admin, `${CONSULT_PATHS.lawyerProfiles}/${lawyerA.id}`, profile);
      expect(res.status).toBe(200);
      const saved = LawyerWithProfileSchema.parse(await res.json());
      expect(saved.profile).toMatchObject(profile);

      const own = LawyerProfileListSchema.parse(await (await asLawyerA.get(CONSULT_PATHS.lawyerProfiles)).json());
      expect(own.lawyers.map((l) => l.accountId)).toEqual([lawyerA.id]);
      expect(own.lawyers[0]?.profile?.regionCodes).toEqual(['440106', '440100']);
      const all = LawyerProfileListSchema.parse(await (await admin.get(CONSULT_PATHS.lawyerProfiles)).json());
      expect(all.lawyers.map((l) => l.accountId)).toEqual(expect.arrayContaining([lawyerA.id, lawyerB.id]));
      expect(all.lawyers.find((l) => l.accountId === lawyerB.id)?.profile).toBeNull();
      expect((await asLawyerB.get(`${CONSULT_PATHS.lawyerProfiles}/${lawyerA.id}`)).status).toBe(404);
      expect((await asLawyerA.get(`${CONSULT_PATHS.lawyerProfiles}/${lawyerA.id}`)).status).toBe(200);
      const [audit] = await auditRows('lawyer_profile.saved', lawyerA.id);
      expect(audit?.actor_id).toBe(admin.account.id);

      // Saving again replaces the profile (the display name citizens see changes in the history too).
      const changed = await put(admin, `${CONSULT_PATHS.lawyerProfiles}/${lawyerA.id}`, { ...profile, displayName: '王某律师', regionCodes: ['440106'] });
      expect(LawyerWithProfileSchema.parse(await changed.json()).profile?.regionCodes).toEqual(['440106']);
      const history = ConsultationListSchema.parse(await (await asLawyerA.get(CONSULT_PATHS.consultations)).json());
      expect(history.items[0]?.lawyer?.displayName).toBe('王某律师');
    });

    it('refuses implausible region codes and bad fields with a message, non-lawyer accounts, and anyone but an administrator', async () => {
      const path = `${CONSULT_PATHS.lawyerProfiles}/${lawyerB.id}`;
      const badRegion = await put(admin, path, { ...profile, regionCodes: ['440106', '990101'] });
      expect(badRegion.status).toBe(400);
      expect((await errorOf(badRegion)).message).toBe('regionCodes.1: 990101 names no mainland province (GB/T 2260)');
      const province = await put(admin, path, { ...profile, regionCodes: ['440000'] });
      expect((await errorOf(province)).message).toContain('regionCodes.0');
      for (const bad of [
        { ...profile, regionCodes: ['4401'] },
        { ...profile, regionCodes: [] },
        { ...profile, matterCategories: ['astrology'] },
        { ...profile, languages: ['tlh'] },
        { ...profile, displayName: '' },
        { ...profile, role: 'admin' },
      ]) {
        const res = await put(admin, path, bad);
        expect(res.status).toBe(400);
        expect((await errorOf(res)).code).toBe('invalid_input');
      }
      expect((await put(admin, `${CONSULT_PATHS.lawyerProfiles}/${staffAccount.id}`, profile)).status).toBe(404);
      expect((await put(staff, path, profile)).status).toBe(403);
      expect((await put(asLawyerB, path, profile)).status).toBe(403);
      expect((await put(admin, path, profile, {})).status).toBe(403);
      const row = await centre.db.selectFrom('lawyer_profiles').select('account_id').where('account_id', '=', lawyerB.id).executeTakeFirst();
      expect(row).toBeUndefined();
    });
  });

  describe('through the dispatcher', () => {
    it('a profile saved by the administrator makes the lawyer reachable; their call, push and recording end up in the records', async () => {
      const lawyer = await createTestAccount(centre, { role: 'lawyer', displayName: '覃律师' });
      const client = await loginAs(centre.baseUrl, lawyer.username, lawyer.password);
      const desk = await openConsoleSocket(centre.baseUrl, client);
      const kioskKeys = await enrolKioskAt(centre.baseUrl, { stationName: '邕宁区法律服务站', regionCode: '450109' });
      const station = await openKioskSocket(centre.baseUrl, kioskKeys);
      try {
        expect((await desk.nextMessage('error')).code).toBe('no_profile');
        const saved = await put(admin, `${CONSULT_PATHS.lawyerProfiles}/${lawyer.id}`, { displayName: '覃律师', organisation: '南宁某律师事务所', regionCodes: ['450109'], matterCategories: ['labour'], languages: ['zh'] });
        expect(saved.status).toBe(200);
        // The route told the dispatcher: the waiting console is greeted without reconnecting.
        await desk.nextMessage('hello');
        desk.send({ type: 'presence', presence: 'available' });
        await desk.nextMessage('presence', { where: (m) => m.presence === 'available' });

        await station.nextMessage('hello');
        const request = consultRequest();
        station.send(request);
        const ring = await desk.nextMessage('ring');
        expect(ring.station).toEqual({ name: '邕宁区法律服务站', regionCode: '450109' });
        desk.send({ type: 'accept', consultationId: request.consultationId });
        await station.nextMessage('connected');

        const { templates } = PushTemplateListSchema.parse(await (await client.get(`${CONSULT_PATHS.pushTemplates}?matter=labour`)).json());
        const checklist = templates.find((t) => t.id === 'labour-arbitration');
        if (!checklist) throw new Error('no labour arbitration checklist');
        desk.send({ type: 'push', consultationId: request.consultationId, push: checklist.push });
        const pushed = await station.nextMessage('push');
        station.send({ type: 'hangup', consultationId: request.consultationId });
        await desk.nextMessage('ended');
        await centre.consult.settled();

        const uploadUrl = await uploadRecording(request.consultationId, WEBM, kioskKeys);
        const committed = await commit({ ...commitBody(request.consultationId, pushed.pushId, uploadUrl), rating: 5, printed: [{ pushId: pushed.pushId, outcome: 'out_of_paper' }] }, kioskKeys);
        expect(committed.status).toBe(201);

        const history = ConsultationListSchema.parse(await (await client.get(CONSULT_PATHS.consultations)).json());
        expect(history.items.map((i) => i.consultationId)).toEqual([request.consultationId]);
        const detail = ConsultationDetailSchema.parse(await (await client.get(`${CONSULT_PATHS.consultations}/${request.consultationId}`)).json());
        expect(detail).toMatchObject({ phase: 'ended', rating: 5, hasRecording: true, lawyer: { accountId: lawyer.id, displayName: '覃律师' } });
        expect(detail.pushes.map((p) => [p.push.title, p.outcome])).toEqual([['劳动仲裁申请需要准备的材料', 'out_of_paper']]);
        expect(detail.timeline.map((t) => t.kind)).toContain('accepted');
        const played = await fetch(new URL(`${CONSULT_PATHS.consultations}/${request.consultationId}/recording`, centre.baseUrl), { headers: { cookie: staff.cookie, range: 'bytes=0-3' } });
        expect(Buffer.from(await played.arrayBuffer())).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
      } finally {
        desk.close();
        station.close();
      }
    });
  });

  describe('push templates', () => {
    it('lawyers get real checklists for the matter and the mediation referral; others may not', async () => {
      const res = await asLawyerA.get(CONSULT_PATHS.pushTemplates);
      expect(res.status).toBe(200);
      const { templates } = PushTemplateListSchema.parse(await res.json());
      const byId = new Map(templates.map((t) => [t.id, t]));
      const arbitration = byId.get('labour-arbitration');
      expect(arbitration?.push.title).toBe('劳动仲裁申请需要准备的材料');
      expect(arbitration?.push.body).toContain('《劳动争议调解仲裁法》第二十一条');
      expect(arbitration?.push.body).toContain('第二十八条');
      expect(arbitration?.push.items.length).toBeGreaterThanOrEqual(5);
      expect(byId.get('mediation-referral')?.push.kind).toBe('referral');
      expect(byId.get('mediation-referral')?.push.body).toContain('人民调解');

      const labour = PushTemplateListSchema.parse(await (await asLawyerA.get(`${CONSULT_PATHS.pushTemplates}?matter=labour`)).json());
      expect(labour.templates.every((t) => t.matterCategories.includes('labour'))).toBe(true);
      expect(labour.templates.map((t) => t.id)).toEqual(expect.arrayContaining(['labour-arbitration', 'wage-lawsuit', 'legal-aid-application', 'mediation-referral']));
      expect(labour.templates.map((t) => t.id)).not.toContain('divorce-child-support');
      expect((await asLawyerA.get(`${CONSULT_PATHS.pushTemplates}?matter=bogus`)).status).toBe(400);
      expect((await staff.get(CONSULT_PATHS.pushTemplates)).status).toBe(403);
    });
  });
});
