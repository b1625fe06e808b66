import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../time/fake-clock';
import type { KioskEvent } from './contract';
import { HttpBridge, type SocketLike } from './http-bridge';
import { readyReader } from './mock-bridge';

const SECRET = 'secret-secret-secret-0001';

/** A WebSocket stand-in the test drives by hand. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: unknown[] = [];
  closed = false;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }

  close(): void {
    this.closed = true;
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(frame: unknown): void {
    this.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) } as MessageEvent);
  }

  serverClose(): void {
    this.readyState = 3;
    this.onclose?.({} as CloseEvent);
  }
}

const hello: KioskEvent = { type: 'hello', bootId: 'boot-1', reader: readyReader, session: null };

function setup(fetchImpl?: typeof fetch) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const bridge = new HttpBridge({
    apiBase: 'http://127.0.0.1:48123/',
    secret: SECRET,
    clock,
    fetch: fetchImpl ?? (vi.fn() as unknown as typeof fetch),
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  const events: KioskEvent[] = [];
  bridge.onEvent((e) => events.push(e));
  const states: string[] = [];
  bridge.onConnectionChange((s) => states.push(s));
  const last = () => sockets[sockets.length - 1]!;
  return { clock, sockets, bridge, events, states, last };
}

afterEach(() => vi.restoreAllMocks());

describe('HttpBridge events', () => {
  it('authenticates first, becomes open on hello and delivers valid events', () => {
    const { bridge, last, events } = setup();
    bridge.start();
    expect(last().url).toBe('ws://127.0.0.1:48123/api/events');
    expect(bridge.connection).toBe('connecting');
    last().open();
    expect(last().sent[0]).toEqual({ type: 'auth', secret: SECRET });
    last().receive(hello);
    expect(bridge.connection).toBe('open');
    last().receive({ type: 'card.placed' });
    expect(events.map((e) => e.type)).toEqual(['hello', 'card.placed']);
  });

  it('drops malformed events and keeps delivering valid ones', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { bridge, last, events } = setup();
    bridge.start();
    last().open();
    last().receive(hello);
    last().receive('not json {');
    last().receive({ type: 'card.teleported' });
    last().receive({ type: 'card.refused', reason: 'too_ugly' });
    last().receive({ type: 'card.read', session: { id: 'x', citizen: { name: '张三' } } });
    last().receive({ type: 'pong' });
    last().receive({ type: 'card.refused', reason: 'expired' });
    expect(events.map((e) => e.type)).toEqual(['hello', 'card.refused']);
    expect(warn).toHaveBeenCalledTimes(4);
    // The dropped payloads (which might hold personal data) never reach the log.
    expect(JSON.stringify(warn.mock.calls)).not.toContain('张三');
  });

  it('marks the channel lost on close, reconnects with backoff and authenticates again', () => {
    const { bridge, sockets, last, clock, states } = setup();
    bridge.start();
    last().open();
    last().receive(hello);
    last().serverClose();
    expect(bridge.connection).toBe('lost');
    expect(sockets).toHaveLength(1);
    clock.advance(500);
    expect(sockets).toHaveLength(2);
    // The second attempt fails too: the next wait is longer.
    last().serverClose();
    clock.advance(500);
    expect(sockets).toHaveLength(2);
    clock.advance(500);
    expect(sockets).toHaveLength(3);
    last().open();
    expect(last().sent[0]).toEqual({ type: 'auth', secret: SECRET });
    last().receive(hello);
    expect(bridge.connection).toBe('open');
    expect(states).toEqual(['open', 'lost', 'open']);
  });

  it('pings every 10 s and treats a silent core as lost', () => {
    const { bridge, last, clock, sockets } = setup();
    bridge.start();
    last().open();
    last().receive(hello);
    clock.advance(10_000);
    expect(last().sent).toContainEqual({ type: 'ping' });
    last().receive({ type: 'pong' });
    clock.advance(5_000);
    expect(bridge.connection).toBe('open');
    clock.advance(5_000); // second ping, no answer this time
    clock.advance(5_000);
    expect(bridge.connection).toBe('lost');
    expect(sockets[0]!.closed).toBe(true);
  });

  it('gives up on a socket that opens but never says hello', () => {
    const { bridge, last, clock } = setup();
    bridge.start();
    last().open();
    clock.advance(5_000);
    expect(bridge.connection).toBe('lost');
  });

  it('stop() closes the socket and does not reconnect', () => {
    const { bridge, last, clock, sockets } = setup();
    bridge.start();
    last().open();
    last().receive(hello);
    bridge.stop();
    expect(last().closed).toBe(true);
    clock.advance(60_000);
    expect(sockets).toHaveLength(1);
  });
});

describe('HttpBridge commands', () => {
  const respond = (status: number, body: unknown) =>
    vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

  it('posts JSON with the bearer secret and returns the validated value', async () => {
    const fetchMock = respond(200, { ok: true, value: { ended: true } });
    const { bridge } = setup(fetchMock as unknown as typeof fetch);
    const result = await bridge.call('session.end', { reason: 'user' });
    expect(result).toEqual({ ok: true, value: { ended: true } });
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:48123/api/cmd/session.end');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['authorization']).toBe(`Bearer ${SECRET}`);
    expect(JSON.parse(String(init.body))).toEqual({ reason: 'user' });
  });

  it('returns API errors as values', async () => {
    const { bridge } = setup(respond(403, { ok: false, error: { code: 'wrong_pin', message: 'wrong pin' } }) as unknown as typeof fetch);
    expect(await bridge.call('technician.unlock', { pin: '0000' })).toEqual({ ok: false, error: { code: 'wrong_pin', message: 'wrong pin' } });
  });

  it('turns a value that breaks the contract into an internal error', async () => {
    const { bridge } = setup(respond(200, { ok: true, value: { ended: 'yes' } }) as unknown as typeof fetch);
    const result = await bridge.call('session.end', { reason: 'user' });
    expect(result.ok).toBe(false);
  });

  it('turns a network failure into an internal error instead of throwing', async () => {
    const failing = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const { bridge } = setup(failing as unknown as typeof fetch);
    expect(await bridge.call('kiosk.config', {})).toEqual({ ok: false, error: { code: 'internal', message: 'core_unreachable' } });
  });
});
