/** The kiosk's side of the offer/answer with a fake RTCPeerConnection (the real one runs in e2e). */
import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../domain/consult/protocol';
import { PeerLink, type PeerConnectionLike } from './peer-link';

class FakePeer {
  readonly listeners = new Map<string, Array<(event: unknown) => void>>();
  readonly added: RTCIceCandidateInit[] = [];
  readonly tracks: MediaStreamTrack[] = [];
  remoteDescription: RTCSessionDescriptionInit | null = null;
  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceConnectionState: RTCIceConnectionState = 'new';
  offers = 0;
  restarted = 0;
  closed = false;
  failCandidate = false;
  constructor(readonly config: RTCConfiguration) {}
  addEventListener(type: string, listener: (event: unknown) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(type: string, event: unknown) {
    for (const l of this.listeners.get(type) ?? []) l(event);
  }
  addTrack(track: MediaStreamTrack) {
    this.tracks.push(track);
    return {} as RTCRtpSender;
  }
  async createOffer(options?: RTCOfferOptions) {
    this.offers += 1;
    return { type: 'offer' as const, sdp: `offer-${this.offers}${options?.iceRestart ? '-restart' : ''}` };
  }
  async setLocalDescription() {
    this.signalingState = 'have-local-offer';
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit) {
    this.remoteDescription = description;
    this.signalingState = 'stable';
  }
  async addIceCandidate(candidate: RTCIceCandidateInit) {
    if (this.failCandidate) throw new Error('bad candidate');
    this.added.push(candidate);
  }
  restartIce() {
    this.restarted += 1;
  }
  close() {
    this.closed = true;
  }
}

const setup = (iceTransportPolicy?: 'all' | 'relay') => {
  const sent: Signal[] = [];
  const errors: string[] = [];
  let peer!: FakePeer;
  const track = { kind: 'video' } as MediaStreamTrack;
  const stream = { getTracks: () => [track] } as unknown as MediaStream;
  const link = new PeerLink({
    iceServers: [{ urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'p' }],
    ...(iceTransportPolicy ? { iceTransportPolicy } : {}),
    localStream: stream,
    send: (s) => sent.push(s),
    createPeer: (config) => (peer = new FakePeer(config)) as unknown as PeerConnectionLike,
    onError: (step) => errors.push(step),
  });
  return { link, peer, sent, errors, track };
};

const candidate = (n: number): Signal => ({ kind: 'candidate', candidate: { candidate: `candidate:${n} 1 udp 1 127.0.0.1 ${4000 + n} typ host`, sdpMid: '0', sdpMLineIndex: 0 } });

describe('PeerLink', () => {
  it('uses every candidate by default, and only relay ones when the centre says relay', () => {
    expect(setup().peer.config.iceTransportPolicy).toBe('all');
    expect(setup('relay').peer.config.iceTransportPolicy).toBe('relay');
  });

  it('offers with the centre ICE servers, adds the local tracks, trickles candidates', async () => {
    const { link, peer, sent, track } = setup();
    expect(peer.config.iceServers).toEqual([{ urls: ['turn:turn.example.org:3478'], username: 'u', credential: 'p' }]);
    expect(peer.tracks).toEqual([track]);
    await link.start();
    expect(sent).toEqual([{ kind: 'description', description: { type: 'offer', sdp: 'offer-1' } }]);
    peer.fire('icecandidate', { candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    peer.fire('icecandidate', { candidate: null });
    expect(sent[1]).toEqual({ kind: 'candidate', candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0', sdpMLineIndex: 0 } });
    expect(sent).toHaveLength(2);
  });

  it('holds remote candidates until the answer, then applies them in order', async () => {
    const { link, peer } = setup();
    await link.start();
    await link.applySignal(candidate(1));
    await link.applySignal(candidate(2));
    expect(peer.added).toEqual([]);
    await link.applySignal({ kind: 'description', description: { type: 'answer', sdp: 'answer' } });
    expect(peer.remoteDescription).toEqual({ type: 'answer', sdp: 'answer' });
    expect(peer.added.map((c) => c.candidate)).toEqual([candidate(1), candidate(2)].map((s) => (s.kind === 'candidate' ? s.candidate.candidate : '')));
    await link.applySignal(candidate(3));
    expect(peer.added).toHaveLength(3);
  });

  it('never takes an offer from the console (the kiosk is always the offerer)', async () => {
    const { link, peer } = setup();
    await link.start();
    await link.applySignal({ kind: 'description', description: { type: 'offer', sdp: 'glare' } });
    expect(peer.remoteDescription).toBeNull();
  });

  it('restarts ICE with a new offer of its own', async () => {
    const { link, peer, sent } = setup();
    await link.start();
    await link.applySignal({ kind: 'description', description: { type: 'answer', sdp: 'answer' } });
    await link.restartIce();
    expect(peer.restarted).toBe(1);
    expect(sent.at(-1)).toEqual({ kind: 'description', description: { type: 'offer', sdp: 'offer-2-restart' } });
  });

  it('a bad candidate is reported, not fatal; after close nothing more is sent', async () => {
    const { link, peer, sent, errors } = setup();
    await link.start();
    await link.applySignal({ kind: 'description', description: { type: 'answer', sdp: 'answer' } });
    peer.failCandidate = true;
    await link.applySignal(candidate(9));
    expect(errors).toEqual(['candidate']);
    link.close();
    expect(peer.closed).toBe(true);
    peer.fire('icecandidate', { candidate: { candidate: 'candidate:2', sdpMid: '0', sdpMLineIndex: 0 } });
    await link.restartIce();
    expect(sent).toHaveLength(1);
  });

  it('hands over the remote stream once', () => {
    const streams: MediaStream[] = [];
    let peer!: FakePeer;
    new PeerLink({
      iceServers: [],
      localStream: { getTracks: () => [] } as unknown as MediaStream,
      send: () => undefined,
      createPeer: (config) => (peer = new FakePeer(config)) as unknown as PeerConnectionLike,
      onRemoteStream: (s) => streams.push(s),
    });
    const remote = new MediaStream();
    peer.fire('track', { track: { kind: 'audio' }, streams: [remote] });
    peer.fire('track', { track: { kind: 'video' }, streams: [remote] });
    expect(streams).toEqual([remote]);
  });
});
