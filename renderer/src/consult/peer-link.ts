/**
 * The kiosk's RTCPeerConnection for one call. The kiosk is always the offerer, also for ICE
 * restarts (domain/consult/protocol.ts), so there is never glare to resolve: the console only
 * answers. Candidates trickle out as they are found; remote candidates that arrive before the
 * answer wait until it is applied (addIceCandidate would reject them).
 */
import type { IceServer, IceTransportPolicy, Signal } from '../../../domain/consult/protocol';

/** The part of RTCPeerConnection the link uses, so unit tests can hand in a fake. */
export type PeerConnectionLike = Pick<
  RTCPeerConnection,
  'addTrack' | 'createOffer' | 'setLocalDescription' | 'setRemoteDescription' | 'addIceCandidate' | 'restartIce' | 'close' | 'addEventListener' | 'remoteDescription' | 'connectionState' | 'iceConnectionState' | 'signalingState'
>;

export interface PeerLinkOptions {
  iceServers: IceServer[];
  /** `relay` when the centre wants every call through its TURN relay. */
  iceTransportPolicy?: IceTransportPolicy;
  localStream: MediaStream;
  send: (signal: Signal) => void;
  createPeer?: (config: RTCConfiguration) => PeerConnectionLike;
  /** The remote side's stream, once its first track arrives. */
  onRemoteStream?: (stream: MediaStream) => void;
  /** connectionState changes ('connected', 'disconnected', 'failed', ...). */
  onConnectionState?: (state: RTCPeerConnectionState) => void;
  /** A step of the offer/answer failed; the call goes on, the caller decides what to tell. */
  onError?: (step: 'offer' | 'answer' | 'candidate', error: unknown) => void;
}

const browserPeer = (config: RTCConfiguration): PeerConnectionLike => new RTCPeerConnection(config);

export class PeerLink {
  private readonly pc: PeerConnectionLike;
  private readonly pendingCandidates: RTCIceCandidateInit[] = [];
  private closed = false;
  private remoteStream: MediaStream | null = null;

  constructor(private readonly options: PeerLinkOptions) {
    const iceServers: RTCIceServer[] = options.iceServers.map((s) => ({
      urls: s.urls,
      ...(s.username !== undefined ? { username: s.username } : {}),
      ...(s.credential !== undefined ? { credential: s.credential } : {}),
    }));
    this.pc = (options.createPeer ?? browserPeer)({ iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all', bundlePolicy: 'max-bundle' });
    // Listeners before anything async, so no early event is missed.
    this.pc.addEventListener('icecandidate', (event) => {
      const candidate = (event as RTCPeerConnectionIceEvent).candidate;
      if (this.closed || !candidate || candidate.candidate === '') return;
      options.send({ kind: 'candidate', candidate: { candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? null, sdpMLineIndex: candidate.sdpMLineIndex ?? null } });
    });
    this.pc.addEventListener('track', (event) => {
      const track = event as RTCTrackEvent;
      const stream = track.streams[0] ?? this.remoteStream ?? new MediaStream();
      if (!track.streams[0] && !stream.getTracks().includes(track.track)) stream.addTrack(track.track);
      if (this.remoteStream !== stream) {
        this.remoteStream = stream;
        options.onRemoteStream?.(stream);
      }
    });
    this.pc.addEventListener('connectionstatechange', () => options.onConnectionState?.(this.pc.connectionState));
    for (const track of options.localStream.getTracks()) this.pc.addTrack(track, options.localStream);
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }

  /** Creates and sends the first offer. */
  async start(): Promise<void> {
    await this.offer(false);
  }

  /** After a reconnect: new ICE credentials in a new offer (the kiosk stays the offerer). */
  async restartIce(): Promise<void> {
    if (this.closed) return;
    this.pc.restartIce();
    await this.offer(true);
  }

  async applySignal(signal: Signal): Promise<void> {
    if (this.closed) return;
    if (signal.kind === 'description') {
      // The console only ever answers; an offer from it would break the offerer rule.
      if (signal.description.type !== 'answer') return;
      if (this.pc.signalingState !== 'have-local-offer') return;
      try {
        await this.pc.setRemoteDescription(signal.description);
      } catch (error) {
        this.options.onError?.('answer', error);
        return;
      }
      for (const candidate of this.pendingCandidates.splice(0)) await this.addCandidate(candidate);
      return;
    }
    const init: RTCIceCandidateInit = { candidate: signal.candidate.candidate, sdpMid: signal.candidate.sdpMid, sdpMLineIndex: signal.candidate.sdpMLineIndex };
    if (!this.pc.remoteDescription) this.pendingCandidates.push(init);
    else await this.addCandidate(init);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pendingCandidates.length = 0;
    this.pc.close();
  }

  private async offer(iceRestart: boolean): Promise<void> {
    try {
      const offer = await this.pc.createOffer(iceRestart ? { iceRestart: true } : {});
      if (this.closed) return;
      await this.pc.setLocalDescription(offer);
      if (this.closed || !offer.sdp) return;
      this.options.send({ kind: 'description', description: { type: 'offer', sdp: offer.sdp } });
    } catch (error) {
      this.options.onError?.('offer', error);
    }
  }

  private async addCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      // One bad candidate (e.g. from before an ICE restart) must not end the call.
      this.options.onError?.('candidate', error);
    }
  }
}
