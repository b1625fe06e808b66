import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ok } from '../../../domain/result.ts';
import type { IdCardData } from '../../../domain/idcard/types.ts';
import type { CentreToKiosk, ConsultationCommit, KioskToCentre } from '../../../domain/consult/protocol.ts';
import type { KioskEvent } from '../api/contract.ts';
import { findDemoCard } from '../devices/id-card/demo-cards.ts';
import type { ConsultPushView } from '../printing/consult-push-template.ts';
import { EventHub } from '../services/event-hub.ts';
import { silentLogger } from '../services/logger.ts';
import { SessionService } from '../services/session.ts';
import { openKioskStore, type KioskStore } from '../store/index.ts';
import { makeStoreDir } from '../store/testing.ts';
import { createConsultationOutbox } from './consultation-outbox.ts';
import { createConsultationService, type ConsultationService } from './consultation-service.ts';
import { makeLiveWebm, probeDuration, splitIntoChunks } from './testing.ts';

const card: IdCardData = findDemoCard('resident-elderly-woman')!.data;

/** A stand-in for the centre's kiosk socket (the real centre is in tests/integration/kiosk-consult.test.ts). */
const startCentre = async () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const received: KioskToCentre[] = [];
  const state = { answerPings: true, connections: 0 };
  let socket: WebSocket | null = null;
  wss.on('connection', (ws) => {
    state.connections += 1;
    socket = ws;
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as KioskToCentre;
      if (m.type === 'ping') {
        if (state.answerPings) ws.send(JSON.stringify({ type: 'pong' }));
      } else received.push(m);
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    received,
    state,
    send: (m: CentreToKiosk) => socket!.send(JSON.stringify(m)),
    close: () => new Promise<void>((r) => wss.close(() => r())),
  };
};

const until = async (check: () => boolean, ms = 5_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const setup = async (opts: { enrolled?: boolean; backstopIdleMs?: number } = {}) => {
  const centre = await startCentre();
  cleanup.push(centre.close);
  const paths = makeStoreDir('consult-service-');
  const opened = openKioskStore({ ...paths, key: randomBytes(32), now: Date.now });
  if (!opened.ok) throw new Error(opened.error.code);
  const store: KioskStore = opened.value;
  cleanup.push(() => store.close());
  const events = new EventHub();
  const seen: KioskEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const clock = { now: () => Date.now(), today: () => '2026-11-23' };
  const sessions = new SessionService({ clock, events, logger: silentLogger, backstopIdleMs: opts.backstopIdleMs ?? 600_000 });
  cleanup.push(() => sessions.dispose());
  const printed: ConsultPushView[] = [];
  let queued = 0;
  const service: ConsultationService = createConsultationService({
    sessions,
    events,
    store: store.consultations,
    centre: () => (opts.enrolled === false ? null : { baseUrl: centre.baseUrl, sign: () => ok({ 'x-kiosk-id': 'k' }), health: () => Promise.resolve(true) }),
    print: (view) => {
      printed.push(view);
      return Promise.resolve('completed');
    },
    stationName: () => '棠下街公共法律服务站',
    clock,
    logger: silentLogger,
    random: () => 0.5,
    timeZone: 'Asia/Shanghai',
    onQueued: () => (queued += 1),
    socket: { heartbeatMs: 40, deadMs: 250, backoff: { baseMs: 50, capMs: 200, floorMs: 20, permanentMs: 200 } },
    keepSessionMs: 50,
  });
  cleanup.push(() => service.dispose());
  return { centre, store, events, seen, sessions, service, printed, queued: () => queued };
};

const consultEvents = (seen: KioskEvent[]) => seen.filter((e) => e.type === 'consult').map((e) => (e as { message: CentreToKiosk }).message.type);

describe('consultation service', () => {
  it('asks for a lawyer with the session, relays both ways, prints a push, records the lawyer’s identity check and queues the recording', async () => {
    const { centre, store, seen, sessions, service, printed } = await setup();
    expect(service.request({ matterCategory: 'labour', shareName: true })).toMatchObject({ ok: false, error: { code: 'no_session' } });
    sessions.start(card, null, 'no_decoder');
    sessions.recordVerification({ method: 'card_only', consent: false, fallbackReason: 'declined', distance: null, threshold: null, liveness: 'not_run', attempts: 0, durationMs: null });
    const requested = service.request({ matterCategory: 'labour', shareName: true });
    if (!requested.ok) throw new Error(requested.error.code);
    const id = requested.value.consultationId;
    expect(service.request({ matterCategory: 'labour', shareName: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await until(() => centre.received.length === 1);
    expect(centre.received[0]).toEqual({
      type: 'request', consultationId: id, matterCategory: 'labour', language: 'zh', recordingConsent: true,
      citizen: { name: card.name, verification: 'card_only' },
    });
    // The ID number never leaves in the request.
    expect(JSON.stringify(centre.received)).not.toContain(card.idNumber);

    centre.send({ type: 'waiting', consultationId: id, tier: 'county', ringing: 2, queuePosition: null });
    centre.send({ type: 'connected', consultationId: id, lawyer: { displayName: '李律师', organisation: '法律援助处' }, iceServers: [] });
    centre.send({ type: 'signal', consultationId: id, signal: { kind: 'description', description: { type: 'answer', sdp: 'v=0' } } });
    // A message about another call is not relayed.
    centre.send({ type: 'signal', consultationId: randomUUID(), signal: { kind: 'description', description: { type: 'answer', sdp: 'v=0' } } });
    await until(() => consultEvents(seen).length === 3);
    expect(consultEvents(seen)).toEqual(['waiting', 'connected', 'signal']);
    expect(service.signal(id, { kind: 'description', description: { type: 'offer', sdp: 'v=0 offer' } })).toEqual(ok({}));
    await until(() => centre.received.some((m) => m.type === 'signal'));

    const pushId = randomUUID();
    const push = { kind: 'checklist' as const, title: '需要准备的材料', body: '带原件。', items: ['劳动合同', '工资条'] };
    centre.send({ type: 'push', consultationId: id, pushId, push });
    centre.send({ type: 'push', consultationId: id, pushId, push }); // repeated after a reconnect: printed once
    await until(() => centre.received.some((m) => m.type === 'printed'));
    await service.idle();
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatchObject({ title: '需要准备的材料', items: ['劳动合同', '工资条'] });
    expect(printed[0]!.meta[0]).toBe('律师：李律师（法律援助处）');
    expect(centre.received.find((m) => m.type === 'printed')).toEqual({ type: 'printed', consultationId: id, pushId, outcome: 'completed' });
    expect(seen.find((e) => e.type === 'consult.printed')).toEqual({ type: 'consult.printed', consultationId: id, pushId, title: '需要准备的材料', outcome: 'completed' });

    centre.send({ type: 'identityVerified', consultationId: id });
    await until(() => sessions.view()?.verification?.method === 'lawyer');
    expect(sessions.view()!.verification).toMatchObject({ method: 'lawyer', fallbackReason: 'declined' });

    const chunks = splitIntoChunks(await makeLiveWebm(3), 3);
    for (const [seq, chunk] of chunks.entries()) {
      expect(service.recordChunk({ consultationId: id, seq, base64: Buffer.from(chunk).toString('base64') })).toMatchObject({ ok: true });
    }
    expect(service.recordChunk({ consultationId: id, seq: 1, base64: Buffer.from(chunks[1]!).toString('base64') })).toMatchObject({ ok: true });
    expect(service.recordChunk({ consultationId: id, seq: 9, base64: '<script>' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(service.hangup(id)).toEqual(ok({}));
    expect(service.finish({ consultationId: id, rating: 4, recordingDurationMs: 3_000 })).toEqual(ok({ queued: true }));
    expect(service.finish({ consultationId: id, rating: 4, recordingDurationMs: 3_000 })).toEqual(ok({ queued: true }));
    await until(() => centre.received.some((m) => m.type === 'hangup'));
    await new Promise((r) => setTimeout(r, 50));
    expect(centre.received.filter((m) => m.type === 'hangup')).toHaveLength(1);

    const row = store.consultations.get(id)!;
    expect(row).toMatchObject({ state: 'pending', endReason: 'kiosk_hangup', rating: 4, printed: [{ pushId, outcome: 'completed' }] });
    const recording = store.consultations.readRecording(id);
    expect(recording.ok && Math.abs((await probeDuration(recording.value))! - 3) < 0.1).toBe(true);
  });

  it('after the link died mid-call it reconnects, sends resume first and tells the renderer it is back', async () => {
    const { centre, seen, sessions, service } = await setup();
    sessions.start(card, null, 'no_decoder');
    const requested = service.request({ matterCategory: 'family', shareName: false });
    if (!requested.ok) throw new Error(requested.error.code);
    const id = requested.value.consultationId;
    await until(() => centre.received.length === 1);
    expect(centre.received[0]).toMatchObject({ citizen: { name: null, verification: null } });
    centre.state.answerPings = false;
    await until(() => seen.some((e) => e.type === 'consult.link' && e.state === 'offline'));
    centre.state.answerPings = true;
    await until(() => seen.filter((e) => e.type === 'consult.link' && e.state === 'online').length === 2);
    await until(() => centre.received.length === 2);
    expect(centre.received[1]).toEqual({ type: 'resume', consultationId: id });
  });

  it('a connected call keeps the session from the idle backstop; once it has ended the backstop applies again', async () => {
    const { centre, sessions, service } = await setup({ backstopIdleMs: 400 });
    sessions.start(card, null, 'no_decoder');
    const requested = service.request({ matterCategory: 'labour', shareName: false });
    if (!requested.ok) throw new Error(requested.error.code);
    const id = requested.value.consultationId;
    await until(() => centre.received.length === 1);
    centre.send({ type: 'connected', consultationId: id, lawyer: { displayName: '李律师', organisation: '' }, iceServers: [] });
    // Three backstop periods without a touch of the screen: the person is still talking.
    await new Promise((r) => setTimeout(r, 1_200));
    expect(sessions.active).toBe(true);
    centre.send({ type: 'ended', consultationId: id, reason: 'lawyer_hangup' });
    await until(() => !sessions.active, 3_000);
  });

  it('the session ending during a call hangs up, closes the recording and queues it', async () => {
    const { centre, store, sessions, service, queued } = await setup();
    sessions.start(card, null, 'no_decoder');
    const requested = service.request({ matterCategory: 'injury', shareName: false });
    if (!requested.ok) throw new Error(requested.error.code);
    const id = requested.value.consultationId;
    await until(() => centre.received.length === 1);
    const [first] = splitIntoChunks(await makeLiveWebm(2), 1);
    service.recordChunk({ consultationId: id, seq: 0, base64: Buffer.from(first!).toString('base64') });
    sessions.end('user');
    await until(() => centre.received.some((m) => m.type === 'hangup'));
    expect(store.consultations.get(id)).toMatchObject({ state: 'pending', endReason: 'session_ended', recording: { state: 'sealed' } });
    expect(queued()).toBe(1);
    // The renderer's late chunk and finish find the call closed, and nothing breaks.
    expect(service.recordChunk({ consultationId: id, seq: 1, base64: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(service.finish({ consultationId: id, rating: null, recordingDurationMs: 0 })).toEqual(ok({ queued: true }));
  });

  it('cancel while waiting tells the centre and queues the record without a recording; an unenrolled kiosk says so', async () => {
    const { centre, store, sessions, service } = await setup();
    sessions.start(card, null, 'no_decoder');
    const requested = service.request({ matterCategory: 'consumer', shareName: false });
    if (!requested.ok) throw new Error(requested.error.code);
    await until(() => centre.received.length === 1);
    expect(service.cancel(requested.value.consultationId)).toEqual(ok({}));
    await until(() => centre.received.some((m) => m.type === 'cancel'));
    expect(store.consultations.get(requested.value.consultationId)).toMatchObject({ endReason: 'cancelled', recording: { state: 'none' } });
    expect(service.cancel(requested.value.consultationId)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // Finishing a request nobody answered (after the fallback screen) cancels it.
    const waiting = service.request({ matterCategory: 'consumer', shareName: false });
    if (!waiting.ok) throw new Error(waiting.error.code);
    await until(() => centre.received.filter((m) => m.type === 'request').length === 2);
    centre.send({ type: 'fallback', consultationId: waiting.value.consultationId, reason: 'nobody_available', queuePosition: 3, callbackSlot: { startsAt: '2026-11-23T14:00:00+08:00', endsAt: '2026-11-23T14:30:00+08:00' }, hotline: '12348' });
    expect(service.finish({ consultationId: waiting.value.consultationId, rating: null, recordingDurationMs: 0 })).toEqual(ok({ queued: true }));
    await until(() => centre.received.filter((m) => m.type === 'cancel').length === 2);
    expect(store.consultations.get(waiting.value.consultationId)).toMatchObject({ endReason: 'cancelled' });

    const unenrolled = await setup({ enrolled: false });
    unenrolled.sessions.start(card, null, 'no_decoder');
    expect(await unenrolled.service.availability()).toEqual(ok({ available: false, reason: 'not_enrolled' }));
    expect(unenrolled.service.request({ matterCategory: 'consumer', shareName: false })).toMatchObject({ ok: false, error: { code: 'not_available' } });
  });
});

describe('consultation outbox lane', () => {
  it('uploads the recording, commits, deletes the local copy; replays commit first; waits while the centre is away', async () => {
    const { store, sessions, service, centre, seen } = await setup();
    sessions.start(card, null, 'no_decoder');
    const requested = service.request({ matterCategory: 'labour', shareName: false });
    if (!requested.ok) throw new Error(requested.error.code);
    const id = requested.value.consultationId;
    await until(() => centre.received.length === 1);
    centre.send({ type: 'connected', consultationId: id, lawyer: { displayName: '李律师', organisation: '' }, iceServers: [] });
    await until(() => seen.some((e) => e.type === 'consult' && e.message.type === 'connected'));
    const webm = await makeLiveWebm(2);
    service.recordChunk({ consultationId: id, seq: 0, base64: webm.toString('base64') });
    service.finish({ consultationId: id, rating: 5, recordingDurationMs: 2_000 });

    let reachable = false;
    const uploads: { consultationId: string; bytes: number }[] = [];
    const commits: ConsultationCommit[] = [];
    let uploadedBytes: Buffer | null = null;
    const outbox = createConsultationOutbox({
      store: store.consultations,
      upload: (r) => {
        if (!reachable) return Promise.resolve({ ok: false, error: { code: 'network' } });
        uploads.push({ consultationId: r.consultationId, bytes: r.bytes.length });
        uploadedBytes = Buffer.from(r.bytes);
        return Promise.resolve(ok({ uploadUrl: 'http://centre/api/kiosk/uploads/0123456789abcdef0123456789abcdef' }));
      },
      commit: (body) => {
        commits.push(body);
        if (commits.length === 1) return Promise.resolve({ ok: false, error: { code: 'network' } }); // the answer was lost
        return Promise.resolve(ok({ consultationId: body.consultationId, recordingStored: true }));
      },
      health: () => Promise.resolve(reachable),
      logger: silentLogger,
      now: () => Date.now() + 10 * 60_000 * commits.length,
      random: () => 0,
    });
    expect(await outbox.runOnce()).toMatchObject({ kind: 'failed', code: 'network', permanent: false });
    expect(store.consultations.get(id)).toMatchObject({ state: 'pending', uploadUrl: null });
    reachable = true;
    outbox.nudge();
    // Uploaded, then the commit's answer is lost: the URL is kept for the replay.
    expect(await outbox.runOnce()).toMatchObject({ kind: 'failed', code: 'network' });
    expect(uploads).toHaveLength(1);
    expect(store.consultations.get(id)!.uploadUrl).toMatch(/uploads/);
    outbox.nudge();
    expect(await outbox.runOnce()).toMatchObject({ kind: 'done', consultationId: id, recordingStored: true });
    // Commit first on the replay: no byte sent again.
    expect(uploads).toHaveLength(1);
    expect(commits[1]).toMatchObject({ consultationId: id, endReason: 'kiosk_hangup', rating: 5, recording: { uploadId: expect.stringMatching(/uploads/), bytes: uploadedBytes!.length } });
    expect(commits[1]!.recording!.durationMs).toBeGreaterThan(1_900);
    expect(Math.abs((await probeDuration(uploadedBytes!))! - 2) < 0.1).toBe(true);
    expect(store.consultations.get(id)).toMatchObject({ state: 'done', recording: { state: 'deleted' } });
    expect(store.consultations.readRecording(id)).toEqual({ ok: false, error: { code: 'missing' } });
    expect(await outbox.runOnce()).toEqual({ kind: 'idle' });
  });
});
