/**
 * The console's side of the WebRTC call: always the ANSWERER (protocol.ts: the kiosk offers, also
 * for ICE restarts, so the two sides never offer at once).
 *
 * - Signals are handled strictly in arrival order on one promise chain: an offer must be applied
 *   before the candidates that follow it, and camera access may still be pending when the offer
 *   arrives (the lawyer's media is asked for at the moment of accepting, in parallel with the accept).
 * - Candidates that arrive before an offer are kept and added after it.
 * - A later offer on the same connection (the kiosk's ICE restart after either side reconnected)
 *   is answered like the first one.
 *
 * The browser's RTCPeerConnection is injected so unit tests can check the order of operations.
 */
import type { IceServer, IceTransportPolicy, Signal } from '../../../../domain/consult/protocol.ts';

/** The subset of RTCPeerConnection this module uses. */
export interface PeerConnectionLike {
  readonly connectionState: string;
  readonly remoteDescription: unknown;
  onicecandidate: ((event: { candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null } | null }) => void) | null;
  ontrack: ((event: { streams: readonly MediaStream[]; track: MediaStreamTrack }) => void) | null;
  onconnectionstatechange: (() => void) | null;
  addTrack(track: MediaStreamTrack, stream: MediaStream): unknown;
  setRemoteDescription(description: { type: 'offer' | 'answer'; sdp: string }): Promise<void>;
  createAnswer(): Promise<{ type: string; sdp?: string }>;
  setLocalDescription(description: { type: string; sdp?: string }): Promise<void>;
  addIceCandidate(candidate: { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null }): Promise<void>;
  close(): void;
}

export interface AnswererOptions {
  readonly iceServers: readonly IceServer[];
  /** `relay` when the centre wants every call through its TURN relay. */
  readonly iceTransportPolicy?: IceTransportPolicy;
  /** Resolves to the lawyer's camera and microphone, or null when none could be had (the call goes on receive-only). */
  readonly localMedia: Promise<MediaStream | null>;
  readonly sendSignal: (signal: Signal) => void;
  readonly onRemoteStream: (stream: MediaStream) => void;
  readonly onConnectionState: (state: string) => void;
  /** A signal could not be applied (a broken SDP); reported as a code, never with its content. */
  readonly onError?: (code: 'offer_failed' | 'candidate_failed') => void;
  readonly createPeerConnection?: (config: { iceServers: IceServer[]; iceTransportPolicy?: IceTransportPolicy }) => PeerConnectionLike;
}

export class CallAnswerer {
  private readonly pc: PeerConnectionLike;
  private chain: Promise<void> = Promise.resolve();
  private pendingCandidates: Extract<Signal, { kind: 'candidate' }>['candidate'][] = [];
  private mediaAdded = false;
  private closed = false;

  constructor(private readonly options: AnswererOptions) {
    const create = options.createPeerConnection ?? ((config) => new RTCPeerConnection(config) as unknown as PeerConnectionLike);
    const iceServers = options.iceServers.map((s) => ({ ...s, urls: [...s.urls] }));
    this.pc = create(options.iceTransportPolicy === 'relay' ? { iceServers, iceTransportPolicy: 'relay' } : { iceServers });
    this.pc.onicecandidate = (event) => {
      if (this.closed || !event.candidate || !event.candidate.candidate) return;
      const { candidate, sdpMid, sdpMLineIndex } = event.candidate;
      options.sendSignal({ kind: 'candidate', candidate: { candidate, sdpMid: sdpMid ?? null, sdpMLineIndex: sdpMLineIndex ?? null } });
    };
    this.pc.ontrack = (event) => {
      if (this.closed) return;
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      options.onRemoteStream(stream);
    };
    this.pc.onconnectionstatechange = () => options.onConnectionState(this.pc.connectionState);
  }

  /** Queues one signal from the kiosk; the returned promise settles when it has been applied. */
  handle(signal: Signal): Promise<void> {
    this.chain = this.chain.then(() => (this.closed ? undefined : this.apply(signal))).catch(() => undefined);
    return this.chain;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.close();
  }

  private async apply(signal: Signal): Promise<void> {
    if (signal.kind === 'candidate') {
      if (!this.pc.remoteDescription) {
        this.pendingCandidates.push(signal.candidate);
        return;
      }
      await this.addCandidate(signal.candidate);
      return;
    }
    // The console never offers, so an answer from the kiosk is out of place: ignore it.
    if (signal.description.type !== 'offer') return;
    try {
      await this.addLocalMedia();
      if (this.closed) return;
      await this.pc.setRemoteDescription(signal.description);
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      if (this.closed) return;
      if (answer.sdp) this.options.sendSignal({ kind: 'description', description: { type: 'answer', sdp: answer.sdp } });
    } catch {
      this.options.onError?.('offer_failed');
      return;
    }
    const waiting = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of waiting) await this.addCandidate(candidate);
  }

  private async addLocalMedia(): Promise<void> {
    if (this.mediaAdded) return;
    this.mediaAdded = true;
    const stream = await this.options.localMedia.catch(() => null);
    if (!stream) return;
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
  }

  private async addCandidate(candidate: Extract<Signal, { kind: 'candidate' }>['candidate']): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch {
      this.options.onError?.('candidate_failed');
    }
  }
}
