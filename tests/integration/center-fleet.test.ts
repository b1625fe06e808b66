// The centre's fleet page (issue 5): a kiosk enrolled with a code from the console, its heartbeats
// shown with online state and faults, offline after missed beats, and revoking it end to end.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API, EnrolmentCodeSchema, KioskSummarySchema, type KioskSummary } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS, CentreErrorSchema, EnrolResponseSchema, type HeartbeatRequest } from '../../domain/centre/protocol.ts';
import { sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import {
  countRows,
  createTestAccount,
  fakeJpeg,
  loginAs,
  newKioskKeys,
  sha256Hex,
  signedJson,
  startTestCentre,
  uploadBytes,
  type ConsoleClient,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

const SECOND = 1000;

const HEALTHY: HeartbeatRequest = {
  version: '0.1.0',
  uptimeSeconds: 600,
  reader: 'ready',
  printers: { receipt: 'ready', a4: 'ready' },
  diskFreeBytes: 50 * 1024 ** 3,
  outbox: { pending: 0, oldestCreatedAt: null },
};

describe.each(centreDatabases())('on %s', (database) => {
  // The centre's clock; kiosks sign with the same clock so their requests stay within the skew.
  let clock = Date.now();
  let centre: TestCentre;
  let technician: ConsoleClient;
  beforeAll(async () => {
    centre = await startTestCentre({ database, now: () => clock });
    const account = await createTestAccount(centre, { role: 'technician', displayName: '赵技术员' });
    technician = await loginAs(centre.baseUrl, account.username, account.password);
  });
  afterAll(async () => {
    await centre?.close();
  });

  const errorCode = async (res: Response) => CentreErrorSchema.parse(await res.json()).error.code;
  const beat = (kiosk: TestKiosk, health: HeartbeatRequest) => signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, health, { time: clock });
  const fleet = async (): Promise<KioskSummary[]> => {
    const res = await technician.get(CONSOLE_API.kiosks);
    expect(res.status).toBe(200);
    return KioskSummarySchema.array().parse(await res.json());
  };
  const kioskRow = async (kioskId: string) => (await fleet()).find((k) => k.kioskId === kioskId);

  /** What a technician does: make a code in the console, type it into the kiosk's wizard. */
  const enrolFromConsole = async (stationName: string): Promise<TestKiosk> => {
    const made = await technician.post(CONSOLE_API.enrolmentCodes);
    expect(made.status).toBe(201);
    const { code } = EnrolmentCodeSchema.parse(await made.json());
    const kiosk = newKioskKeys();
    const res = await fetch(`${centre.baseUrl}${CENTRE_PATHS.enrol}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, publicKey: kiosk.publicKeySpki, stationName, regionCode: '440106' }),
    });
    expect(res.status).toBe(201);
    kiosk.kioskId = EnrolResponseSchema.parse(await res.json()).kioskId;
    return kiosk;
  };

  it('shows a kiosk enrolled with a console code, offline until its first heartbeat', async () => {
    const kiosk = await enrolFromConsole('天河区公共法律服务站');
    const row = await kioskRow(kiosk.kioskId);
    expect(row).toMatchObject({ stationName: '天河区公共法律服务站', regionCode: '440106', revokedAt: null, lastSeenAt: null, online: false, health: null, faults: ['offline'] });

    // The code is in the trail as made by the technician, but the code itself is not.
    const created = await centre.db.selectFrom('audit_events').selectAll().where('action', '=', 'enrolment_code.created').execute();
    expect(created.some((e) => e.actor_kind === 'account' && e.actor_id === technician.account.id)).toBe(true);
    const enrolled = await centre.db.selectFrom('audit_events').selectAll().where('action', '=', 'kiosk.enrolled').where('subject_id', '=', kiosk.kioskId).execute();
    expect(enrolled).toHaveLength(1);
  });

  it('never keeps an enrolment code in the audit trail', async () => {
    const made = await technician.post(CONSOLE_API.enrolmentCodes);
    const { code } = EnrolmentCodeSchema.parse(await made.json());
    const trail = JSON.stringify(await centre.db.selectFrom('audit_events').selectAll().execute());
    expect(trail).not.toContain(code);
  });

  it('shows the last heartbeat with its faults, and goes offline after three missed beats', async () => {
    const kiosk = await enrolFromConsole('越秀区法律援助站');
    const ailing: HeartbeatRequest = {
      ...HEALTHY,
      reader: 'disconnected',
      printers: { receipt: 'out_of_paper', a4: 'ready' },
      diskFreeBytes: 200 * 1024 ** 2,
      outbox: { pending: 4, oldestCreatedAt: new Date(clock - 2 * 3600 * SECOND).toISOString() },
    };
    expect((await beat(kiosk, ailing)).status).toBe(200);
    let row = await kioskRow(kiosk.kioskId);
    expect(row?.online).toBe(true);
    expect(row?.lastSeenAt).toBe(new Date(clock).toISOString());
    expect(row?.health).toEqual(ailing);
    expect(row?.faults).toEqual(['printer.receipt.out_of_paper', 'reader.disconnected', 'disk.low', 'outbox.stale']);

    // Fixed: the next beat clears the faults.
    clock += 60 * SECOND;
    expect((await beat(kiosk, HEALTHY)).status).toBe(200);
    row = await kioskRow(kiosk.kioskId);
    expect(row).toMatchObject({ online: true, faults: [] });

    // Silent for just under three minutes: still online; just over: offline.
    clock += 3 * 60 * SECOND - 1;
    expect((await kioskRow(kiosk.kioskId))?.online).toBe(true);
    clock += 2;
    row = await kioskRow(kiosk.kioskId);
    expect(row).toMatchObject({ online: false, faults: ['offline'] });
    // It comes back with its next beat.
    expect((await beat(kiosk, HEALTHY)).status).toBe(200);
    expect((await kioskRow(kiosk.kioskId))?.online).toBe(true);
  });

  it('revokes a kiosk: its next signed requests are refused as revoked, nothing it sends is stored', async () => {
    // The upload helper signs with the real time: bring the centre's clock back to it.
    clock = Date.now();
    const kiosk = await enrolFromConsole('海珠区法律援助站');
    // Before: its uploads go through.
    const photo = fakeJpeg(2000, 3);
    await uploadBytes(centre.baseUrl, kiosk, photo, { applicationId: randomUUID(), attachmentId: randomUUID(), sha256: sha256Hex(photo), filetype: 'image/jpeg' });
    expect((await beat(kiosk, HEALTHY)).status).toBe(200);

    const res = await technician.post(`${CONSOLE_API.kiosks}/${kiosk.kioskId}/revoke`);
    expect(res.status).toBe(200);
    const revoked = KioskSummarySchema.parse(await res.json());
    expect(revoked.revokedAt).toBe(new Date(clock).toISOString());
    expect(revoked).toMatchObject({ online: false, faults: [] });

    const heartbeat = await beat(kiosk, HEALTHY);
    expect(heartbeat.status).toBe(403);
    expect(await errorCode(heartbeat)).toBe('revoked');

    const applications = await countRows(centre, 'applications');
    const commit = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId: randomUUID(), record: sampleRecord(), attachments: [] }, { time: clock });
    expect(commit.status).toBe(403);
    expect(await errorCode(commit)).toBe('revoked');
    expect(await countRows(centre, 'applications')).toBe(applications);

    const upload = await uploadBytes(centre.baseUrl, kiosk, photo, { applicationId: randomUUID(), attachmentId: randomUUID(), sha256: sha256Hex(photo), filetype: 'image/jpeg' }).catch(
      (error: Error) => error.message,
    );
    expect(upload).toMatch(/^tus create failed: 403/);

    // Revoking again changes nothing; the trail names the technician once.
    const again = await technician.post(`${CONSOLE_API.kiosks}/${kiosk.kioskId}/revoke`);
    expect(KioskSummarySchema.parse(await again.json()).revokedAt).toBe(revoked.revokedAt);
    const trail = await centre.db.selectFrom('audit_events').selectAll().where('action', '=', 'kiosk.revoked').where('subject_id', '=', kiosk.kioskId).execute();
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ actor_kind: 'account', actor_id: technician.account.id });
    expect((await kioskRow(kiosk.kioskId))?.revokedAt).toBe(revoked.revokedAt);
  });

  it('answers 404 for revoking a kiosk that does not exist', async () => {
    const res = await technician.post(`${CONSOLE_API.kiosks}/${randomUUID()}/revoke`);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('not_found');
  });
});

describe('a centre whose kiosks beat every 10 seconds', () => {
  let clock = Date.now();
  let centre: TestCentre;
  beforeAll(async () => {
    centre = await startTestCentre({ now: () => clock, heartbeatIntervalMs: 10 * SECOND });
  });
  afterAll(async () => {
    await centre?.close();
  });

  it('calls a kiosk offline after 30 silent seconds', async () => {
    const admin = await createTestAccount(centre, { role: 'admin' });
    const client = await loginAs(centre.baseUrl, admin.username, admin.password);
    const { code } = EnrolmentCodeSchema.parse(await (await client.post(CONSOLE_API.enrolmentCodes)).json());
    const kiosk = newKioskKeys();
    const enrolled = await fetch(`${centre.baseUrl}${CENTRE_PATHS.enrol}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, publicKey: kiosk.publicKeySpki, stationName: '测试站', regionCode: '440106' }),
    });
    kiosk.kioskId = EnrolResponseSchema.parse(await enrolled.json()).kioskId;
    expect((await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTHY, { time: clock })).status).toBe(200);
    const online = async () => KioskSummarySchema.array().parse(await (await client.get(CONSOLE_API.kiosks)).json())[0]?.online;
    clock += 30 * SECOND;
    expect(await online()).toBe(true);
    clock += 1;
    expect(await online()).toBe(false);
  });
});
