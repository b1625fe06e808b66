// Status back to citizens (issue 5): the kiosk's signed look-up by the card on its reader, and the
// public page / JSON behind the receipt's QR code. Neither may carry personal data; a wrong code and
// an unknown number must look the same; the page is rate-limited. Real centre, real HTTP.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CitizenStatusSchema, CONSOLE_API, STATUS_PATHS, StatusLookupResponseSchema, AuditEventSchema } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS, CentreErrorSchema, CommitResponseSchema } from '../../domain/centre/protocol.ts';
import type { ApplicationRecord, Party } from '../../domain/legal-aid/application.ts';
import { applicant, sampleRecord, wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { gb11643CheckChar } from '../../domain/idcard/id-number.ts';
import { buildCentre } from '../../center/server/app.ts';
import { quietLogger } from '../../center/server/logger.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  createTestAccount,
  enrolKiosk,
  loginAs,
  signedJson,
  startTestCentre,
  type ConsoleClient,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';

/** A second person (a valid GB 11643 number), so a look-up can be shown to find only its own. */
const otherApplicant: Party = { ...applicant, name: '王芳', sex: 'female', birthDate: '1949-12-31', idNumber: '11010519491231002X' };

const withCheckChar = (first17: string) => `${first17}${gb11643CheckChar(first17)}`;

/** Everything personal in the sample records: none of it may appear in a citizen's view. */
const PERSONAL = [
  applicant.name,
  applicant.idNumber,
  applicant.address ?? '',
  otherApplicant.name,
  otherApplicant.idNumber,
  '13800138000',
  wageClaim().facts,
  '某某建筑劳务有限公司',
  '壮族',
];

const expectNoPersonalData = (text: string) => {
  for (const value of PERSONAL) expect(text).not.toContain(value);
};

describe.each(centreDatabases())('on %s', (database) => {
  const lookupKey = randomBytes(32);
  let centre: TestCentre;
  let kiosk: TestKiosk;
  let otherKiosk: TestKiosk;
  let staff: ConsoleClient;
  let sequence = 0;

  beforeAll(async () => {
    centre = await startTestCentre({ database, lookupKey });
    kiosk = await enrolKiosk(centre.baseUrl);
    otherKiosk = await enrolKiosk(centre.baseUrl);
    const account = await createTestAccount(centre, { role: 'staff' });
    staff = await loginAs(centre.baseUrl, account.username, account.password);
  });
  afterAll(async () => {
    await centre?.close();
  });

  const submit = async (overrides: Partial<ApplicationRecord> = {}, from = kiosk) => {
    sequence += 1;
    const record = sampleRecord({ localNumber: `LA-STATUS-${sequence}`, shortCode: `QR${sequence}X`, ...overrides });
    const applicationId = randomUUID();
    const res = await signedJson(centre.baseUrl, from, CENTRE_PATHS.commit, { applicationId, record, attachments: [] });
    expect(res.status).toBe(201);
    const { acceptanceNumber } = CommitResponseSchema.parse(await res.json());
    return { applicationId, acceptanceNumber, localNumber: record.localNumber, shortCode: record.shortCode };
  };

  const lookup = (idNumber: string, from = kiosk) => signedJson(centre.baseUrl, from, STATUS_PATHS.kioskLookup, { idNumber });
  const publicJson = (number: string, code: string) => fetch(`${centre.baseUrl}${STATUS_PATHS.publicJson}/${encodeURIComponent(number)}?c=${encodeURIComponent(code)}`);
  const publicPage = (number: string, code: string) => fetch(`${centre.baseUrl}${STATUS_PATHS.publicPage}/${encodeURIComponent(number)}?c=${encodeURIComponent(code)}`);

  it('finds by ID card only the applications of the person on the reader, without personal data, and audits the count', async () => {
    const first = await submit();
    const second = await submit();
    const others = await submit({ applicant: otherApplicant });

    const res = await lookup(applicant.idNumber);
    expect(res.status).toBe(200);
    const text = await res.text();
    expectNoPersonalData(text);
    const found = StatusLookupResponseSchema.parse(JSON.parse(text));
    const numbers = found.applications.map((a) => a.acceptanceNumber);
    expect(numbers).toEqual(expect.arrayContaining([first.acceptanceNumber, second.acceptanceNumber]));
    expect(numbers).not.toContain(others.acceptanceNumber);
    expect(found.applications.find((a) => a.acceptanceNumber === first.acceptanceNumber)).toMatchObject({
      localNumber: first.localNumber,
      status: 'received',
      matterId: 'labour_pay',
      requestedMaterials: null,
      lawyerName: null,
    });

    const theirs = StatusLookupResponseSchema.parse(await (await lookup(otherApplicant.idNumber)).json());
    expect(theirs.applications.map((a) => a.acceptanceNumber)).toEqual([others.acceptanceNumber]);
    const nobody = StatusLookupResponseSchema.parse(await (await lookup('440524188001010022')).json());
    expect(nobody.applications).toEqual([]);

    const audit = await staff.get(`${CONSOLE_API.audit}?subjectKind=kiosk&subjectId=${kiosk.kioskId}`);
    const events = AuditEventSchema.array().parse(((await audit.json()) as { events: unknown }).events);
    const lookups = events.filter((e) => e.action === 'status.lookup');
    expect(lookups.map((e) => e.detail)).toEqual(expect.arrayContaining([{ count: 2 }, { count: 1 }, { count: 0 }]));
    for (const event of lookups) expect(event).toMatchObject({ actorKind: 'kiosk', actorName: '测试服务站', subjectId: kiosk.kioskId });
    expectNoPersonalData(JSON.stringify(events));
  });

  it('finds an application made on someone’s behalf (第四十条) by the agent’s card as well as the applicant’s', async () => {
    const agent: Party = { ...applicant, name: '李大', birthDate: '1960-05-05', idNumber: withCheckChar('44052419600505001') };
    const made = await submit({ agent, answers: wageClaim({ onBehalf: { relationship: 'close_relative', note: '' } }) });
    const byAgent = StatusLookupResponseSchema.parse(await (await lookup(agent.idNumber)).json());
    expect(byAgent.applications.map((a) => a.acceptanceNumber)).toEqual([made.acceptanceNumber]);
    const byApplicant = StatusLookupResponseSchema.parse(await (await lookup(applicant.idNumber)).json());
    expect(byApplicant.applications.map((a) => a.acceptanceNumber)).toContain(made.acceptanceNumber);
  });

  it('refuses a malformed or unsigned look-up', async () => {
    const malformed = await signedJson(centre.baseUrl, kiosk, STATUS_PATHS.kioskLookup, { idNumber: "' OR 1=1 --" });
    expect(malformed.status).toBe(400);
    const error = CentreErrorSchema.parse(await malformed.json()).error;
    expect(error.message).toContain('idNumber');
    expect(error.message).not.toContain('OR 1=1');
    const unsigned = await fetch(`${centre.baseUrl}${STATUS_PATHS.kioskLookup}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ idNumber: applicant.idNumber }),
    });
    expect(unsigned.status).toBe(401);
  });

  it('shows the public page and JSON by local number and by acceptance number with the receipt code', async () => {
    const app = await submit();
    for (const number of [app.localNumber, app.acceptanceNumber]) {
      const json = await publicJson(number, app.shortCode);
      expect(json.status).toBe(200);
      const status = CitizenStatusSchema.parse(await json.json());
      expect(status).toMatchObject({ acceptanceNumber: app.acceptanceNumber, localNumber: app.localNumber, status: 'received' });
      expect(status.decisionDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const page = await publicPage(number, app.shortCode);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/script-src|unsafe-inline/);
      const html = await page.text();
      expect(html).toContain('name="viewport"');
      expect(html).toContain('已收到您的申请，正在审查');
      expect(html).toContain(app.acceptanceNumber);
      expect(html).toContain('被拖欠工资');
      // Nothing loads from elsewhere and nothing runs.
      expect(html).not.toMatch(/<script|<link|src="http|href="http/);
      expectNoPersonalData(html);
    }
  });

  it('answers a wrong code and an unknown number with the same kind 404', async () => {
    const app = await submit();
    const wrongCode = await publicJson(app.localNumber, 'WRONG1');
    const unknown = await publicJson('LA-NO-SUCH-1', 'WRONG1');
    const malformed = await publicJson('../../etc', "' OR 1=1");
    expect([wrongCode.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    const bodies = await Promise.all([wrongCode.text(), unknown.text(), malformed.text()]);
    expect(new Set(bodies).size).toBe(1);
    expect(CentreErrorSchema.parse(JSON.parse(bodies[0] ?? '')).error.code).toBe('not_found');

    const pageWrong = await publicPage(app.acceptanceNumber, 'WRONG1');
    const pageUnknown = await publicPage('440106-1999-000001', 'WRONG1');
    expect([pageWrong.status, pageUnknown.status]).toEqual([404, 404]);
    const [htmlWrong, htmlUnknown] = [await pageWrong.text(), await pageUnknown.text()];
    expect(htmlWrong).toBe(htmlUnknown);
    expect(htmlWrong).toContain('刚刚提交的申请可能还没有传到法律援助中心');
    expect(htmlWrong).toContain('12348');
    // The right code typed in lower case is still the code.
    expect((await publicJson(app.localNumber, app.shortCode.toLowerCase())).status).toBe(200);
  });

  it('tells two kiosks’ identical local numbers apart by the short code', async () => {
    const mine = await submit({ localNumber: 'LA-SHARED-0001', shortCode: 'MINE01' });
    const theirs = await submit({ localNumber: 'LA-SHARED-0001', shortCode: 'THEIRS' }, otherKiosk);
    const a = CitizenStatusSchema.parse(await (await publicJson('LA-SHARED-0001', 'MINE01')).json());
    const b = CitizenStatusSchema.parse(await (await publicJson('LA-SHARED-0001', 'THEIRS')).json());
    expect(a.acceptanceNumber).toBe(mine.acceptanceNumber);
    expect(b.acceptanceNumber).toBe(theirs.acceptanceNumber);
  });

  it('shows requested materials by name with the due date, then the assigned lawyer, and never personal data', async () => {
    const app = await submit();
    const requested = await staff.post(`${CONSOLE_API.applications}/${app.applicationId}/request-materials`, {
      version: 1,
      materialIds: ['labour_evidence', 'proof_migrant_worker'],
      note: '李四请补交工资条',
      dueInDays: 15,
    });
    expect(requested.status).toBe(200);
    const status = CitizenStatusSchema.parse(await (await publicJson(app.localNumber, app.shortCode)).json());
    expect(status.status).toBe('materials_requested');
    expect(status.requestedMaterials).toEqual(['labour_evidence', 'proof_migrant_worker']);
    expect(status.decisionDueOn).toBeNull();
    const due = status.materialsDueOn ?? '';
    const html = await (await publicPage(app.localNumber, app.shortCode)).text();
    expect(html).toContain('法律援助中心需要您补交材料');
    // Names as the Guangdong rule pack words them (the application was made at a 440106 kiosk).
    expect(html).toContain('劳动关系、欠薪或解除劳动关系的证据');
    expect(html).toContain('进城务工的证明');
    expect(html).toContain(`${due.slice(0, 4)}年${Number(due.slice(5, 7))}月${Number(due.slice(8, 10))}日`);
    expect(html).toContain('视为撤回');
    // The staff note may name the person: it is not shown.
    expect(html).not.toContain('请补交工资条');
    expectNoPersonalData(html);

    expect((await staff.post(`${CONSOLE_API.applications}/${app.applicationId}/materials-received`, { version: 2 })).status).toBe(200);
    const lawyer = await createTestAccount(centre, { role: 'lawyer', displayName: '孙律师' });
    expect((await staff.post(`${CONSOLE_API.applications}/${app.applicationId}/grant`, { version: 3, lawyerId: lawyer.id })).status).toBe(200);
    const assigned = await (await publicPage(app.acceptanceNumber, app.shortCode)).text();
    expect(assigned).toContain('已为您指派律师');
    expect(assigned).toContain('孙律师');
    expectNoPersonalData(assigned);
    const fromKiosk = StatusLookupResponseSchema.parse(await (await lookup(applicant.idNumber)).json());
    expect(fromKiosk.applications.find((a) => a.acceptanceNumber === app.acceptanceNumber)).toMatchObject({ status: 'assigned', lawyerName: '孙律师' });
  });

  it('rate-limits the public page per address', async () => {
    const limited = await startTestCentre({
      database,
      rateLimits: { kiosk: { capacity: 100, perSecond: 10 }, anonymous: { capacity: 100, perSecond: 10 }, publicStatus: { capacity: 3, perSecond: 0.001 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.baseUrl}${STATUS_PATHS.publicPage}/LA-X-${i}?c=ABC${i}`)).status);
      expect(statuses).toEqual([404, 404, 404, 429, 429]);
      const busy = await fetch(`${limited.baseUrl}${STATUS_PATHS.publicPage}/LA-X-8?c=ABC`);
      expect(busy.status).toBe(429);
      expect(await busy.text()).toContain('请过几分钟再查');
      const json = await fetch(`${limited.baseUrl}${STATUS_PATHS.publicJson}/LA-X-9?c=ABC`);
      expect(json.status).toBe(429);
      expect(CentreErrorSchema.parse(await json.json()).error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });

  it('does not answer a revoked kiosk', async () => {
    const revokedKiosk = await enrolKiosk(centre.baseUrl);
    expect((await lookup(applicant.idNumber, revokedKiosk)).status).toBe(200);
    const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    expect((await admin.post(`${CONSOLE_API.kiosks}/${revokedKiosk.kioskId}/revoke`)).status).toBe(200);
    const res = await lookup(applicant.idNumber, revokedKiosk);
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(CentreErrorSchema.parse(JSON.parse(text)).error.code).toBe('revoked');
    expectNoPersonalData(text);
  });

  it('gives applications committed before cases existed their case at start, found by card again', async () => {
    const app = await submit({ applicant: otherApplicant });
    await centre.db.deleteFrom('cases').where('application_id', '=', app.applicationId).execute();
    expect(StatusLookupResponseSchema.parse(await (await lookup(otherApplicant.idNumber)).json()).applications.map((a) => a.acceptanceNumber)).not.toContain(
      app.acceptanceNumber,
    );
    // A second server on the same database and key, as after an upgrade and restart.
    const restarted = await buildCentre({ host: '127.0.0.1', port: 0, dataDir: centre.dataDir, db: centre.db, centreName: '测试法律援助中心', now: Date.now, logger: quietLogger, lookupKey });
    try {
      const res = await signedJson(restarted.baseUrl, kiosk, STATUS_PATHS.kioskLookup, { idNumber: otherApplicant.idNumber });
      const found = StatusLookupResponseSchema.parse(await res.json());
      expect(found.applications.find((a) => a.acceptanceNumber === app.acceptanceNumber)).toMatchObject({ status: 'received' });
    } finally {
      await restarted.stop();
    }
  });
});
