import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { ok } from '../../../domain/result.ts';
import { CONSULT_PATHS, type CentreToKiosk, type KioskToCentre } from '../../../domain/consult/protocol.ts';
import type { Logger } from '../services/logger.ts';
import { createCentreSocket, type CentreSocket } from './centre-socket.ts';

/** A small stand-in for the centre's kiosk socket: records what arrives, answers pings unless told not to. */
const startServer = async () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const state = { answerPings: true, connections: 0, received: [] as KioskToCentre[], upgrades: [] as { url: string; kiosk: string | undefined }[] };
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws, req) => {
    state.connections += 1;
    state.upgrades.push({ url: req.url ?? '', kiosk: req.headers['x-kiosk-id'] as string | undefined });
    sockets.push(ws);
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as KioskToCentre;
      if (message.type === 'ping') {
        if (state.answerPings) ws.send(JSON.stringify({ type: 'pong' }));
        return;
      }
      state.received.push(message);
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return { wss, state, baseUrl: `http://127.0.0.1:${port}`, latest: () => sockets.at(-1)!, close: () => new Promise<void>((r) => wss.close(() => r())) };
};

const until = async (check: () => boolean, ms = 5_000) => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const logLines: { event: string; fields: unknown }[] = [];
const logger: Logger = {
  info: (event, fields) => logLines.push({ event, fields }),
  warn: (event, fields) => logLines.push({ event, fields }),
  error: (event, fields) => logLines.push({ event, fields }),
};

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  logLines.length = 0;
});

const connect = (baseUrl: string, overrides: Partial<Parameters<typeof createCentreSocket>[0]> = {}) => {
  const messages: CentreToKiosk[] = [];
  const states: { state: string; reconnected: boolean }[] = [];
  const link: CentreSocket = createCentreSocket({
    baseUrl,
    sign: () => ok({ 'x-kiosk-id': 'kiosk-1', 'x-kiosk-time': '1', 'x-kiosk-signature': 'sig' }),
    logger,
    random: () => 0.5,
    onMessage: (m) => messages.push(m),
    onState: (state, reconnected) => states.push({ state, reconnected }),
    heartbeatMs: 40,
    deadMs: 250,
    backoff: { baseMs: 50, capMs: 200, floorMs: 20, permanentMs: 200 },
    ...overrides,
  });
  cleanup.push(() => link.close());
  link.open();
  return { link, messages, states };
};

describe('centre consultation socket', () => {
  it('opens the signed socket path, relays valid frames and drops invalid ones, logging a code only', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const { messages, states } = connect(server.baseUrl);
    await until(() => states.length === 1);
    expect(states[0]).toEqual({ state: 'online', reconnected: false });
    expect(server.state.upgrades[0]).toEqual({ url: CONSULT_PATHS.kioskSocket, kiosk: 'kiosk-1' });

    const id = randomUUID();
    const ws = server.latest();
    ws.send('not json at all <script>张三</script>');
    ws.send(JSON.stringify({ type: 'waiting', consultationId: 'not-a-uuid', tier: 'county', ringing: 2, queuePosition: null }));
    ws.send(JSON.stringify({ type: 'launchMissiles' }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ type: 'waiting', consultationId: id, tier: 'county', ringing: 2, queuePosition: null }));
    await until(() => messages.length === 1);
    expect(messages).toEqual([{ type: 'waiting', consultationId: id, tier: 'county', ringing: 2, queuePosition: null }]);
    const dropped = logLines.filter((l) => l.event === 'consult.frame_dropped').map((l) => l.fields);
    expect(dropped).toEqual([{ code: 'not_json' }, { code: 'invalid' }, { code: 'invalid' }, { code: 'binary' }]);
    expect(JSON.stringify(logLines)).not.toContain('张三');
  });

  it('a centre that stops answering is declared dead, and the link comes back by itself and says so', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const { link, states } = connect(server.baseUrl);
    await until(() => link.online);
    server.state.answerPings = false; // the TCP connection stays up, nothing comes back: a stalled network
    await until(() => states.some((s) => s.state === 'offline'));
    server.state.answerPings = true;
    await until(() => states.filter((s) => s.state === 'online').length === 2);
    expect(states).toEqual([
      { state: 'online', reconnected: false },
      { state: 'offline', reconnected: true },
      { state: 'online', reconnected: true },
    ]);
    expect(server.state.connections).toBe(2);
    expect(logLines.some((l) => l.event === 'consult.link_dead')).toBe(true);
  });

  it('queues what must arrive while the link is down, drops stale signals, and sends in order once back', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const id = randomUUID();
    const { link } = connect(server.baseUrl);
    // Before the first connect: the request waits for the socket.
    expect(link.send({ type: 'request', consultationId: id, matterCategory: 'labour', language: 'zh', recordingConsent: true, citizen: { name: null, verification: null } })).toBe(true);
    await until(() => server.state.received.length === 1);
    server.latest().terminate();
    await until(() => !link.online);
    expect(link.send({ type: 'signal', consultationId: id, signal: { kind: 'candidate', candidate: { candidate: 'x', sdpMid: '0', sdpMLineIndex: 0 } } })).toBe(false);
    expect(link.send({ type: 'printed', consultationId: id, pushId: randomUUID(), outcome: 'completed' })).toBe(true);
    await until(() => server.state.received.length === 2);
    expect(server.state.received.map((m) => m.type)).toEqual(['request', 'printed']);
  });

  it('keeps retrying with backoff while the centre is away, and stops for good on close', async () => {
    const server = await startServer();
    const baseUrl = server.baseUrl;
    await server.close();
    const { link, states } = connect(baseUrl);
    await until(() => logLines.filter((l) => l.event === 'consult.link_retry').length >= 3);
    // Told once that the centre cannot be reached, not at every retry.
    expect(states).toEqual([{ state: 'offline', reconnected: false }]);
    link.close();
    const retries = logLines.filter((l) => l.event === 'consult.link_retry').length;
    await new Promise((r) => setTimeout(r, 400));
    expect(logLines.filter((l) => l.event === 'consult.link_retry').length).toBe(retries);
    expect(link.send({ type: 'hangup', consultationId: randomUUID() })).toBe(false);
  });

  it('an unenrolled kiosk does not connect at all', async () => {
    const server = await startServer();
    cleanup.push(server.close);
    const { link } = connect(server.baseUrl, { sign: () => ({ ok: false, error: { code: 'not_enrolled' } }) });
    await new Promise((r) => setTimeout(r, 150));
    expect(link.online).toBe(false);
    expect(server.state.connections).toBe(0);
  });
});
