// Video consultations, the centre's sockets (issue 6): a kiosk and a lawyer's console connected by
// the dispatcher, signalling relayed both ways, pushes to the kiosk's printer, identity checks and
// referrals stored, network loss with a grace period, hostile frames and refused sockets. Real
// centre on loopback (SQLite and PostgreSQL), real WebSocket clients.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API } from '../../domain/centre/console-api.ts';
import { CONSULT_PATHS, MAX_FRAME_BYTES, type Push, type Signal } from '../../domain/consult/protocol.ts';
import { dispatchConfig } from '../../domain/dispatch/model.ts';
import {
  availableLawyer,
  consultRequest,
  createTestLawyer,
  enrolKioskAt,
  openConsoleSocket,
  openKioskSocket,
  SocketRefused,
  upgradeStatus,
  type ConsoleConsultSocket,
  type KioskConsultSocket,
} from '../../center/server/testing/consult-clients.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, createTestAccount, loginAs, newKioskKeys, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';

const TURN_SECRET = 'test-turn-secret';
const GRACE_MS = 1500;

const offer: Signal = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };
const answer: Signal = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' } };
const candidate: Signal = { kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 } };

describe.each(centreDatabases())('consultation sockets on %s', (database) => {
  let centre: TestCentre;
  const open: { close(): void }[] = [];
  const logLines: string[] = [];
  let region = 100;
  /** A county of its own for each test, so no other test's lawyer is rung. */
  const nextCounty = () => `45${String(region++).padStart(4, '0')}`;

  beforeAll(async () => {
    centre = await startTestCentre({
      database,
      logger: (level, event, fields) => logLines.push(JSON.stringify({ level, event, ...fields })),
      consult: {
        dispatch: dispatchConfig({ ringMs: 5000, fallbackAfterMs: 20_000, wrapUpMs: 0, tierOrder: ['county'] }),
        ice: { stunUrls: ['stun:stun.example.org:3478'], turnUrls: ['turn:turn.example.org:3478?transport=udp'], turnSecret: TURN_SECRET, turnTtlSeconds: 600 },
        graceMs: GRACE_MS,
        frameRate: { capacity: 60, perSecond: 10 },
      },
    });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.close();
  });
  afterAll(async () => {
    await centre?.close();
  });

  const track = <T extends { close(): void }>(socket: T): T => {
    open.push(socket);
    return socket;
  };

  /** A kiosk and a lawyer in the same county, connected in a call. */
  const connectedCall = async () => {
    const county = nextCounty();
    const lawyerAccount = await createTestLawyer(centre, { regionCodes: [county], displayName: '李律师', organisation: '广西某律师事务所' });
    const lawyerClient = await loginAs(centre.baseUrl, lawyerAccount.username, lawyerAccount.password);
    const lawyer = track(await availableLawyer(centre.baseUrl, lawyerClient));
    const kioskKeys = await enrolKioskAt(centre.baseUrl, { stationName: '青秀区法律服务站', regionCode: county });
    const kiosk = track(await openKioskSocket(centre.baseUrl, kioskKeys));
    await kiosk.nextMessage('hello');
    const request = consultRequest({ citizen: { name: '王秀英', verification: 'card_only' } });
    kiosk.send(request);
    const ring = await lawyer.nextMessage('ring');
    lawyer.send({ type: 'accept', consultationId: ring.consultationId });
    const kioskConnected = await kiosk.nextMessage('connected');
    const lawyerConnected = await lawyer.nextMessage('connected');
    return { county, lawyerAccount, lawyerClient, lawyer, kioskKeys, kiosk, id: request.consultationId, ring, kioskConnected, lawyerConnected };
  };

  const row = (id: string) => centre.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('rings the lawyer with the station, connects both sides and relays signalling both ways', async () => {
    const call = await connectedCall();
    expect(call.ring).toMatchObject({ consultationId: call.id, matterCategory: 'labour', station: { name: '青秀区法律服务站', regionCode: call.county }, tier: 'county' });
    expect(call.kioskConnected.lawyer).toEqual({ displayName: '李律师', organisation: '广西某律师事务所' });
    expect(call.lawyerConnected).toMatchObject({ consultationId: call.id, matterCategory: 'labour', station: { name: '青秀区法律服务站' }, citizen: { name: '王秀英', verification: 'card_only' } });

    call.kiosk.send({ type: 'signal', consultationId: call.id, signal: offer });
    call.kiosk.send({ type: 'signal', consultationId: call.id, signal: candidate });
    expect((await call.lawyer.nextMessage('signal')).signal).toEqual(offer);
    expect((await call.lawyer.nextMessage('signal')).signal).toEqual(candidate);
    call.lawyer.send({ type: 'signal', consultationId: call.id, signal: answer });
    expect((await call.kiosk.nextMessage('signal')).signal).toEqual(answer);

    const stored = await row(call.id);
    expect(stored.phase).toBe('connected');
    expect(stored.lawyer_account_id).toBe(call.lawyerAccount.id);
    expect(stored.answered_tier).toBe('county');
    expect(Number(stored.answer_ms)).toBeGreaterThanOrEqual(0);
    // The citizen's name went to the lawyer's screen only: nowhere in the stored consultation.
    const everything = JSON.stringify([stored, await centre.db.selectFrom('consultation_events').selectAll().where('consultation_id', '=', call.id).execute()]);
    expect(everything).not.toContain('王秀英');
    // Nor in the centre's log, which names the consultation and the lawyer by id only.
    expect(logLines.some((line) => line.includes(call.id) && line.includes('consult.connected'))).toBe(true);
    expect(logLines.join('\n')).not.toContain('王秀英');
  });

  it('hands out STUN and time-limited TURN credentials in coturn REST form to both sides', async () => {
    const call = await connectedCall();
    // Relay-only is not configured here: neither side is told to restrict its candidates.
    expect(call.kioskConnected.iceTransportPolicy).toBeUndefined();
    expect(call.lawyerConnected.iceTransportPolicy).toBeUndefined();
    for (const servers of [call.kioskConnected.iceServers, call.lawyerConnected.iceServers]) {
      expect(servers[0]).toEqual({ urls: ['stun:stun.example.org:3478'] });
      const turn = servers[1];
      expect(turn?.urls).toEqual(['turn:turn.example.org:3478?transport=udp']);
      const [expiry] = (turn?.username ?? '').split(':');
      const left = Number(expiry) - Date.now() / 1000;
      expect(left).toBeGreaterThan(590);
      expect(left).toBeLessThanOrEqual(600);
      expect(turn?.credential).toBe(createHmac('sha1', TURN_SECRET).update(turn?.username ?? '').digest('base64'));
    }
    expect(call.kioskConnected.iceServers[1]?.username).toContain(call.kioskKeys.kioskId);
    expect(call.lawyerConnected.iceServers[1]?.username).toContain(call.lawyerAccount.id);
  });

  it('stores a push, relays it to the kiosk, and the print outcome back to the lawyer', async () => {
    const call = await connectedCall();
    const push: Push = { kind: 'checklist', title: '劳动仲裁材料清单', body: '请带齐以下材料。', items: ['劳动合同', '工资条'] };
    call.lawyer.send({ type: 'push', consultationId: call.id, push });
    const arrived = await call.kiosk.nextMessage('push');
    expect(arrived.push).toEqual(push);
    call.kiosk.send({ type: 'printed', consultationId: call.id, pushId: arrived.pushId, outcome: 'completed' });
    const printed = await call.lawyer.nextMessage('printed');
    expect(printed).toMatchObject({ pushId: arrived.pushId, outcome: 'completed' });
    const stored = await centre.db.selectFrom('consultation_pushes').selectAll().where('push_id', '=', arrived.pushId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ consultation_id: call.id, pushed_by: call.lawyerAccount.id, title: '劳动仲裁材料清单', outcome: 'completed' });
    expect(JSON.parse(stored.items)).toEqual(['劳动合同', '工资条']);

    // An outcome for a push of another consultation is refused, and stores nothing.
    call.kiosk.send({ type: 'printed', consultationId: call.id, pushId: '00000000-0000-4000-8000-000000000000', outcome: 'failed' });
    expect((await call.kiosk.nextMessage('error')).code).toBe('unknown_consultation');
  });

  it('records the lawyer confirming identity and a referral, and tells the kiosk', async () => {
    const call = await connectedCall();
    call.lawyer.send({ type: 'verifyIdentity', consultationId: call.id });
    await call.kiosk.nextMessage('identityVerified');
    expect(Number((await row(call.id)).identity_verified_by_lawyer)).toBe(1);

    call.lawyer.send({ type: 'refer', consultationId: call.id, referral: { kind: 'legal_aid', matterId: 'labour_wages' } });
    expect((await call.kiosk.nextMessage('referral')).referral).toEqual({ kind: 'legal_aid', matterId: 'labour_wages' });
    const referrals = await centre.db.selectFrom('consultation_referrals').selectAll().where('consultation_id', '=', call.id).execute();
    expect(referrals.map((r) => JSON.parse(r.referral))).toEqual([{ kind: 'legal_aid', matterId: 'labour_wages' }]);
  });

  it('ends the call for both when either hangs up, with the reason and the timeline stored', async () => {
    const call = await connectedCall();
    call.lawyer.send({ type: 'hangup', consultationId: call.id });
    expect((await call.kiosk.nextMessage('ended')).reason).toBe('lawyer_hangup');
    expect((await call.lawyer.nextMessage('ended')).reason).toBe('lawyer_hangup');
    await centre.consult.settled();
    const stored = await row(call.id);
    expect(stored).toMatchObject({ phase: 'ended', end_reason: 'lawyer_hangup' });
    expect(stored.ended_at).not.toBeNull();
    const kinds = (await centre.consult.repository.timeline(call.id)).map((e) => e.kind);
    expect(kinds).toEqual(['requested', 'offered', 'accepted', 'call_ended']);
    // After the call nothing more is relayed for it.
    call.kiosk.send({ type: 'signal', consultationId: call.id, signal: candidate });
    expect((await call.kiosk.nextMessage('error')).code).toBe('unknown_consultation');

    const second = await connectedCall();
    second.kiosk.send({ type: 'hangup', consultationId: second.id });
    expect((await second.lawyer.nextMessage('ended')).reason).toBe('kiosk_hangup');
  });

  it('tells the other side when a socket drops, and re-attaches the side that comes back with resume', async () => {
    const call = await connectedCall();
    call.kiosk.close();
    expect((await call.lawyer.nextMessage('peer')).state).toBe('offline');
    const kiosk = track(await openKioskSocket(centre.baseUrl, call.kioskKeys));
    kiosk.send({ type: 'resume', consultationId: call.id });
    expect((await call.lawyer.nextMessage('peer')).state).toBe('online');
    expect((await kiosk.nextMessage('peer')).state).toBe('online');
    kiosk.send({ type: 'signal', consultationId: call.id, signal: offer });
    expect((await call.lawyer.nextMessage('signal')).signal).toEqual(offer);

    call.lawyer.close();
    expect((await kiosk.nextMessage('peer')).state).toBe('offline');
    const lawyer = track(await openConsoleSocket(centre.baseUrl, call.lawyerClient));
    expect((await lawyer.nextMessage('hello')).presence).toBe('in_call');
    lawyer.send({ type: 'resume', consultationId: call.id });
    expect((await kiosk.nextMessage('peer')).state).toBe('online');
    lawyer.send({ type: 'signal', consultationId: call.id, signal: answer });
    expect((await kiosk.nextMessage('signal')).signal).toEqual(answer);
    // Past the grace, the call is still on: both came back in time.
    await new Promise((r) => setTimeout(r, GRACE_MS + 300));
    expect((await row(call.id)).phase).toBe('connected');
  });

  it('ends the call with reason network when a side does not come back within the grace', async () => {
    const call = await connectedCall();
    call.lawyer.close();
    expect((await call.kiosk.nextMessage('peer')).state).toBe('offline');
    expect((await call.kiosk.nextMessage('ended', { timeoutMs: GRACE_MS + 3000 })).reason).toBe('network');
    await centre.consult.settled();
    expect(await row(call.id)).toMatchObject({ phase: 'ended', end_reason: 'network' });
    // The lawyer, gone, is rung for nothing afterwards.
    expect(centre.consult.presenceOf(call.lawyerAccount.id)).toBe('away');
  });

  it('a kiosk that comes back with a new request instead of resume ends its old call at once, and the new one is answered', async () => {
    const call = await connectedCall();
    // The kiosk's core was killed mid-call: its socket drops, and the restarted core has no call to resume.
    call.kiosk.close();
    expect((await call.lawyer.nextMessage('peer')).state).toBe('offline');
    const kiosk = track(await openKioskSocket(centre.baseUrl, call.kioskKeys));
    await kiosk.nextMessage('hello');
    const next = consultRequest({ citizen: { name: null, verification: null } });
    kiosk.send(next);
    // Not refused as busy, and the lawyer is not held for the grace by a call nobody can resume.
    expect((await call.lawyer.nextMessage('ended', { timeoutMs: GRACE_MS - 500 })).reason).toBe('network');
    const ring = await call.lawyer.nextMessage('ring', { where: (m) => m.consultationId === next.consultationId, timeoutMs: GRACE_MS - 500 });
    call.lawyer.send({ type: 'accept', consultationId: ring.consultationId });
    expect((await kiosk.nextMessage('connected')).consultationId).toBe(next.consultationId);
    expect(kiosk.received.some((m) => m.type === 'error')).toBe(false);
    await centre.consult.settled();
    expect(await row(call.id)).toMatchObject({ phase: 'ended', end_reason: 'network' });
    expect((await row(next.consultationId)).phase).toBe('connected');
  });

  it('answers malformed frames with invalid_message and stays open; closes on oversized frames and floods', async () => {
    const call = await connectedCall();
    for (const junk of ['not json', '{"type":"signal"}', '{"type":"request","consultationId":"x"}', JSON.stringify({ type: 'signal', consultationId: call.id, signal: { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(70_000) } } })]) {
      call.kiosk.sendRaw(junk);
      expect((await call.kiosk.nextMessage('error')).code).toBe('invalid_message');
    }
    call.lawyer.sendRaw('{"type":"accept","consultationId":"../../etc/passwd"}');
    expect((await call.lawyer.nextMessage('error')).code).toBe('invalid_message');
    call.kiosk.send({ type: 'ping' });
    await call.kiosk.nextMessage('pong');
    // The call survived the junk.
    call.kiosk.send({ type: 'signal', consultationId: call.id, signal: candidate });
    expect((await call.lawyer.nextMessage('signal')).signal).toEqual(candidate);

    call.lawyer.sendRaw(Buffer.alloc(MAX_FRAME_BYTES + 1, 0x20));
    expect((await call.lawyer.closed).code).toBe(1009);

    for (let i = 0; i < 200; i++) call.kiosk.send({ type: 'ping' });
    expect((await call.kiosk.closed).code).toBe(1008);
  });

  it('relays only between the two parties of a call', async () => {
    const call = await connectedCall();
    const other = await connectedCall();
    // The other call's kiosk and lawyer cannot reach into this call.
    other.kiosk.send({ type: 'signal', consultationId: call.id, signal: offer });
    expect((await other.kiosk.nextMessage('error')).code).toBe('unknown_consultation');
    other.lawyer.send({ type: 'push', consultationId: call.id, push: { kind: 'document', title: '通知', body: 'x', items: [] } });
    expect((await other.lawyer.nextMessage('error')).code).toBe('unknown_consultation');
    other.lawyer.send({ type: 'hangup', consultationId: call.id });
    expect((await other.lawyer.nextMessage('error')).code).toBe('unknown_consultation');
    expect(await call.kiosk.noMessage('push', 300)).toBe(true);
    expect((await row(call.id)).phase).toBe('connected');
  });

  it('refuses unsigned, forged, expired and revoked kiosks', async () => {
    const keys = await enrolKioskAt(centre.baseUrl, { stationName: '测试站', regionCode: nextCounty() });
    const refusal = async (attempt: Promise<unknown>) => {
      try {
        const socket = (await attempt) as KioskConsultSocket;
        socket.close();
        return 0;
      } catch (error) {
        return error instanceof SocketRefused ? error.status : -1;
      }
    };
    expect(await upgradeStatus(centre.baseUrl, CONSULT_PATHS.kioskSocket)).toBe(401);
    const stranger = newKioskKeys();
    stranger.kioskId = keys.kioskId;
    expect(await refusal(openKioskSocket(centre.baseUrl, stranger))).toBe(401);
    expect(await refusal(openKioskSocket(centre.baseUrl, { ...keys, privateKey: generateKeyPairSync('ed25519').privateKey }))).toBe(401);
    expect(await refusal(openKioskSocket(centre.baseUrl, keys, { time: Date.now() - 3_600_000 }))).toBe(401);

    const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    expect((await admin.post(`${CONSOLE_API.kiosks}/${keys.kioskId}/revoke`)).status).toBe(200);
    expect(await refusal(openKioskSocket(centre.baseUrl, keys))).toBe(403);
  });

  it('refuses consoles without a session or from another origin, and non-lawyers the lawyer actions', async () => {
    const county = nextCounty();
    const lawyerAccount = await createTestLawyer(centre, { regionCodes: [county] });
    const lawyerClient = await loginAs(centre.baseUrl, lawyerAccount.username, lawyerAccount.password);
    const status = async (attempt: Promise<ConsoleConsultSocket>) => {
      try {
        (await attempt).close();
        return 0;
      } catch (error) {
        return error instanceof SocketRefused ? error.status : -1;
      }
    };
    expect(await status(openConsoleSocket(centre.baseUrl, { cookie: 'centre_session=forged' }))).toBe(401);
    expect(await status(openConsoleSocket(centre.baseUrl, lawyerClient, { origin: 'https://evil.example' }))).toBe(403);
    expect(await status(openConsoleSocket(centre.baseUrl, lawyerClient, { origin: null }))).toBe(403);

    const staffAccount = await createTestAccount(centre, { role: 'staff' });
    const staff = track(await openConsoleSocket(centre.baseUrl, await loginAs(centre.baseUrl, staffAccount.username, staffAccount.password)));
    staff.send({ type: 'ping' });
    await staff.nextMessage('pong');
    staff.send({ type: 'presence', presence: 'available' });
    expect((await staff.nextMessage('error')).code).toBe('not_a_lawyer');
    staff.send({ type: 'accept', consultationId: '00000000-0000-4000-8000-000000000000' });
    expect((await staff.nextMessage('error')).code).toBe('not_a_lawyer');

    // A lawyer without a dispatch profile is told so and is never rung.
    const bare = await createTestAccount(centre, { role: 'lawyer' });
    const bareSocket = track(await openConsoleSocket(centre.baseUrl, await loginAs(centre.baseUrl, bare.username, bare.password)));
    expect((await bareSocket.nextMessage('error')).code).toBe('no_profile');
    bareSocket.send({ type: 'presence', presence: 'available' });
    expect((await bareSocket.nextMessage('error')).code).toBe('no_profile');
    expect(centre.consult.presenceOf(bare.id)).toBeUndefined();
  });

  it('keeps the newest of two tabs of one lawyer and closes the older with a reason', async () => {
    const county = nextCounty();
    const account = await createTestLawyer(centre, { regionCodes: [county] });
    const client = await loginAs(centre.baseUrl, account.username, account.password);
    const first = track(await availableLawyer(centre.baseUrl, client));
    const second = track(await openConsoleSocket(centre.baseUrl, client));
    // Still available: the lawyer is at the desk, only in another tab.
    expect((await second.nextMessage('hello')).presence).toBe('available');
    expect((await first.nextMessage('presence', { where: (m) => m.reason === 'replaced' })).reason).toBe('replaced');
    expect((await first.closed).code).toBe(4409);
    // The newer tab is the one that rings.
    const kiosk = track(await openKioskSocket(centre.baseUrl, await enrolKioskAt(centre.baseUrl, { stationName: '测试站', regionCode: county })));
    const request = consultRequest();
    kiosk.send(request);
    await second.nextMessage('ring');
    // Reloaded while ringing: the new tab rings as well, and can answer.
    const third = track(await openConsoleSocket(centre.baseUrl, client));
    expect((await third.nextMessage('hello')).presence).toBe('ringing');
    expect((await third.nextMessage('ring')).consultationId).toBe(request.consultationId);
    third.send({ type: 'accept', consultationId: request.consultationId });
    await kiosk.nextMessage('connected');
  });
});
