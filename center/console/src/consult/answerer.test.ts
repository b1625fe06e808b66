import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../../domain/consult/protocol.ts';
import { CallAnswerer, type PeerConnectionLike } from './answerer.ts';

/** Records what the answerer asks of the connection, in order. */
class FakePeerConnection implements PeerConnectionLike {
  connectionState = 'new';
  remoteDescription: unknown = null;
  onicecandidate: PeerConnectionLike['onicecandidate'] = null;
  ontrack: PeerConnectionLike['ontrack'] = null;
  onconnectionstatechange: PeerConnectionLike['onconnectionstatechange'] = null;
  readonly calls: string[] = [];
  closed = false;
  answers = 0;
  failNextOffer = false;
  constructor(readonly config: unknown) {}
  addTrack(track: MediaStreamTrack) {
    this.calls.push(`addTrack:${(track as unknown as { kind: string }).kind}`);
  }
  async setRemoteDescription(d: { type: string; sdp: string }) {
    if (this.failNextOffer) {
      this.failNextOffer = false;
      throw new Error('bad sdp');
    }
    this.calls.push(`remote:${d.type}:${d.sdp}`);
    this.remoteDescription = d;
  }
  async createAnswer() {
    this.answers += 1;
    return { type: 'answer', sdp: `answer-${this.answers}` };
  }
  async setLocalDescription(d: { type: string; sdp?: string }) {
    this.calls.push(`local:${d.sdp}`);
  }
  async addIceCandidate(c: { candidate: string }) {
    this.calls.push(`candidate:${c.candidate}`);
  }
  close() {
    this.closed = true;
  }
}

const fakeStream = () => ({ getTracks: () => [{ kind: 'audio' }, { kind: 'video' }] }) as unknown as MediaStream;
const offer = (sdp: string): Signal => ({ kind: 'description', description: { type: 'offer', sdp } });
const candidate = (c: string): Signal => ({ kind: 'candidate', candidate: { candidate: c, sdpMid: '0', sdpMLineIndex: 0 } });

const setup = (localMedia: Promise<MediaStream | null> = Promise.resolve(fakeStream()), iceTransportPolicy?: 'relay') => {
  let pc: FakePeerConnection | null = null;
  const sent: Signal[] = [];
  const errors: string[] = [];
  const answerer = new CallAnswerer({
    iceServers: [{ urls: ['stun:127.0.0.1:3478'] }],
    ...(iceTransportPolicy ? { iceTransportPolicy } : {}),
    localMedia,
    sendSignal: (s) => sent.push(s),
    onRemoteStream: () => undefined,
    onConnectionState: () => undefined,
    onError: (code) => errors.push(code),
    createPeerConnection: (config) => (pc = new FakePeerConnection(config)),
  });
  return { answerer, sent, errors, pc: () => pc! };
};

describe('the console answers the kiosk', () => {
  it('answers an offer with its camera and microphone attached first', async () => {
    const { answerer, sent, pc } = setup();
    await answerer.handle(offer('o1'));
    expect(pc().calls).toEqual(['addTrack:audio', 'addTrack:video', 'remote:offer:o1', 'local:answer-1']);
    expect(sent).toEqual([{ kind: 'description', description: { type: 'answer', sdp: 'answer-1' } }]);
    expect(pc().config).toEqual({ iceServers: [{ urls: ['stun:127.0.0.1:3478'] }] });
  });

  it('uses relay candidates only when the centre says relay', () => {
    const { pc } = setup(Promise.resolve(fakeStream()), 'relay');
    expect(pc().config).toEqual({ iceServers: [{ urls: ['stun:127.0.0.1:3478'] }], iceTransportPolicy: 'relay' });
  });

  it('waits for camera access before answering, and keeps later candidates in order behind the offer', async () => {
    let grant: (s: MediaStream) => void = () => undefined;
    const { answerer, pc } = setup(new Promise((resolve) => (grant = resolve)));
    const early = answerer.handle(candidate('before-offer'));
    void answerer.handle(offer('o1'));
    const last = answerer.handle(candidate('after-offer'));
    await early;
    expect(pc().calls).toEqual([]);
    grant(fakeStream());
    await last;
    expect(pc().calls).toEqual(['addTrack:audio', 'addTrack:video', 'remote:offer:o1', 'local:answer-1', 'candidate:before-offer', 'candidate:after-offer']);
  });

  it('answers an ICE-restart offer on the same connection without adding the tracks again', async () => {
    const { answerer, sent, pc } = setup();
    await answerer.handle(offer('o1'));
    await answerer.handle(offer('o2-ice-restart'));
    expect(pc().calls.filter((c) => c.startsWith('addTrack'))).toHaveLength(2);
    expect(sent.map((s) => (s.kind === 'description' ? s.description.sdp : ''))).toEqual(['answer-1', 'answer-2']);
  });

  it('still answers receive-only when no camera could be had', async () => {
    const { answerer, sent, pc } = setup(Promise.resolve(null));
    await answerer.handle(offer('o1'));
    expect(pc().calls).toEqual(['remote:offer:o1', 'local:answer-1']);
    expect(sent).toHaveLength(1);
  });

  it('reports a broken offer as a code and goes on with the next one', async () => {
    const { answerer, errors, sent, pc } = setup();
    pc().failNextOffer = true;
    await answerer.handle(offer('broken'));
    expect(errors).toEqual(['offer_failed']);
    expect(sent).toEqual([]);
    await answerer.handle(offer('o2'));
    expect(sent).toHaveLength(1);
  });

  it('sends its own candidates, and nothing after hang-up', async () => {
    const { answerer, sent, pc } = setup();
    pc().onicecandidate?.({ candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    pc().onicecandidate?.({ candidate: null });
    expect(sent).toEqual([{ kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } }]);
    answerer.close();
    expect(pc().closed).toBe(true);
    await answerer.handle(offer('late'));
    expect(sent).toHaveLength(1);
  });

  it('ignores an answer from the kiosk (the console never offers)', async () => {
    const { answerer, sent, pc } = setup();
    await answerer.handle({ kind: 'description', description: { type: 'answer', sdp: 'x' } });
    expect(pc().calls).toEqual([]);
    expect(sent).toEqual([]);
  });
});
