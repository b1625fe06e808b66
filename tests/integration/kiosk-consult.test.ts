/**
 * A video consultation from the kiosk core's side (issue 6), with real parts: the core as its own
 * process (simulated card reader, encrypted store, directory printer), a real centre on loopback
 * (SQLite) reached through a TCP proxy that can cut the network, and a lawyer's console as a real
 * WebSocket client of the centre. The renderer's part (RTCPeerConnection, MediaRecorder) is played
 * by this test through the core's API, with a real WebM made by ffmpeg as the recording.
 *
 * Checked as a citizen and the centre would: the lawyer is rung and answers, signals pass both ways,
 * a pushed checklist comes out of the printer and the lawyer hears that it did, the lawyer's identity
 * check shows in the session, and after the call the centre holds the recording, byte for byte what
 * the kiosk recorded with its duration set (ffprobe reads it), and the kiosk keeps no copy. With the
 * centre unreachable at the end of a call, the consultation waits in the outbox and goes up when the
 * network is back.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KioskEventSchema, type KioskEvent } from '../../electron/core/api/contract.ts';
import { dispatchConfig } from '../../domain/dispatch/model.ts';
import { HEARTBEAT_MS, type Signal } from '../../domain/consult/protocol.ts';
import { availableLawyer, createTestLawyer, type ConsoleConsultSocket } from '../../center/server/testing/consult-clients.ts';
import { DEFAULT_CONSULT_CONFIG } from '../../center/server/consult/plugin.ts';
import { createEnrolmentCode, loginAs, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';
import { makeLiveWebm, probeDuration, splitIntoChunks } from '../../electron/core/consult/testing.ts';
import { fixWebmDuration } from '../../electron/core/consult/webm-duration.ts';
import { freePort } from '../support/fault-centre.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

const COUNTY = '440106';
const offer: Signal = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };
const answer: Signal = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' } };

const until = async <T>(check: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000, what = 'condition'): Promise<T> => {
  const began = Date.now();
  while (Date.now() - began < ms) {
    const value = await check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} not reached in time`);
};

/** The renderer's view of the core: its event socket. */
const listen = async (core: KioskCoreHandle) => {
  const ws = new WebSocket(`${core.apiBase.replace('http', 'ws')}/api/events`);
  const events: KioskEvent[] = [];
  ws.on('message', (data) => events.push(KioskEventSchema.parse(JSON.parse(String(data)))));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'auth', secret: core.secret }));
  const consultMessage = <T extends string>(type: T) =>
    until(() => events.find((e): e is Extract<KioskEvent, { type: 'consult' }> => e.type === 'consult' && e.message.type === type), 15_000, `consult ${type}`);
  return { events, consultMessage, close: () => ws.close() };
};

describe('a video consultation through the kiosk core and a real centre', () => {
  let centre: TestCentre;
  let proxy: FaultProxy;
  let core: KioskCoreHandle;
  let lawyer: ConsoleConsultSocket;
  let lawyerBeat: NodeJS.Timeout | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-consult-'));

  beforeAll(async () => {
    centre = await startTestCentre({
      consult: { ...DEFAULT_CONSULT_CONFIG, dispatch: dispatchConfig({ ringMs: 10_000, fallbackAfterMs: 60_000, wrapUpMs: 0, tierOrder: ['county'] }), graceMs: 5_000 },
    });
    proxy = await startFaultProxy(await freePort(), { targetPort: Number(new URL(centre.baseUrl).port), upstreamBytesPerSecond: 0 });
    core = await startKioskCore({ KIOSK_DATA_DIR: dataDir, KIOSK_SIM_READ_DELAY_MS: '20', KIOSK_REGION_CODE: COUNTY, KIOSK_PRINTING: 'directory' });
    // The technician enrols the kiosk, through the proxy (the kiosk's only way to the centre).
    const code = await createEnrolmentCode(centre.baseUrl);
    const { token } = await core.call('technician.unlock', { pin: '2468' });
    await core.call('technician.enrol', { token, centreUrl: proxy.baseUrl, code });
    await core.call('technician.lock', { token });
    const account = await createTestLawyer(centre, { regionCodes: [COUNTY], displayName: '李律师', organisation: '天河区法律援助处' });
    lawyer = await availableLawyer(centre.baseUrl, await loginAs(centre.baseUrl, account.username, account.password));
    // The console's own heartbeat, as the lawyer's browser sends it: without it the centre drops the socket.
    lawyerBeat = setInterval(() => lawyer.send({ type: 'ping' }), HEARTBEAT_MS);
  }, 60_000);

  afterAll(async () => {
    clearInterval(lawyerBeat);
    lawyer?.close();
    await core?.stop();
    await proxy?.close();
    await centre?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const placeCard = async () => {
    await core.call('sim.removeCard', {});
    await until(async () => (await core.call('device.status', {})).reader.state === 'ready');
    await core.call('sim.placeCard', { cardId: 'resident-young-man' });
    return until(async () => (await core.call('session.get', {})).session ?? undefined);
  };

  const consultationRow = (id: string) => centre.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst();

  /** A call rung at the lawyer and accepted; returns its id and the renderer's events. */
  const connectedCall = async () => {
    const renderer = await listen(core);
    const session = await placeCard();
    expect(await core.call('consult.availability', {})).toEqual({ available: true, reason: null });
    const { consultationId } = await core.call('consult.request', { matterCategory: 'labour', recordingConsent: true, shareName: false });
    const ring = await lawyer.nextMessage('ring', { where: (m) => m.consultationId === consultationId, timeoutMs: 10_000 });
    expect(ring).toMatchObject({ matterCategory: 'labour', station: { regionCode: COUNTY } });
    lawyer.send({ type: 'accept', consultationId });
    const connected = await renderer.consultMessage('connected');
    expect(connected.message).toMatchObject({ consultationId, lawyer: { displayName: '李律师' } });
    const lawyerSide = await lawyer.nextMessage('connected', { where: (m) => m.consultationId === consultationId });
    // The citizen did not agree to share the name: the lawyer sees none, and never an ID number.
    expect(lawyerSide.citizen.name).toBeNull();
    expect(JSON.stringify(lawyer.received)).not.toContain(session.citizen.name);
    return { consultationId, renderer, session };
  };

  const record = async (consultationId: string, seconds: number) => {
    const webm = await makeLiveWebm(seconds);
    for (const [seq, chunk] of splitIntoChunks(webm, seconds).entries()) {
      const stored = await core.call('consult.recordChunk', { consultationId, seq, base64: Buffer.from(chunk).toString('base64') });
      expect(stored.bytes).toBeGreaterThan(chunk.length);
    }
    const fixed = fixWebmDuration(webm);
    if (!fixed.ok) throw new Error(fixed.error.code);
    return fixed.value.bytes;
  };

  it('rings, connects, relays, prints the push, records the lawyer’s check, and the centre gets the recording', async () => {
    const { consultationId, renderer } = await connectedCall();

    await core.call('consult.signal', { consultationId, signal: offer });
    expect((await lawyer.nextMessage('signal', { where: (m) => m.consultationId === consultationId })).signal).toEqual(offer);
    lawyer.send({ type: 'signal', consultationId, signal: answer });
    expect((await renderer.consultMessage('signal')).message).toMatchObject({ signal: answer });

    lawyer.send({ type: 'push', consultationId, push: { kind: 'checklist', title: '劳动仲裁材料清单', body: '请带原件。', items: ['劳动合同', '工资条'] } });
    const printed = await lawyer.nextMessage('printed', { where: (m) => m.consultationId === consultationId, timeoutMs: 30_000 });
    expect(printed.outcome).toBe('completed');
    const printedEvent = await until(() => renderer.events.find((e) => e.type === 'consult.printed'));
    expect(printedEvent).toMatchObject({ consultationId, title: '劳动仲裁材料清单', outcome: 'completed' });
    const pages = readdirSync(join(dataDir, 'printed')).filter((f) => f.endsWith('.pdf'));
    expect(pages.length).toBeGreaterThan(0);

    lawyer.send({ type: 'verifyIdentity', consultationId });
    await until(async () => (await core.call('session.get', {})).session?.verification?.method === 'lawyer', 10_000, 'lawyer verification');

    const expected = await record(consultationId, 3);
    await core.call('consult.hangup', { consultationId });
    expect((await lawyer.nextMessage('ended', { where: (m) => m.consultationId === consultationId })).reason).toBe('kiosk_hangup');
    expect(await core.call('consult.finish', { consultationId, rating: 5, recordingDurationMs: 3_000 })).toEqual({ queued: true });

    // The outbox uploads the recording and commits: the centre's copy is what the kiosk recorded.
    const row = await until(async () => {
      const r = await consultationRow(consultationId);
      return r?.recording_sha256 ? r : undefined;
    }, 30_000, 'the centre storing the recording');
    const sha256 = createHash('sha256').update(expected).digest('hex');
    expect(row).toMatchObject({ recording_sha256: sha256, recording_bytes: expected.length, rating: 5 });
    const stored = readFileSync(join(centre.dataDir, 'objects', 'sha256', sha256.slice(0, 2), sha256));
    expect(stored.equals(Buffer.from(expected))).toBe(true);
    expect(Math.abs((await probeDuration(stored))! - 3)).toBeLessThan(0.1);
    // The copy of record is the centre's: the kiosk deletes its own.
    await until(() => readdirSync(join(dataDir, 'recordings')).length === 0, 10_000, 'the local recording deleted');

    await core.call('session.end', { reason: 'user' });
    renderer.close();
    // Nothing personal in the core's log.
    expect(core.logLines.join('\n')).not.toContain('陈子演');
  }, 120_000);

  it('refuses hostile and mistaken input with a clear code and keeps the call going', async () => {
    const raw = async (name: string, body: unknown) => {
      const res = await core.request(`/api/cmd/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json().catch(() => null)) as { ok: boolean; error?: { code: string } } | null };
    };
    await core.call('session.end', { reason: 'user' });
    // Nobody at the kiosk: no call, and no slip of the other ways either.
    expect((await raw('consult.request', { matterCategory: 'labour', recordingConsent: true, shareName: false })).body?.error?.code).toBe('no_session');
    expect((await raw('consult.printTip', { reason: 'declined' })).body?.error?.code).toBe('no_session');
    const { consultationId, renderer } = await connectedCall();
    // Without the recording consent there is no video call (the contract requires it).
    expect((await raw('consult.request', { matterCategory: 'labour', recordingConsent: false, shareName: false })).body?.error?.code).toBe('invalid_input');
    expect((await raw('consult.recordChunk', { consultationId, seq: 0, base64: '<script>alert(1)</script>' })).body?.error?.code).toBe('invalid_input');
    expect((await raw('consult.recordChunk', { consultationId: '00000000-0000-4000-8000-000000000000', seq: 0, base64: 'AAAA' })).body?.error?.code).toBe('invalid_input');
    expect((await raw('consult.recordChunk', { consultationId: 'not-a-uuid', seq: 0, base64: 'AAAA' })).body?.error?.code).toBe('invalid_input');
    expect((await raw('consult.recordChunk', { consultationId, seq: -1, base64: 'AAAA' })).body?.error?.code).toBe('invalid_input');
    // The slip's callback time must be a time, and nothing else may ride along to the printer.
    for (const hostile of [
      { reason: 'fallback', callbackSlot: { startsAt: '<script>alert(1)</script>', endsAt: '2026-11-23T13:00:00Z' } },
      { reason: 'declined', text: '张三 110105200103159997' },
      { reason: 'other' },
    ]) {
      expect((await raw('consult.printTip', hostile)).body?.error?.code).toBe('invalid_input');
    }
    // A chunk larger than the limit is refused before it is read into memory.
    const oversized = await raw('consult.recordChunk', { consultationId, seq: 0, base64: 'A'.repeat(4 * 1024 * 1024 + 4096) });
    expect(oversized.body?.ok ?? false).toBe(false);
    expect(oversized.status).toBeGreaterThanOrEqual(400);
    const hugeSdp: Signal = { kind: 'description', description: { type: 'offer', sdp: 'v'.repeat(70_000) } };
    expect((await raw('consult.signal', { consultationId, signal: hugeSdp })).body?.ok ?? false).toBe(false);
    // The call is still on: a good chunk is kept and the lawyer still hears the kiosk.
    await record(consultationId, 1);
    await core.call('consult.signal', { consultationId, signal: offer });
    await lawyer.nextMessage('signal', { where: (m) => m.consultationId === consultationId });
    await core.call('consult.hangup', { consultationId });
    expect(await core.call('consult.finish', { consultationId, rating: null, recordingDurationMs: 1_000 })).toEqual({ queued: true });
    await until(async () => (await consultationRow(consultationId))?.recording_sha256, 30_000, 'the commit');
    await core.call('session.end', { reason: 'user' });
    renderer.close();
  }, 120_000);

  it('a core killed mid-call comes back, closes the recording it had and sends it', async () => {
    const { consultationId, renderer } = await connectedCall();
    const expected = await record(consultationId, 2);
    renderer.close();
    core.process.kill('SIGKILL');
    await new Promise((r) => core.process.once('exit', r));
    core = await startKioskCore({ KIOSK_DATA_DIR: dataDir, KIOSK_SIM_READ_DELAY_MS: '20', KIOSK_REGION_CODE: COUNTY, KIOSK_PRINTING: 'directory' });
    const row = await until(async () => {
      const r = await consultationRow(consultationId);
      return r?.recording_sha256 ? r : undefined;
    }, 60_000, 'the interrupted consultation committed');
    expect(row.recording_sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    await until(() => readdirSync(join(dataDir, 'recordings')).length === 0, 10_000, 'the local recording deleted');
  }, 150_000);

  it('with the centre unreachable at the end of the call, the consultation waits and goes up when it is back', async () => {
    const { consultationId, renderer } = await connectedCall();
    const expected = await record(consultationId, 2);
    await proxy.refuse();
    // 结束并清除 during the call: the core hangs up and queues what it recorded.
    await core.call('session.end', { reason: 'user' });
    expect(await core.call('consult.finish', { consultationId, rating: null, recordingDurationMs: 2_000 })).toEqual({ queued: true });
    const local = join(dataDir, 'recordings', `${consultationId}.rec`);
    expect(existsSync(local)).toBe(true);
    // Encrypted at rest: the WebM's own header bytes are nowhere in the file.
    expect(readFileSync(local).includes(Buffer.from(expected.subarray(0, 48)))).toBe(false);
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await consultationRow(consultationId))?.recording_sha256 ?? null).toBeNull();

    await proxy.accept();
    const row = await until(async () => {
      const r = await consultationRow(consultationId);
      return r?.recording_sha256 ? r : undefined;
    }, 60_000, 'the commit after the network came back');
    expect(row.recording_sha256).toBe(createHash('sha256').update(expected).digest('hex'));
    await until(() => !existsSync(local), 10_000, 'the local recording deleted');
    renderer.close();
  }, 150_000);
});
