import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_DEAD_MS, HEARTBEAT_MS, MAX_FRAME_BYTES, type CentreToConsole } from '../../../../domain/consult/protocol.ts';
import { ConsultSocket, parseFrame, reconnectDelayMs, socketUrl, type ConnectionState, type SocketLike } from './socket.ts';

class FakeSocket implements SocketLike {
  readyState = 0;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  readonly sent: unknown[] = [];
  closed = false;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(value: unknown) {
    this.onmessage?.({ data: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

const ID = '0b9f4c1e-8c1a-4a8e-9a53-0d3a4d0e6a11';

const setup = (heartbeatFrames?: () => never[] | { type: 'presence'; presence: 'available' }[]) => {
  const sockets: FakeSocket[] = [];
  const messages: CentreToConsole[] = [];
  const states: ConnectionState[] = [];
  const opens: boolean[] = [];
  const client = new ConsultSocket({
    url: 'ws://127.0.0.1/x',
    createSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    onMessage: (m) => messages.push(m),
    onState: (s) => states.push(s),
    onOpen: (again) => opens.push(again),
    heartbeatFrames,
    random: () => 0,
  });
  client.start();
  return { client, sockets, messages, states, opens, last: () => sockets[sockets.length - 1]! };
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the lawyer console socket', () => {
  it('delivers a frame that arrives in the same tick as the open (handlers are attached at once)', () => {
    const { sockets, messages, client } = setup();
    const socket = sockets[0]!;
    socket.open();
    socket.receive({ type: 'hello', lawyer: { accountId: 'a', displayName: '赵律师' }, presence: 'away', iceServers: [] });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.type).toBe('hello');
    expect(client.connection).toBe('open');
  });

  it('pings and repeats the presence every heartbeat', () => {
    const { last } = setup(() => [{ type: 'presence', presence: 'available' }]);
    last().open();
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(last().sent).toEqual([{ type: 'ping' }, { type: 'presence', presence: 'available' }]);
    last().receive({ type: 'pong' });
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(last().sent).toHaveLength(4);
  });

  it('declares a silent socket dead, closes it and reconnects, saying it is reconnecting', () => {
    const { sockets, states, opens } = setup();
    sockets[0]!.open();
    vi.advanceTimersByTime(HEARTBEAT_DEAD_MS);
    expect(sockets[0]!.closed).toBe(true);
    expect(states).toContain('reconnecting');
    vi.advanceTimersByTime(reconnectDelayMs(0, () => 0));
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    expect(opens).toEqual([false, true]);
    expect(states[states.length - 1]).toBe('open');
  });

  it('keeps a socket that hears pongs alive', () => {
    const { sockets } = setup();
    sockets[0]!.open();
    for (let i = 0; i < 10; i += 1) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      sockets[0]!.receive({ type: 'pong' });
    }
    expect(sockets).toHaveLength(1);
    expect(sockets[0]!.closed).toBe(false);
  });

  it('backs off between failed attempts, up to ten seconds', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((n) => reconnectDelayMs(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(reconnectDelayMs(0, () => 1)).toBe(650);
    const { sockets } = setup();
    sockets[0]!.drop();
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1]!.drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
  });

  it('never reconnects after stop, and sends nothing while not open', () => {
    const { client, sockets } = setup();
    expect(client.send({ type: 'ping' })).toBe(false);
    sockets[0]!.open();
    client.stop();
    expect(sockets[0]!.closed).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.send({ type: 'ping' })).toBe(false);
  });

  it('refuses to send a message the contract does not allow', () => {
    const { client, sockets } = setup();
    sockets[0]!.open();
    expect(client.send({ type: 'accept', consultationId: 'not-a-uuid' })).toBe(false);
    expect(client.send({ type: 'push', consultationId: ID, push: { kind: 'checklist', title: '', body: '', items: [] } })).toBe(false);
    expect(client.send({ type: 'accept', consultationId: ID })).toBe(true);
    expect(sockets[0]!.sent).toEqual([{ type: 'accept', consultationId: ID }]);
  });

  it('ignores hostile frames: not JSON, unknown types, wrong shapes, oversized', () => {
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame(JSON.stringify({ type: 'eval', code: 'alert(1)' }))).toBeNull();
    expect(parseFrame(JSON.stringify({ type: 'ring', consultationId: ID }))).toBeNull();
    expect(parseFrame(new ArrayBuffer(8))).toBeNull();
    expect(parseFrame(`{"type":"pong","pad":"${'x'.repeat(MAX_FRAME_BYTES)}"}`)).toBeNull();
    expect(parseFrame('{"type":"pong"}')).toEqual({ type: 'pong' });
    const { sockets, messages } = setup();
    sockets[0]!.open();
    sockets[0]!.receive('<script>');
    sockets[0]!.receive({ type: 'ended', consultationId: ID, reason: 'explode' });
    expect(messages).toEqual([]);
  });

  it('uses wss on an https page and the page host', () => {
    expect(socketUrl({ protocol: 'https:', host: 'centre.example:443' }, '/p')).toBe('wss://centre.example:443/p');
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:8740' }, '/p')).toBe('ws://127.0.0.1:8740/p');
  });
});
