// The review of applications at the centre (issue 5): the work list, the statutory clocks, the
// decisions (一次性告知, grant, assign, refuse, 视为撤回), the refusal letter, who may see what, hostile
// input and the audit trail. Real centre on loopback, real HTTP, the clock moved through deps.now.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApplicationListSchema,
  AuditEventSchema,
  CaseDetailSchema,
  CONSOLE_API,
  type ApplicationList,
  type CaseDetail,
} from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS, CentreErrorSchema, CommitResponseSchema, type CommitAttachment } from '../../domain/centre/protocol.ts';
import { addDays } from '../../domain/legal-aid/day-count.ts';
import { sampleRecord, wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import type { ApplicationRecord } from '../../domain/legal-aid/application.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  countRows,
  createTestAccount,
  enrolKiosk,
  fakeJpeg,
  loginAs,
  sha256Hex,
  signedFetch,
  signedJson,
  startTestCentre,
  type ConsoleClient,
  type TestAccount,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';

const DAY = 86_400_000;
const APPS = CONSOLE_API.applications;

/** China date (UTC+8) of an instant: what the centre counts the statutory days in. */
const chinaDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe.each(centreDatabases())('on %s', (database) => {
  // The centre's clock: the real time moved forward by whole days (signatures are checked against it).
  let offset = 0;
  const now = () => Date.now() + offset;
  let centre: TestCentre;
  let kiosk: TestKiosk;
  let staffAccount: TestAccount;
  let lawyerAccount: TestAccount;
  let otherLawyer: TestAccount;
  let technicianAccount: TestAccount;
  let sequence = 0;

  beforeAll(async () => {
    centre = await startTestCentre({ database, now });
    kiosk = await enrolKiosk(centre.baseUrl);
    staffAccount = await createTestAccount(centre, { role: 'staff', displayName: '审查员王五' });
    lawyerAccount = await createTestAccount(centre, { role: 'lawyer', displayName: '赵律师' });
    otherLawyer = await createTestAccount(centre, { role: 'lawyer', displayName: '钱律师' });
    technicianAccount = await createTestAccount(centre, { role: 'technician' });
  });
  afterAll(async () => {
    await centre?.close();
  });

  /** Sessions end after 30 idle minutes: after moving the clock by days, sign in again. */
  const as = (account: TestAccount): Promise<ConsoleClient> => loginAs(centre.baseUrl, account.username, account.password);
  const staff = () => as(staffAccount);
  const advanceDays = (days: number) => {
    offset += days * DAY;
  };
  const errorOf = async (res: Response) => CentreErrorSchema.parse(await res.json()).error;

  /** Commits a new application (signed at the centre's time); returns its ids. */
  const submit = async (overrides: Partial<ApplicationRecord> = {}, attachments: CommitAttachment[] = [], applicationId = randomUUID()) => {
    sequence += 1;
    const record = sampleRecord({ localNumber: `LA-REVIEW-${sequence}`, shortCode: `CODE${sequence}`, ...overrides });
    const res = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId, record, attachments }, { time: now() });
    expect(res.status).toBe(201);
    const committed = CommitResponseSchema.parse(await res.json());
    return { applicationId, acceptanceNumber: committed.acceptanceNumber, localNumber: record.localNumber };
  };

  /** tus creation and one PATCH, signed at the centre's (moved) time. */
  const uploadAt = async (bytes: Buffer, metadata: Record<string, string>): Promise<string> => {
    const encoded = Object.entries(metadata).map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`);
    const tus = { 'tus-resumable': '1.0.0' };
    const created = await signedFetch(centre.baseUrl, kiosk, 'POST', CENTRE_PATHS.uploads, {
      time: now(),
      headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': encoded.join(',') },
    });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location') ?? '', centre.baseUrl).toString();
    const patched = await signedFetch(centre.baseUrl, kiosk, 'PATCH', location, {
      time: now(),
      body: bytes,
      headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    });
    expect(patched.status).toBe(204);
    return location;
  };
  const attachment = async (applicationId: string, bytes: Buffer, materialId = 'labour_evidence'): Promise<CommitAttachment> => {
    const attachmentId = randomUUID();
    const sha256 = sha256Hex(bytes);
    const uploadUrl = await uploadAt(bytes, { applicationId, attachmentId, sha256, filetype: 'image/jpeg' });
    return { attachmentId, kind: 'material', materialId, page: 1, mime: 'image/jpeg', sha256, size: bytes.length, uploadUrl };
  };

  const list = async (client: ConsoleClient, query = ''): Promise<ApplicationList> => {
    const res = await client.get(`${APPS}${query}`);
    expect(res.status).toBe(200);
    return ApplicationListSchema.parse(await res.json());
  };
  const detail = async (client: ConsoleClient, id: string): Promise<CaseDetail> => {
    const res = await client.get(`${APPS}/${id}`);
    expect(res.status).toBe(200);
    return CaseDetailSchema.parse(await res.json());
  };
  const decide = (client: ConsoleClient, id: string, action: string, body: Record<string, unknown>) => client.post(`${APPS}/${id}/${action}`, body);
  const decided = async (client: ConsoleClient, id: string, action: string, body: Record<string, unknown>): Promise<CaseDetail> => {
    const res = await decide(client, id, action, body);
    if (res.status !== 200) throw new Error(`${action} failed: ${res.status} ${await res.text()}`);
    return CaseDetailSchema.parse(await res.json());
  };

  it('makes one case per committed application: received, the 7-day clock running from the China date', async () => {
    const before = await countRows(centre, 'cases');
    const applicationId = randomUUID();
    const record = sampleRecord({ localNumber: 'LA-REPLAY-1', shortCode: 'REPLAY1' });
    const body = { applicationId, record, attachments: [] };
    expect((await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, body, { time: now() })).status).toBe(201);
    // The kiosk did not hear the answer and sends the same commit again.
    expect((await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, body, { time: now() })).status).toBe(200);
    expect(await countRows(centre, 'cases')).toBe(before + 1);

    const shown = await detail(await staff(), applicationId);
    expect(shown.summary.status).toBe('received');
    expect(shown.summary.applicantName).toBe('李四');
    expect(shown.summary.clock).toEqual({ kind: 'decision', dueOn: addDays(chinaDate(now()), 7), daysLeft: 7 });
    expect(shown.version).toBe(1);
    expect(shown.materialsRequestUsed).toBe(false);
    // The description is in words from the rule pack, ID number in full for the reviewer.
    const rows = shown.description.sections.flatMap((s) => s.rows);
    expect(rows.find((r) => r.key === 'applicant.idNumber')?.value).toBe('440524188001010014');
    expect(rows.find((r) => r.key === 'matterId')?.value).toContain('劳动');
  });

  it('lists urgent applications first, then by the clock that runs out first, then the oldest; counts per status', async () => {
    const own = await startTestCentre({ database, now });
    try {
      const ownKiosk = await enrolKiosk(own.baseUrl);
      const commitAt = async (time: number, record: ApplicationRecord) => {
        const applicationId = randomUUID();
        const res = await signedJson(own.baseUrl, ownKiosk, CENTRE_PATHS.commit, { applicationId, record, attachments: [] }, { time });
        expect(res.status).toBe(201);
        return applicationId;
      };
      const oldest = await commitAt(now(), sampleRecord({ localNumber: 'L-1', shortCode: 'A1' }));
      // Committed later, on another day: its 7 days run out later.
      advanceDays(1);
      const later = await commitAt(now(), sampleRecord({ localNumber: 'L-2', shortCode: 'A2' }));
      const urgent = await commitAt(
        now(),
        sampleRecord({ localNumber: 'L-3', shortCode: 'A3', answers: wageClaim({ urgent: { deadline: addDays(chinaDate(now()), 3), reason: 'limitation' } }) }),
      );
      const refused = await commitAt(now(), sampleRecord({ localNumber: 'L-4', shortCode: 'A4' }));
      const ownStaff = await loginAs(own.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      expect((await ownStaff.post(`${APPS}/${refused}/refuse`, { version: 1, reasons: '不属于法律援助事项范围' })).status).toBe(200);

      const res = await ownStaff.get(APPS);
      const shown = ApplicationListSchema.parse(await res.json());
      expect(shown.items.map((i) => i.applicationId)).toEqual([urgent, oldest, later, refused]);
      expect(shown.items[0]).toMatchObject({ urgent: true, deadline: addDays(chinaDate(now()), 3), stationName: '测试服务站' });
      expect(shown.items[3]?.clock).toBeNull();
      expect(shown.total).toBe(4);
      expect(shown.counts).toEqual({ received: 3, materials_requested: 0, granted: 0, assigned: 0, refused: 1, withdrawn: 0 });

      const onlyRefused = ApplicationListSchema.parse(await (await ownStaff.get(`${APPS}?status=refused`)).json());
      expect(onlyRefused.items.map((i) => i.applicationId)).toEqual([refused]);
      expect(onlyRefused.total).toBe(1);
      const paged = ApplicationListSchema.parse(await (await ownStaff.get(`${APPS}?limit=2&offset=1`)).json());
      expect(paged.items.map((i) => i.applicationId)).toEqual([oldest, later]);
      const byNumber = ApplicationListSchema.parse(await (await ownStaff.get(`${APPS}?number=L-2`)).json());
      expect(byNumber.items.map((i) => i.applicationId)).toEqual([later]);
    } finally {
        await own.close();
    }
  });

  it('asks for missing materials once (一次性告知); the days spent supplementing push the decision date back', async () => {
    const { applicationId } = await submit();
    const receivedOn = chinaDate(now());
    advanceDays(2);
    let client = await staff();
    const asked = await decided(client, applicationId, 'request-materials', {
      version: 1,
      materialIds: ['labour_evidence', 'proof_migrant_worker'],
      note: '请补交劳动合同或工资条',
      dueInDays: 10,
    });
    expect(asked.summary.status).toBe('materials_requested');
    expect(asked.version).toBe(2);
    expect(asked.requestedMaterials).toEqual(['labour_evidence', 'proof_migrant_worker']);
    expect(asked.materialsDueOn).toBe(addDays(chinaDate(now()), 10));
    // The 7-day clock stops; the applicant's own deadline runs.
    expect(asked.summary.clock).toEqual({ kind: 'materials', dueOn: addDays(chinaDate(now()), 10), daysLeft: 10 });

    advanceDays(4);
    client = await staff();
    const back = await decided(client, applicationId, 'materials-received', { version: 2 });
    expect(back.summary.status).toBe('received');
    expect(back.summary.clock?.dueOn).toBe(addDays(receivedOn, 7 + 4));
    expect(back.summary.clock?.daysLeft).toBe(7 + 4 - 6);
    expect(back.materialsRequestUsed).toBe(true);

    const again = await decide(client, applicationId, 'request-materials', { version: 3, materialIds: ['labour_evidence'] });
    expect(again.status).toBe(409);
    const error = await errorOf(again);
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('already requested once');
    // A material the rule pack does not know is refused before anything changes.
    const { applicationId: other } = await submit();
    const unknown = await decide(client, other, 'request-materials', { version: 1, materialIds: ['no_such_material'] });
    expect(unknown.status).toBe(400);
    expect((await errorOf(unknown)).message).toContain('no_such_material');
  });

  it('treats an application as withdrawn only after the materials deadline has passed (视为撤回)', async () => {
    const { applicationId } = await submit();
    let client = await staff();
    await decided(client, applicationId, 'request-materials', { version: 1, materialIds: ['labour_evidence'], dueInDays: 5 });
    const early = await decide(client, applicationId, 'withdraw', { version: 2 });
    expect(early.status).toBe(409);
    expect((await errorOf(early)).message).toContain('only after');
    advanceDays(5);
    client = await staff();
    expect((await decide(client, applicationId, 'withdraw', { version: 2 })).status).toBe(409);
    advanceDays(1);
    client = await staff();
    const withdrawn = await decided(client, applicationId, 'withdraw', { version: 2 });
    expect(withdrawn.summary.status).toBe('withdrawn');
    expect(withdrawn.summary.clock).toBeNull();
  });

  it('grants aid, then assigns a lawyer within the 3-day clock; or grants with a lawyer at once', async () => {
    const client = await staff();
    const { applicationId } = await submit();
    const granted = await decided(client, applicationId, 'grant', { version: 1, lawyerId: null });
    expect(granted.summary.status).toBe('granted');
    expect(granted.summary.clock).toEqual({ kind: 'assignment', dueOn: addDays(chinaDate(now()), 3), daysLeft: 3 });
    expect(granted.decidedBy).toBe('审查员王五');

    // Only an active lawyer account can be assigned.
    const notLawyer = await decide(client, applicationId, 'assign', { version: 2, lawyerId: staffAccount.id });
    expect(notLawyer.status).toBe(400);
    expect((await errorOf(notLawyer)).message).toContain('lawyer');
    const assigned = await decided(client, applicationId, 'assign', { version: 2, lawyerId: lawyerAccount.id });
    expect(assigned.summary).toMatchObject({ status: 'assigned', lawyerName: '赵律师', clock: null });

    const { applicationId: direct } = await submit();
    const straight = await decided(client, direct, 'grant', { version: 1, lawyerId: otherLawyer.id });
    expect(straight.summary).toMatchObject({ status: 'assigned', lawyerName: '钱律师' });
    expect(straight.version).toBe(2);
    expect(straight.history.map((e) => e.action)).toEqual(expect.arrayContaining(['case.granted', 'case.assigned']));
  });

  it('refuses with reasons and prints a refusal letter where the reasons are text, never markup', async () => {
    const client = await staff();
    const { applicationId, acceptanceNumber } = await submit();
    const beforeRefusal = await client.get(`${APPS}/${applicationId}/refusal-letter`);
    expect(beforeRefusal.status).toBe(409);

    const reasons = '<script>alert(1)</script>\n经核查，家庭人均收入高于本地经济困难标准。';
    const refused = await decided(client, applicationId, 'refuse', { version: 1, reasons });
    expect(refused.summary.status).toBe('refused');
    expect(refused.refusalReasons).toBe(reasons);

    const letter = await client.get(`${APPS}/${applicationId}/refusal-letter`);
    expect(letter.status).toBe(200);
    expect(letter.headers.get('content-type')).toContain('text/html');
    expect(letter.headers.get('cache-control')).toBe('no-store');
    const csp = letter.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    const html = await letter.text();
    expect(html).toContain('不予法律援助决定书');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('经核查，家庭人均收入高于本地经济困难标准。');
    expect(html).toContain('李四');
    expect(html).toContain(acceptanceNumber);
    expect(html).toContain('第四十九条');
    expect(html).toContain('五日内');
    expect(html).toContain('司法行政部门');
    expect(html).toContain('测试法律援助中心');
    expect(html).toContain('@page { size: A4');

    // Too short, too long, missing: each a 400 that names the field.
    for (const bad of ['短', 'x'.repeat(2001)]) {
      const { applicationId: other } = await submit();
      const res = await decide(client, other, 'refuse', { version: 1, reasons: bad });
      expect(res.status).toBe(400);
      expect((await errorOf(res)).message).toContain('reasons');
    }
  });

  it('refuses stale versions and transitions the workflow does not have, with a clear 409', async () => {
    const client = await staff();
    const { applicationId } = await submit();
    const second = await as(await createTestAccount(centre, { role: 'staff' }));
    await decided(second, applicationId, 'grant', { version: 1, lawyerId: null });
    // The first reviewer still has version 1 on screen.
    const stale = await decide(client, applicationId, 'refuse', { version: 1, reasons: '不符合经济困难条件' });
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).code).toBe('stale');

    for (const [action, body] of [
      ['refuse', { version: 2, reasons: '不符合经济困难条件' }],
      ['grant', { version: 2, lawyerId: null }],
      ['materials-received', { version: 2 }],
      ['withdraw', { version: 2 }],
      ['request-materials', { version: 2, materialIds: ['labour_evidence'] }],
    ] as const) {
      const res = await decide(client, applicationId, action, body);
      expect(res.status, action).toBe(409);
      const error = await errorOf(res);
      expect(error.code).toBe('conflict');
      expect(error.message).toContain('granted');
    }
    expect((await detail(client, applicationId)).version).toBe(2);
    const unknown = await decide(client, randomUUID(), 'grant', { version: 1, lawyerId: null });
    expect(unknown.status).toBe(404);
  });

  it('shows a lawyer only the applications assigned to them, attachments included', async () => {
    const client = await staff();
    const mineId = randomUUID();
    const mineAttachment = await attachment(mineId, fakeJpeg(2000, 3));
    await submit({}, [mineAttachment], mineId);
    await decided(client, mineId, 'grant', { version: 1, lawyerId: lawyerAccount.id });
    const othersId = randomUUID();
    const othersAttachment = await attachment(othersId, fakeJpeg(2000, 4));
    await submit({}, [othersAttachment], othersId);

    const lawyer = await as(lawyerAccount);
    const shown = await list(lawyer);
    expect(shown.items.map((i) => i.applicationId)).toContain(mineId);
    expect(shown.items.every((i) => i.lawyerName === '赵律师')).toBe(true);
    expect(Object.values(shown.counts).reduce((a, b) => a + b, 0)).toBe(shown.total);
    expect((await lawyer.get(`${APPS}/${mineId}`)).status).toBe(200);
    expect((await lawyer.get(`${APPS}/${mineId}/attachments/${mineAttachment.attachmentId}`)).status).toBe(200);

    const notMine = await lawyer.get(`${APPS}/${othersId}`);
    expect(notMine.status).toBe(404);
    expect((await errorOf(notMine)).code).toBe('not_found');
    expect((await lawyer.get(`${APPS}/${othersId}/attachments/${othersAttachment.attachmentId}`)).status).toBe(404);
    // Another application's attachment under my application's path is not found either.
    expect((await lawyer.get(`${APPS}/${mineId}/attachments/${othersAttachment.attachmentId}`)).status).toBe(404);
    // Lawyers read; they do not decide.
    expect((await decide(lawyer, othersId, 'grant', { version: 1, lawyerId: null })).status).toBe(403);
  });

  it('serves an attachment as its bytes with headers that keep it inert, and audits the view', async () => {
    const client = await staff();
    const applicationId = randomUUID();
    const bytes = fakeJpeg(5000, 9);
    const att = await attachment(applicationId, bytes);
    await submit({}, [att], applicationId);
    const res = await client.get(`${APPS}/${applicationId}/attachments/${att.attachmentId}`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="labour_evidence-1.jpg"');

    const shown = await detail(client, applicationId);
    expect(shown.attachments).toEqual([
      { attachmentId: att.attachmentId, kind: 'material', materialId: 'labour_evidence', page: 1, mime: 'image/jpeg', size: bytes.length },
    ]);
    const viewed = shown.history.find((e) => e.action === 'attachment.viewed');
    expect(viewed).toMatchObject({ actorKind: 'account', actorName: '审查员王五', detail: { attachmentId: att.attachmentId } });
  });

  it('keeps technicians and kiosks out of the review', async () => {
    const { applicationId } = await submit();
    const technician = await as(technicianAccount);
    const listed = await technician.get(APPS);
    expect(listed.status).toBe(403);
    expect((await errorOf(listed)).code).toBe('forbidden');
    expect((await technician.get(`${APPS}/${applicationId}`)).status).toBe(403);
    expect((await technician.get(CONSOLE_API.audit)).status).toBe(403);

    // A kiosk's signature is not a console session.
    const signedList = await signedFetch(centre.baseUrl, kiosk, 'GET', APPS);
    expect(signedList.status).toBe(401);
    const signedGrant = await signedJson(centre.baseUrl, kiosk, `${APPS}/${applicationId}/grant`, { version: 1, lawyerId: null });
    expect(signedGrant.status).toBe(401);
    // Nobody signed in: 401; signed in but without the CSRF header: 403, and nothing changed.
    expect((await fetch(`${centre.baseUrl}${APPS}`)).status).toBe(401);
    const client = await staff();
    const noCsrf = await fetch(`${centre.baseUrl}${APPS}/${applicationId}/grant`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ version: 1, lawyerId: null }),
    });
    expect(noCsrf.status).toBe(403);
    expect((await detail(client, applicationId)).summary.status).toBe('received');
  });

  it('answers hostile input with 400s that say which field, and changes nothing', async () => {
    const client = await staff();
    const { applicationId } = await submit();
    const wrongTypes = await decide(client, applicationId, 'refuse', { version: '1', reasons: 5 });
    expect(wrongTypes.status).toBe(400);
    const message = (await errorOf(wrongTypes)).message;
    expect(message).toContain('version');
    expect(message).toContain('reasons');
    const extraKey = await decide(client, applicationId, 'grant', { version: 1, lawyerId: null, status: 'assigned' });
    expect(extraKey.status).toBe(400);
    const notJson = await fetch(`${centre.baseUrl}${APPS}/${applicationId}/grant`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'x-centre-console': '1', 'content-type': 'application/json' },
      body: '{"version": 1,',
    });
    expect(notJson.status).toBe(400);
    expect((await client.get(`${APPS}/not-a-uuid`)).status).toBe(400);
    expect((await client.get(`${APPS}?limit=100000`)).status).toBe(400);
    expect((await client.get(`${APPS}?status=everything`)).status).toBe(400);
    expect((await client.get(`${APPS}?sort=name`)).status).toBe(400);

    for (const trick of ['..%2F..%2F..%2Fetc%2Fpasswd', '%2E%2E', 'sha256%2F00', `${randomUUID()}%00`]) {
      const res = await client.get(`${APPS}/${applicationId}/attachments/${trick}`);
      expect([400, 404], trick).toContain(res.status);
      expect(res.headers.get('content-type')).toContain('application/json');
    }

    const cases = await countRows(centre, 'cases');
    for (const injection of ["' OR 1=1 --", "x'; DROP TABLE cases; --", '" OR ""="']) {
      const shown = await list(client, `?number=${encodeURIComponent(injection)}`);
      expect(shown.items).toEqual([]);
      expect(shown.total).toBe(0);
    }
    expect(await countRows(centre, 'cases')).toBe(cases);
    expect((await detail(client, applicationId)).version).toBe(1);
  });

  it('writes an audit row for every action, with the actor and without free text', async () => {
    const client = await staff();
    const { applicationId } = await submit();
    await decided(client, applicationId, 'request-materials', { version: 1, materialIds: ['labour_evidence'], note: '请补交工资条' });
    await decided(client, applicationId, 'materials-received', { version: 2 });
    await decided(client, applicationId, 'refuse', { version: 3, reasons: '申请事项不属于法律援助范围' });
    expect((await client.get(`${APPS}/${applicationId}/refusal-letter`)).status).toBe(200);
    await detail(client, applicationId);

    const res = await client.get(`${CONSOLE_API.audit}?subjectKind=application&subjectId=${applicationId}`);
    expect(res.status).toBe(200);
    const events = AuditEventSchema.array().parse(((await res.json()) as { events: unknown }).events);
    // Newest first; actions a millisecond apart may share a timestamp, so compare as a set.
    const actions = events.map((e) => e.action);
    expect(actions[0]).toBe('application.viewed');
    expect([...actions].sort()).toEqual(['application.viewed', 'case.materials_received', 'case.materials_requested', 'case.refused', 'refusal_letter.viewed']);
    for (const event of events) expect(event).toMatchObject({ actorKind: 'account', actorName: '审查员王五', subjectKind: 'application', subjectId: applicationId });
    expect(events.find((e) => e.action === 'case.refused')?.detail).toEqual({ from: 'received', to: 'refused' });
    expect(events.find((e) => e.action === 'case.materials_requested')?.detail).toMatchObject({ materialIds: ['labour_evidence'] });
    const text = JSON.stringify(events);
    for (const secret of ['请补交工资条', '申请事项不属于', '李四', '440524188001010014']) expect(text).not.toContain(secret);
  });
});
