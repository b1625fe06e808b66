/**
 * The core as a real process on loopback: every hostile or malformed request gets a clear error,
 * never a crash, and nothing personal reaches its log.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KioskEventSchema, type KioskEvent } from '../../electron/core/api/contract.ts';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

let core: KioskCoreHandle;

beforeAll(async () => {
  core = await startKioskCore({ KIOSK_TECH_PIN: '135790', KIOSK_SIM_READ_DELAY_MS: '50' });
});
afterAll(async () => {
  await core?.stop();
});

const post = (name: string, body: string, headers: Record<string, string> = {}, auth = true) =>
  core.request(`/api/cmd/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, auth });

const errorOf = async (response: Response) => ((await response.json()) as { ok: false; error: { code: string; message: string } }).error;

/** Opens an authenticated event socket and collects validated events. */
const openEvents = async () => {
  const ws = new WebSocket(`${core.apiBase.replace('http', 'ws')}/api/events`);
  const events: KioskEvent[] = [];
  ws.on('message', (data) => events.push(KioskEventSchema.parse(JSON.parse(String(data)))));
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'auth', secret: core.secret }));
  const waitFor = async (predicate: (e: KioskEvent) => boolean, ms = 10_000) => {
    const began = Date.now();
    while (Date.now() - began < ms) {
      const found = events.find(predicate);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`event not seen; got ${events.map((e) => e.type).join(',')}`);
  };
  return { ws, events, waitFor };
};

describe('core API: authentication and validation', () => {
  it('refuses commands without the per-boot secret', async () => {
    const response = await post('session.get', '{}', {}, false);
    expect(response.status).toBe(401);
    expect((await errorOf(response)).code).toBe('unauthorized');
    const wrong = await core.request('/api/cmd/session.get', {
      method: 'POST',
      auth: false,
      headers: { authorization: `Bearer ${'0'.repeat(64)}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
  });

  it('names unknown commands and rejects malformed, oversized and mistyped bodies', async () => {
    expect((await errorOf(await post('session.explode', '{}'))).code).toBe('unknown_command');
    const broken = await post('session.end', '{"reason": ');
    expect(broken.status).toBe(400);
    expect((await errorOf(broken)).code).toBe('invalid_input');
    const big = await post('sim.placeCard', JSON.stringify({ cardId: 'x'.repeat(100_000) }));
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe('invalid_input');
    const wrongType = await post('session.end', JSON.stringify({ reason: 'because' }));
    expect(wrongType.status).toBe(400);
    expect((await errorOf(wrongType)).message).toContain('reason');
    const extra = await post('session.get', JSON.stringify({ sql: "'; DROP TABLE x; --" }));
    expect((await errorOf(extra)).code).toBe('invalid_input');
  });

  it('rejects injection attempts in the PIN without echoing them', async () => {
    const hostile = "1234' OR '1'='1<script>";
    const response = await post('technician.unlock', JSON.stringify({ pin: hostile }));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe('invalid_input');
    expect(error.message).not.toContain('script');
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const port = Number(new URL(core.apiBase).port);
    // fetch() will not let a caller set Host, so speak HTTP directly, as a rebinding page would.
    const rebindingStatus = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/cmd/session.get',
          headers: { host: `evil.example:${port}`, authorization: `Bearer ${core.secret}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebindingStatus).toBe(403);
    const crossOrigin = await post('session.get', '{}', { origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
  });

  it('keeps sim controls, technician commands and the health endpoint behind their checks', async () => {
    const status = await post('technician.status', JSON.stringify({ token: 'f'.repeat(48) }));
    expect((await errorOf(status)).code).toBe('technician_required');
    const wrongPin = await post('technician.unlock', JSON.stringify({ pin: '000000' }));
    expect(wrongPin.status).toBe(403);
    expect((await errorOf(wrongPin)).code).toBe('wrong_pin');
    expect((await core.request('/api/health', { auth: false })).status).toBe(401);
    const health = await core.health();
    expect(health.reader.state).toBeTypeOf('string');
  });

  it('closes event sockets that do not authenticate or send garbage', async () => {
    const url = `${core.apiBase.replace('http', 'ws')}/api/events`;
    const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const bad = new WebSocket(url);
    await new Promise((r) => bad.once('open', r));
    const badClosed = closeCode(bad);
    bad.send(JSON.stringify({ type: 'auth', secret: 'x'.repeat(40) }));
    expect(await badClosed).toBe(4401);
    const garbage = new WebSocket(url);
    await new Promise((r) => garbage.once('open', r));
    const garbageClosed = closeCode(garbage);
    garbage.send(Buffer.from([0xff, 0x00, 0x13]));
    expect(await garbageClosed).toBe(4400);
    const silent = new WebSocket(url);
    expect(await closeCode(silent)).toBe(4401);
  });
});

describe('core API: a card read end to end over the real PTY', () => {
  it('starts a session on a card, shows only the masked number, wipes on end, and logs nothing personal', async () => {
    const { ws, waitFor } = await openEvents();
    await waitFor((e) => e.type === 'hello');
    const { cards } = await core.call('sim.catalogue', {});
    expect(cards.length).toBeGreaterThanOrEqual(8);
    const card = cards.find((c) => /老年|elder/i.test(c.label)) ?? cards[0]!;
    await core.call('sim.placeCard', { cardId: card.id });
    const read = await waitFor((e) => e.type === 'card.read');
    if (read.type !== 'card.read') throw new Error('unreachable');
    const { citizen } = read.session;
    expect(citizen.name.length).toBeGreaterThan(1);
    expect(citizen.maskedIdNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(citizen.photoStatus).toBe('ok');

    const { session } = await core.call('session.get', {});
    expect(session?.citizen.name).toBe(citizen.name);
    expect(JSON.stringify(session)).not.toMatch(/\d{17}[\dX]/);

    await core.call('sim.removeCard', {});
    await waitFor((e) => e.type === 'card.removed');
    expect(await core.call('session.end', { reason: 'user' })).toEqual({ ended: true });
    await waitFor((e) => e.type === 'session.ended');
    expect((await core.call('session.get', {})).session).toBeNull();

    const log = core.logLines.join('\n');
    expect(log).toContain('session.started');
    expect(log).not.toContain(citizen.name);
    expect(log).not.toContain(citizen.maskedIdNumber.slice(0, 6) + citizen.birthDate.replaceAll('-', ''));
    ws.close();
  });

  it('refuses an expired card with a reason code and starts no session', async () => {
    const { ws, waitFor } = await openEvents();
    const { cards } = await core.call('sim.catalogue', {});
    const expired = cards.find((c) => /过期|expired/i.test(c.label));
    expect(expired, 'the catalogue has an expired card').toBeDefined();
    await core.call('sim.placeCard', { cardId: expired!.id });
    const refused = await waitFor((e) => e.type === 'card.refused');
    expect(refused).toEqual({ type: 'card.refused', reason: 'expired' });
    expect((await core.call('session.get', {})).session).toBeNull();
    await core.call('sim.removeCard', {});
    ws.close();
  });

  it('survives all of the above: still healthy and answering', async () => {
    const health = await core.health();
    expect(core.process.exitCode).toBeNull();
    expect(health.sessionActive).toBe(false);
  });
});
