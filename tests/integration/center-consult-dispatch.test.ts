// Video consultations, who answers (issue 6): the centre's dispatcher rings the county's lawyers
// first, then the province's, then the nation's; the first accept wins, in the database too; a
// missed, declined or lost ring moves on; nobody available gives the honest fallback (queue position,
// callback slot, 12348). Real centre on loopback (SQLite and PostgreSQL), real WebSocket clients.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatchConfig } from '../../domain/dispatch/model.ts';
import {
  availableLawyer,
  consultRequest,
  createTestLawyer,
  enrolKioskAt,
  openKioskSocket,
  type ConsoleConsultSocket,
  type KioskConsultSocket,
} from '../../center/server/testing/consult-clients.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';
import { loginAs, startTestCentre, type TestAccount, type TestCentre } from '../../center/server/testing/harness.ts';
import { NO_ICE_SERVERS } from '../../center/server/consult/ice.ts';

const RING_MS = 1500;
const GRACE_MS = 800;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(centreDatabases())('dispatch on %s', (database) => {
  let centre: TestCentre;
  let slow: TestCentre;
  const open: { close(): void }[] = [];
  // A province of its own for each test (county tier and province tier stay apart between tests);
  // the national tier is everyone, so every test closes its consoles (their lawyers go away).
  const provinces = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53'];
  let next = 0;
  const province = () => provinces[next++ % provinces.length] as string;

  beforeAll(async () => {
    centre = await startTestCentre({
      database,
      consult: {
        dispatch: dispatchConfig({ ringMs: RING_MS, fallbackAfterMs: 20_000, wrapUpMs: 0, maxMissedRings: 1 }),
        ice: NO_ICE_SERVERS,
        graceMs: GRACE_MS,
      },
    });
    // Rings longer than the fallback deadline: the citizen hears the fallback while a ring goes on.
    slow = await startTestCentre({
      database,
      consult: { dispatch: dispatchConfig({ ringMs: 8000, fallbackAfterMs: 1500, wrapUpMs: 0 }), ice: NO_ICE_SERVERS, graceMs: GRACE_MS },
    });
  });
  afterEach(async () => {
    for (const socket of open.splice(0)) socket.close();
    // Waiting requests of closed kiosks are cancelled after the grace; none may leak into the next test.
    await sleep(GRACE_MS + 300);
  });
  afterAll(async () => {
    await centre?.close();
    await slow?.close();
  });

  const track = <T extends { close(): void }>(socket: T): T => {
    open.push(socket);
    return socket;
  };

  const lawyerAt = async (on: TestCentre, regionCode: string, matterCategories?: ('labour' | 'family')[]): Promise<{ account: TestAccount; socket: ConsoleConsultSocket }> => {
    const account = await createTestLawyer(on, { regionCodes: [regionCode], ...(matterCategories ? { matterCategories } : {}) });
    const socket = track(await availableLawyer(on.baseUrl, await loginAs(on.baseUrl, account.username, account.password)));
    return { account, socket };
  };

  const kioskAt = async (on: TestCentre, regionCode: string): Promise<KioskConsultSocket> => {
    const socket = track(await openKioskSocket(on.baseUrl, await enrolKioskAt(on.baseUrl, { stationName: `${regionCode}服务站`, regionCode })));
    await socket.nextMessage('hello');
    return socket;
  };

  const row = (on: TestCentre, id: string) => on.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('rings the county first, then the province, then the nation, and connects whoever answers', async () => {
    const p = province();
    const [q] = [province()];
    const county = await lawyerAt(centre, `${p}0102`);
    const provincial = await lawyerAt(centre, `${p}0203`);
    const national = await lawyerAt(centre, `${q}0101`);
    const kiosk = await kioskAt(centre, `${p}0102`);
    const request = consultRequest();
    kiosk.send(request);

    expect((await county.socket.nextMessage('ring')).tier).toBe('county');
    expect(await kiosk.nextMessage('waiting')).toMatchObject({ tier: 'county', ringing: 1, queuePosition: null });
    // Unanswered: the ring runs out, the county lawyer is set away, the province rings.
    expect((await county.socket.nextMessage('ringCancelled', { timeoutMs: RING_MS + 3000 })).reason).toBe('expired');
    expect(await county.socket.nextMessage('presence', { where: (m) => m.presence === 'away' })).toMatchObject({ reason: 'missed_rings' });
    expect((await provincial.socket.nextMessage('ring', { timeoutMs: RING_MS + 3000 })).tier).toBe('province');
    expect((await kiosk.nextMessage('waiting', { where: (m) => m.tier === 'province' })).ringing).toBe(1);
    expect((await national.socket.nextMessage('ring', { timeoutMs: RING_MS + 3000 })).tier).toBe('national');
    await kiosk.nextMessage('waiting', { where: (m) => m.tier === 'national' });
    national.socket.send({ type: 'accept', consultationId: request.consultationId });
    await kiosk.nextMessage('connected');
    await national.socket.nextMessage('connected');

    await centre.consult.settled();
    const stored = await row(centre, request.consultationId);
    expect(stored).toMatchObject({ phase: 'connected', lawyer_account_id: national.account.id, answered_tier: 'national' });
    expect(Number(stored.answer_ms)).toBeGreaterThanOrEqual(2 * RING_MS);
    const timeline = await centre.consult.repository.timeline(request.consultationId);
    expect(timeline.map((e) => e.kind)).toEqual(['requested', 'offered', 'ring_missed', 'escalated', 'offered', 'ring_missed', 'escalated', 'offered', 'accepted']);
    expect(timeline.filter((e) => e.kind === 'offered').map((e) => e.tier)).toEqual(['county', 'province', 'national']);
    expect(JSON.parse(timeline[1]?.detail ?? '{}')).toEqual({ lawyerIds: [county.account.id] });
    expect(timeline.every((e, i) => i === 0 || e.sinceRequestMs >= (timeline[i - 1]?.sinceRequestMs ?? 0))).toBe(true);
  });

  it('lets exactly one of two lawyers who accept the same ring have the call', async () => {
    const region = `${province()}0102`;
    const first = await lawyerAt(centre, region);
    const second = await lawyerAt(centre, region);
    const kiosk = await kioskAt(centre, region);
    const request = consultRequest();
    kiosk.send(request);
    await first.socket.nextMessage('ring');
    await second.socket.nextMessage('ring');
    first.socket.send({ type: 'accept', consultationId: request.consultationId });
    second.socket.send({ type: 'accept', consultationId: request.consultationId });

    await kiosk.nextMessage('connected');
    const outcome = async (socket: ConsoleConsultSocket) => {
      const won = await socket.nextMessage('connected', { timeoutMs: 1500 }).then(
        () => true,
        () => false,
      );
      return won;
    };
    const [firstWon, secondWon] = await Promise.all([outcome(first.socket), outcome(second.socket)]);
    expect([firstWon, secondWon].filter(Boolean)).toHaveLength(1);
    const loser = firstWon ? second : first;
    const winner = firstWon ? first : second;
    expect((await loser.socket.nextMessage('acceptRefused')).reason).toBe('taken');
    expect((await loser.socket.nextMessage('ringCancelled')).reason).toBe('taken');
    await centre.consult.settled();
    expect((await row(centre, request.consultationId)).lawyer_account_id).toBe(winner.account.id);
    const booked = await centre.db.selectFrom('consultations').select('lawyer_account_id').where('id', '=', request.consultationId).execute();
    expect(booked).toHaveLength(1);
  });

  it('claims in the database once: a consultation for one lawyer, a lawyer for one call', async () => {
    const region = `${province()}0102`;
    const kiosk = await enrolKioskAt(centre.baseUrl, { stationName: '并发测试站', regionCode: region });
    const a = await createTestLawyer(centre, { regionCodes: [region] });
    const b = await createTestLawyer(centre, { regionCodes: [region] });
    const repo = centre.consult.repository;
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) {
      await repo.create({ id, kioskId: kiosk.kioskId, stationName: '并发测试站', regionCode: region, matterCategory: 'labour', language: 'zh', requestedAt: new Date().toISOString() });
    }
    const at = { connectedAt: new Date().toISOString(), answeredTier: 'county', answerMs: 100 };
    // Two dispatchers' claims of one consultation at the same moment: one wins.
    const sameCall = await Promise.all([repo.markConnected(ids[0] as string, a.id, at), repo.markConnected(ids[0] as string, b.id, at)]);
    expect(sameCall.filter(Boolean)).toHaveLength(1);
    // One lawyer claimed for two consultations at the same moment (a is booked if a won above; use b's turn).
    const free = sameCall[0] ? b : a;
    const other = randomUUID();
    await repo.create({ id: other, kioskId: kiosk.kioskId, stationName: '并发测试站', regionCode: region, matterCategory: 'labour', language: 'zh', requestedAt: new Date().toISOString() });
    const sameLawyer = await Promise.all([repo.markConnected(ids[1] as string, free.id, at), repo.markConnected(other, free.id, at)]);
    expect(sameLawyer.filter(Boolean)).toHaveLength(1);
    const rows = await centre.db.selectFrom('consultations').select(['lawyer_account_id']).where('id', 'in', [...ids, other]).where('phase', '=', 'connected').execute();
    expect(rows.map((r) => r.lawyer_account_id).sort()).toEqual([a.id, b.id].sort());
  });

  it('rings the next lawyer at once when a ringing console goes away or declines', async () => {
    const p = province();
    const county = await lawyerAt(centre, `${p}0102`);
    const provincial = await lawyerAt(centre, `${p}0305`);
    const kiosk = await kioskAt(centre, `${p}0102`);
    const request = consultRequest();
    kiosk.send(request);
    await county.socket.nextMessage('ring');
    county.socket.close();
    // Long before the ring would have run out.
    expect((await provincial.socket.nextMessage('ring', { timeoutMs: RING_MS - 500 })).tier).toBe('province');
    provincial.socket.send({ type: 'decline', consultationId: request.consultationId });
    // Nobody else anywhere: the honest fallback, at once.
    const fallback = await kiosk.nextMessage('fallback', { timeoutMs: RING_MS - 500 });
    expect(fallback.reason).toBe('tiers_exhausted');
    await centre.consult.settled();
    const kinds = (await centre.consult.repository.timeline(request.consultationId)).map((e) => e.kind);
    expect(kinds).toEqual(['requested', 'offered', 'declined', 'escalated', 'offered', 'declined', 'escalated', 'fallback']);
    kiosk.send({ type: 'cancel', consultationId: request.consultationId });
    expect((await kiosk.nextMessage('ended')).reason).toBe('cancelled');
  });

  it('gives the fallback when nobody is available (queue position, callback slot, 12348), and serves the queue first', async () => {
    const p = province();
    const kiosk = await kioskAt(centre, `${p}0102`);
    const other = await kioskAt(centre, `${p}0103`);
    const request = consultRequest();
    const later = consultRequest();
    kiosk.send(request);
    const fallback = await kiosk.nextMessage('fallback');
    expect(fallback).toMatchObject({ reason: 'nobody_available', queuePosition: 1, hotline: '12348' });
    const starts = Date.parse(fallback.callbackSlot.startsAt);
    expect(starts - Date.now()).toBeGreaterThanOrEqual(14 * 60_000);
    expect(starts % (30 * 60_000)).toBe(0);
    expect(Date.parse(fallback.callbackSlot.endsAt) - starts).toBe(30 * 60_000);
    expect(await kiosk.nextMessage('waiting')).toMatchObject({ tier: 'queue', ringing: 0, queuePosition: 1 });
    other.send(later);
    expect((await other.nextMessage('fallback')).queuePosition).toBe(2);
    await centre.consult.settled();
    expect((await row(centre, request.consultationId)).phase).toBe('queued');

    // A lawyer comes online: the oldest queued request rings first; the next moves up one.
    const lawyer = await lawyerAt(centre, `${p}0102`);
    const ring = await lawyer.socket.nextMessage('ring');
    expect(ring).toMatchObject({ consultationId: request.consultationId, tier: 'queue' });
    lawyer.socket.send({ type: 'accept', consultationId: request.consultationId });
    await kiosk.nextMessage('connected');
    expect(await other.nextMessage('waiting', { where: (m) => m.queuePosition === 1 })).toMatchObject({ tier: 'queue' });
    await centre.consult.settled();
    expect((await row(centre, request.consultationId)).answered_tier).toBe('queue');
  });

  it('gives the fallback when nobody has answered by the deadline, and still connects a late answer', async () => {
    const region = `${province()}0102`;
    const lawyer = await lawyerAt(slow, region);
    const kiosk = await kioskAt(slow, region);
    const request = consultRequest();
    kiosk.send(request);
    await lawyer.socket.nextMessage('ring');
    expect((await kiosk.nextMessage('fallback', { timeoutMs: 5000 })).reason).toBe('timeout');
    expect(await kiosk.nextMessage('waiting', { where: (m) => m.tier === 'queue' })).toMatchObject({ ringing: 1, queuePosition: 1 });
    lawyer.socket.send({ type: 'accept', consultationId: request.consultationId });
    await kiosk.nextMessage('connected');
    await slow.consult.settled();
    expect((await row(slow, request.consultationId)).phase).toBe('connected');
  });

  it('only rings lawyers who take the matter', async () => {
    const region = `${province()}0102`;
    const family = await lawyerAt(centre, region, ['family']);
    const labour = await lawyerAt(centre, region, ['labour']);
    const kiosk = await kioskAt(centre, region);
    kiosk.send(consultRequest({ matterCategory: 'labour' }));
    await labour.socket.nextMessage('ring');
    expect(await family.socket.noMessage('ring', 300)).toBe(true);
  });

  it('keeps a waiting request through a short kiosk outage, and cancels it after the grace', async () => {
    const region = `${province()}0102`;
    const slowRing = await lawyerAt(slow, region);
    const keys = await enrolKioskAt(slow.baseUrl, { stationName: '断网测试站', regionCode: region });
    const kiosk = track(await openKioskSocket(slow.baseUrl, keys));
    const request = consultRequest();
    kiosk.send(request);
    await slowRing.socket.nextMessage('ring');
    kiosk.close();
    const back = track(await openKioskSocket(slow.baseUrl, keys));
    back.send({ type: 'resume', consultationId: request.consultationId });
    expect(await back.nextMessage('waiting')).toMatchObject({ consultationId: request.consultationId, tier: 'county', ringing: 1 });
    // A second request while one waits is refused, not queued twice.
    back.send(consultRequest());
    expect((await back.nextMessage('error')).code).toBe('busy');

    back.close();
    expect((await slowRing.socket.nextMessage('ringCancelled', { timeoutMs: GRACE_MS + 3000 })).reason).toBe('cancelled');
    await slow.consult.settled();
    expect(await row(slow, request.consultationId)).toMatchObject({ phase: 'cancelled', end_reason: 'network' });
  });

  it('drops a console that falls silent and stops ringing that lawyer; one that keeps beating stays', async () => {
    const quiet = await startTestCentre({
      database,
      consult: { dispatch: dispatchConfig({ ringMs: RING_MS, wrapUpMs: 0 }), ice: NO_ICE_SERVERS, graceMs: GRACE_MS, deadAfterMs: 1000 },
    });
    try {
      const region = `${province()}0102`;
      const silent = await lawyerAt(quiet, region);
      const beating = await lawyerAt(quiet, `${province()}0102`);
      const heartbeat = setInterval(() => beating.socket.send({ type: 'presence', presence: 'available' }), 250);
      try {
        await silent.socket.closed;
        // The centre's side of the socket closes a moment after the client's.
        await expect.poll(() => quiet.consult.presenceOf(silent.account.id), { timeout: 2000 }).toBe('away');
        expect(quiet.consult.presenceOf(beating.account.id)).toBe('available');
        // The silent lawyer's county asks: the nation's lawyer who kept beating is rung instead.
        const kiosk = await kioskAt(quiet, region);
        const heartbeatKiosk = setInterval(() => kiosk.send({ type: 'ping' }), 250);
        kiosk.send(consultRequest());
        expect((await beating.socket.nextMessage('ring')).tier).toBe('national');
        clearInterval(heartbeatKiosk);
      } finally {
        clearInterval(heartbeat);
      }
    } finally {
      for (const socket of open.splice(0)) socket.close();
      await quiet.close();
    }
  });

  it('matches by a saved profile at once, and stops ringing a lawyer whose profile is removed', async () => {
    const p = province();
    const lawyer = await lawyerAt(centre, `${p}0102`);
    await centre.db.updateTable('lawyer_profiles').set({ region_codes: JSON.stringify([`${p}0909`]) }).where('account_id', '=', lawyer.account.id).execute();
    await centre.consult.profileChanged(lawyer.account.id);
    const kiosk = await kioskAt(centre, `${p}0909`);
    const request = consultRequest();
    kiosk.send(request);
    // The new county is now the lawyer's own.
    expect((await lawyer.socket.nextMessage('ring')).tier).toBe('county');
    lawyer.socket.send({ type: 'decline', consultationId: request.consultationId });
    await kiosk.nextMessage('fallback');
    kiosk.send({ type: 'cancel', consultationId: request.consultationId });
    await kiosk.nextMessage('ended');

    await centre.db.deleteFrom('lawyer_profiles').where('account_id', '=', lawyer.account.id).execute();
    await centre.consult.profileChanged(lawyer.account.id);
    expect(centre.consult.presenceOf(lawyer.account.id)).toBe('away');
    lawyer.socket.send({ type: 'presence', presence: 'available' });
    expect((await lawyer.socket.nextMessage('error')).code).toBe('no_profile');
    kiosk.send(consultRequest());
    expect((await kiosk.nextMessage('fallback')).reason).toBe('nobody_available');
  });

  it('cancels at the kiosk: the rings stop and the row says so', async () => {
    const region = `${province()}0102`;
    const lawyer = await lawyerAt(centre, region);
    const kiosk = await kioskAt(centre, region);
    const request = consultRequest();
    kiosk.send(request);
    await lawyer.socket.nextMessage('ring');
    kiosk.send({ type: 'cancel', consultationId: request.consultationId });
    expect((await kiosk.nextMessage('ended')).reason).toBe('cancelled');
    expect((await lawyer.socket.nextMessage('ringCancelled')).reason).toBe('cancelled');
    lawyer.socket.send({ type: 'accept', consultationId: request.consultationId });
    expect((await lawyer.socket.nextMessage('acceptRefused')).reason).toBe('cancelled');
    await centre.consult.settled();
    expect(await row(centre, request.consultationId)).toMatchObject({ phase: 'cancelled', end_reason: 'cancelled', lawyer_account_id: null });
  });
});
