/**
 * The desk store driven by the centre's messages over a fake socket (unit test: no browser). What
 * the lawyer's desk sends back, and what it shows, for each turn of a consultation.
 */
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_MS, type CentreToConsole } from '../../../../domain/consult/protocol.ts';
import { useConsultDeskStore } from './consult-desk.ts';

class FakeWebSocket {
  static all: FakeWebSocket[] = [];
  readyState = 0;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: unknown) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  readonly sent: { type: string; [k: string]: unknown }[] = [];
  constructor(readonly url: string) {
    FakeWebSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: CentreToConsole) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

class FakePeerConnection {
  connectionState = 'new';
  remoteDescription = null;
  onicecandidate = null;
  ontrack = null;
  onconnectionstatechange = null;
  closed = false;
  addTrack() {}
  async setRemoteDescription() {}
  async createAnswer() {
    return { type: 'answer', sdp: 'v=0' };
  }
  async setLocalDescription() {}
  async addIceCandidate() {}
  close() {
    this.closed = true;
  }
}

const ID = '0b9f4c1e-8c1a-4a8e-9a53-0d3a4d0e6a11';
const OTHER = '5c0e9b52-3f0b-4d4c-9d8e-2f8a9c7b6a55';
const station = { name: '东山街道法律服务站', regionCode: '440106' };
const hello = (presence: 'available' | 'away' | 'in_call' | 'wrap_up' = 'away'): CentreToConsole => ({
  type: 'hello',
  lawyer: { accountId: 'a1', displayName: '赵律师' },
  presence,
  iceServers: [],
});
const ring = (consultationId = ID): CentreToConsole => ({
  type: 'ring',
  consultationId,
  matterCategory: 'labour',
  language: 'zh',
  station,
  tier: 'county',
  ringUntil: new Date(Date.now() + 20_000).toISOString(),
});
const connected: CentreToConsole = { type: 'connected', consultationId: ID, matterCategory: 'labour', station, citizen: { name: null, verification: 'card_only' }, iceServers: [] };

const socket = () => FakeWebSocket.all[FakeWebSocket.all.length - 1]!;
const sentTypes = (s = socket()) => s.sent.map((m) => (m.type === 'presence' ? `presence:${String(m.presence)}` : m.type));

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.all = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal('window', { location: { protocol: 'http:', host: '127.0.0.1:8740' } });
  setActivePinia(createPinia());
});
afterEach(() => {
  useConsultDeskStore().stop();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const openDesk = (presence: Parameters<typeof hello>[0] = 'away') => {
  const desk = useConsultDeskStore();
  desk.start();
  socket().open();
  socket().receive(hello(presence));
  return desk;
};

describe('the lawyer desk', () => {
  it('connects to the console socket on the page host and shows the centre presence', () => {
    const desk = openDesk();
    expect(socket().url).toBe('ws://127.0.0.1:8740/api/console/consult/socket');
    expect(desk.connection).toBe('open');
    expect(desk.mode).toBe('away');
  });

  it('goes available and repeats it on every heartbeat', () => {
    const desk = openDesk();
    desk.setAvailable(true);
    expect(sentTypes()).toEqual(['presence:available']);
    socket().receive({ type: 'presence', presence: 'available' });
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(sentTypes()).toEqual(['presence:available', 'ping', 'presence:available']);
    expect(desk.mode).toBe('available');
  });

  it('rings, then says plainly that another lawyer took it', () => {
    const desk = openDesk('available');
    socket().receive(ring());
    expect(desk.mode).toBe('ringing');
    socket().receive({ type: 'ringCancelled', consultationId: ID, reason: 'taken' });
    expect(desk.ring).toBeNull();
    expect(desk.notice).toBe('taken');
    // A cancellation of some other ring changes nothing.
    socket().receive(ring());
    socket().receive({ type: 'ringCancelled', consultationId: OTHER, reason: 'taken' });
    expect(desk.ring?.consultationId).toBe(ID);
  });

  it('accepts once, however often the button is pressed, and a refused accept is explained', () => {
    const desk = openDesk('available');
    socket().receive(ring());
    desk.accept();
    desk.accept();
    expect(sentTypes().filter((t) => t === 'accept')).toHaveLength(1);
    socket().receive({ type: 'acceptRefused', consultationId: ID, reason: 'unknown_request' });
    expect(desk.notice).toBe('notOffered');
    expect(desk.accepting).toBe(false);
  });

  it('sends no presence during the call nor the wrap-up, so the wrap-up is not cut short', () => {
    const desk = openDesk('available');
    desk.setAvailable(true);
    socket().receive(ring());
    desk.accept();
    socket().receive({ type: 'presence', presence: 'in_call' });
    socket().receive(connected);
    expect(desk.mode).toBe('in_call');
    socket().receive({ type: 'ended', consultationId: ID, reason: 'kiosk_hangup' });
    socket().receive({ type: 'presence', presence: 'wrap_up' });
    expect(desk.mode).toBe('wrap_up');
    expect(desk.lastCall?.reason).toBe('kiosk_hangup');
    const before = socket().sent.length;
    for (let i = 0; i < 3; i += 1) {
      vi.advanceTimersByTime(HEARTBEAT_MS);
      socket().receive({ type: 'pong' });
    }
    expect(socket().sent.slice(before).map((m) => m.type)).toEqual(['ping', 'ping', 'ping']);
    desk.finishWrapUp(true);
    expect(sentTypes().at(-1)).toBe('presence:available');
  });

  it('after a lost socket reconnects and resumes the call in progress', () => {
    const desk = openDesk('available');
    socket().receive(ring());
    desk.accept();
    socket().receive(connected);
    const first = socket();
    first.drop();
    expect(desk.connection).toBe('reconnecting');
    expect(desk.call?.consultationId).toBe(ID);
    vi.advanceTimersByTime(1_000);
    expect(FakeWebSocket.all).toHaveLength(2);
    socket().open();
    expect(socket().sent[0]).toEqual({ type: 'resume', consultationId: ID });
    socket().receive({ type: 'peer', consultationId: ID, state: 'offline' });
    expect(desk.call?.peer).toBe('offline');
  });

  it('pushes, verifies and refers only while connected to the centre, and says when it could not', () => {
    const desk = openDesk('available');
    socket().receive(ring());
    desk.accept();
    socket().receive(connected);
    expect(desk.verifyIdentity()).toBe(true);
    expect(desk.call?.verifiedByLawyer).toBe(true);
    expect(desk.sendPush({ kind: 'summary', title: '法律咨询小结', body: '建议申请劳动仲裁。', items: [] })).toBe(true);
    expect(desk.call?.summarySent).toBe(true);
    socket().drop();
    expect(desk.refer({ kind: 'mediation', note: '' })).toBe(false);
    expect(desk.notice).toBe('offline');
    expect(desk.call?.referrals).toEqual([]);
  });

  it('stops for good when another tab takes over, and names the missing profile', () => {
    const desk = openDesk();
    socket().receive({ type: 'error', code: 'no_profile' });
    expect(desk.problem).toBe('no_profile');
    socket().receive({ type: 'presence', presence: 'away', reason: 'replaced' });
    expect(desk.replaced).toBe(true);
    expect(desk.connection).toBe('stopped');
    socket().drop();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.all).toHaveLength(1);
  });

  it('adopts away when the centre set it after missed rings (the heartbeat does not undo it)', () => {
    const desk = openDesk('available');
    socket().receive({ type: 'presence', presence: 'away', reason: 'missed_rings' });
    expect(desk.wantAvailable).toBe(false);
    expect(desk.notice).toBe('markedAway');
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(sentTypes().at(-1)).toBe('presence:away');
  });
});
