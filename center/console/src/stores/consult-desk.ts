/**
 * The lawyer's consultation desk: availability, the ring, the call and its wrap-up, kept for the
 * whole signed-in session (moving to the history page does not drop a call).
 *
 * The centre is the authority on presence (`hello`, `presence`); the desk keeps what the lawyer
 * wants (available or away) and repeats it on the heartbeat only while the centre's presence is
 * available or away, because an `available` during wrap-up would end the wrap-up the lawyer is
 * still writing. After a lost socket the desk reconnects and sends `resume` for a call in progress;
 * the kiosk then restarts ICE and the answerer answers the new offer on the same connection.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import {
  CONSULT_PATHS,
  type CentreToConsole,
  type ConsoleToCentre,
  type EndReason,
  type IceServer,
  type Push,
  type Referral,
} from '../../../../domain/consult/protocol.ts';
import { ApiError } from '../api/client.ts';
import { fetchConsultation, saveNotes } from '../api/consultations.ts';
import { CallAnswerer } from '../consult/answerer.ts';
import { NotesSaver, type SaveState } from '../consult/notes-saver.ts';
import { applyOutcome, applyOutcomeInOrder, matchPushIds, type PrintOutcome, type SentPush } from '../consult/pushes.ts';
import { RingTone } from '../consult/ring-tone.ts';
import { ConsultSocket, socketUrl, type ConnectionState } from '../consult/socket.ts';

type Presence = Extract<CentreToConsole, { type: 'presence' }>['presence'];
export type RingOffer = Extract<CentreToConsole, { type: 'ring' }>;
type Connected = Extract<CentreToConsole, { type: 'connected' }>;

/** A plain message for the lawyer: an i18n key under `desk.notice`. */
export type DeskNotice =
  | 'taken'
  | 'cancelled'
  | 'expired'
  | 'notOffered'
  | 'markedAway'
  | 'callGone'
  | 'invalid'
  | 'offline'
  | 'noMedia'
  | 'mediaFailed';

export interface ActiveCall {
  readonly consultationId: string;
  readonly matterCategory: Connected['matterCategory'];
  readonly station: Connected['station'];
  readonly citizen: Connected['citizen'];
  readonly connectedAt: number;
  /** The kiosk's link as the centre reports it. */
  peer: 'online' | 'offline';
  /** The WebRTC connection's state (new, connecting, connected, disconnected, failed, closed). */
  media: string;
  micOn: boolean;
  cameraOn: boolean;
  /** The lawyer confirmed the person's identity on video in this call. */
  verifiedByLawyer: boolean;
  pushes: SentPush[];
  referrals: { at: number; referral: Referral }[];
  summarySent: boolean;
}

export interface FinishedCall {
  readonly consultationId: string;
  readonly reason: EndReason;
  readonly matterCategory: Connected['matterCategory'];
  readonly station: Connected['station'];
}

const asMedia = async (): Promise<MediaStream | null> => {
  const devices = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!devices?.getUserMedia) return null;
  try {
    return await devices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: true });
  } catch {
    // No camera (or it is busy): the citizen can still hear the lawyer.
    try {
      return await devices.getUserMedia({ audio: true });
    } catch {
      return null;
    }
  }
};

export const useConsultDeskStore = defineStore('consult-desk', () => {
  const connection = ref<ConnectionState>('stopped');
  const lawyer = ref<{ accountId: string; displayName: string } | null>(null);
  const serverPresence = ref<Presence | null>(null);
  const wantAvailable = ref(false);
  const wrappingUp = ref(false);
  /** Another tab took over the desk: this one stops (it would take it back on every reconnect). */
  const replaced = ref(false);
  /** The centre refuses this account as a consulting lawyer (`not_a_lawyer`, `no_profile`). */
  const problem = ref<'not_a_lawyer' | 'no_profile' | null>(null);
  const notice = ref<DeskNotice | null>(null);
  const ring = ref<RingOffer | null>(null);
  const call = ref<ActiveCall | null>(null);
  const lastCall = ref<FinishedCall | null>(null);
  const localStream = shallowRef<MediaStream | null>(null);
  const remoteStream = shallowRef<MediaStream | null>(null);
  const notes = ref('');
  const notesState = ref<SaveState>('idle');
  const accepting = ref(false);

  let socket: ConsultSocket | null = null;
  let answerer: CallAnswerer | null = null;
  let media: Promise<MediaStream | null> | null = null;
  let iceServers: IceServer[] = [];
  let saver: NotesSaver | null = null;
  let localPushId = 0;
  const tone = new RingTone();

  const presenceFrame = (): ConsoleToCentre[] => {
    const p = serverPresence.value;
    if (wrappingUp.value || (p !== null && p !== 'available' && p !== 'away')) return [];
    return [{ type: 'presence', presence: wantAvailable.value ? 'available' : 'away' }];
  };

  const send = (message: ConsoleToCentre): boolean => {
    const sent = socket?.send(message) ?? false;
    if (!sent) notice.value = 'offline';
    return sent;
  };

  const start = () => {
    if (socket) return;
    replaced.value = false;
    socket = new ConsultSocket({
      url: socketUrl(window.location, CONSULT_PATHS.consoleSocket),
      onMessage: (message) => handle(message),
      onState: (state) => (connection.value = state),
      onOpen: () => {
        // A call that survived the outage: the centre re-attaches this socket to it.
        if (call.value) socket?.send({ type: 'resume', consultationId: call.value.consultationId });
      },
      heartbeatFrames: presenceFrame,
    });
    socket.start();
  };

  const stop = () => {
    socket?.stop();
    socket = null;
    endCallLocally();
    stopRinging();
    tone.dispose();
    connection.value = 'stopped';
    serverPresence.value = null;
    wantAvailable.value = false;
  };

  const setAvailable = (available: boolean) => {
    // The click that goes available is the gesture that lets the ring make a sound.
    if (available) tone.unlock();
    wantAvailable.value = available;
    notice.value = null;
    if (available) wrappingUp.value = false;
    send({ type: 'presence', presence: available ? 'available' : 'away' });
  };

  const stopRinging = () => {
    ring.value = null;
    tone.stop();
  };

  const releaseMedia = () => {
    const stream = localStream.value;
    localStream.value = null;
    media = null;
    for (const track of stream?.getTracks() ?? []) track.stop();
  };

  const getMedia = (): Promise<MediaStream | null> => {
    media ??= asMedia().then((stream) => {
      localStream.value = stream;
      if (!stream) notice.value = 'noMedia';
      return stream;
    });
    return media;
  };

  const accept = () => {
    const offer = ring.value;
    if (!offer || accepting.value) return;
    // First accept wins: the accept goes out at once, the camera starts in parallel.
    if (!send({ type: 'accept', consultationId: offer.consultationId })) return;
    accepting.value = true;
    tone.stop();
    void getMedia();
  };

  const decline = () => {
    const offer = ring.value;
    if (!offer) return;
    send({ type: 'decline', consultationId: offer.consultationId });
    stopRinging();
  };

  const onConnected = (message: Connected) => {
    if (call.value?.consultationId === message.consultationId) return;
    stopRinging();
    accepting.value = false;
    wrappingUp.value = false;
    lastCall.value = null;
    iceServers = message.iceServers;
    call.value = {
      consultationId: message.consultationId,
      matterCategory: message.matterCategory,
      station: message.station,
      citizen: message.citizen,
      connectedAt: Date.now(),
      peer: 'online',
      media: 'new',
      micOn: true,
      cameraOn: true,
      verifiedByLawyer: false,
      pushes: [],
      referrals: [],
      summarySent: false,
    };
    const id = message.consultationId;
    answerer = new CallAnswerer({
      iceServers,
      ...(message.iceTransportPolicy === 'relay' ? { iceTransportPolicy: 'relay' as const } : {}),
      localMedia: getMedia(),
      sendSignal: (signal) => socket?.send({ type: 'signal', consultationId: id, signal }),
      onRemoteStream: (stream) => (remoteStream.value = stream),
      onConnectionState: (state) => {
        if (call.value?.consultationId === id) call.value.media = state;
      },
      onError: () => (notice.value = 'mediaFailed'),
    });
    notes.value = '';
    notesState.value = 'idle';
    saver?.dispose();
    saver = new NotesSaver({
      save: async (text, version) => ({ version: (await saveNotes(id, text, version)).notesVersion }),
      onState: (state) => (notesState.value = state),
      isConflict: (error) => error instanceof ApiError && error.status === 409,
    });
  };

  /** Closes the media side of a call; the record stays in `lastCall` for the wrap-up. */
  const endCallLocally = (reason?: EndReason) => {
    const current = call.value;
    answerer?.close();
    answerer = null;
    remoteStream.value = null;
    releaseMedia();
    accepting.value = false;
    if (!current) return;
    call.value = null;
    void saver?.flush();
    if (reason) {
      lastCall.value = { consultationId: current.consultationId, reason, matterCategory: current.matterCategory, station: current.station };
      wrappingUp.value = true;
    }
  };

  const hangUp = () => {
    const current = call.value;
    if (!current) return;
    socket?.send({ type: 'hangup', consultationId: current.consultationId });
    endCallLocally('lawyer_hangup');
  };

  /** Wrap-up done: ready for the next call (or away). */
  const finishWrapUp = (available: boolean) => {
    wrappingUp.value = false;
    setAvailable(available);
  };

  const toggleMic = () => {
    if (!call.value) return;
    call.value.micOn = !call.value.micOn;
    for (const track of localStream.value?.getAudioTracks() ?? []) track.enabled = call.value.micOn;
  };

  const toggleCamera = () => {
    if (!call.value) return;
    call.value.cameraOn = !call.value.cameraOn;
    for (const track of localStream.value?.getVideoTracks() ?? []) track.enabled = call.value.cameraOn;
  };

  const sendPush = (push: Push): boolean => {
    const current = call.value;
    if (!current) return false;
    if (!send({ type: 'push', consultationId: current.consultationId, push })) return false;
    localPushId += 1;
    current.pushes.push({ localId: localPushId, push, pushId: null, outcome: null });
    if (push.kind === 'summary') current.summarySent = true;
    return true;
  };

  const verifyIdentity = (): boolean => {
    const current = call.value;
    if (!current || !send({ type: 'verifyIdentity', consultationId: current.consultationId })) return false;
    current.verifiedByLawyer = true;
    return true;
  };

  const refer = (referral: Referral): boolean => {
    const current = call.value;
    if (!current || !send({ type: 'refer', consultationId: current.consultationId, referral })) return false;
    current.referrals.push({ at: Date.now(), referral });
    return true;
  };

  const notesChanged = (text: string) => {
    notes.value = text;
    saver?.changed(text);
  };

  const onPrinted = async (consultationId: string, pushId: string, outcome: PrintOutcome) => {
    const current = call.value;
    if (!current || current.consultationId !== consultationId) return;
    if (applyOutcome(current.pushes, pushId, outcome)) return;
    try {
      const detail = await fetchConsultation(consultationId);
      matchPushIds(current.pushes, detail.pushes);
      if (applyOutcome(current.pushes, pushId, outcome)) return;
    } catch {
      // The order of printing is the order of sending: good enough when the centre cannot be asked.
    }
    applyOutcomeInOrder(current.pushes, pushId, outcome);
  };

  /** The ring is over without a call (taken by someone else, cancelled, expired): say so plainly. */
  const dropRing = (why: DeskNotice) => {
    stopRinging();
    releaseMedia();
    accepting.value = false;
    notice.value = why;
  };

  const handle = (message: CentreToConsole) => {
    switch (message.type) {
      case 'pong':
        return;
      case 'hello':
        lawyer.value = message.lawyer;
        serverPresence.value = message.presence;
        iceServers = message.iceServers;
        problem.value = null;
        if (message.presence === 'wrap_up') wrappingUp.value = true;
        // After a reconnect the centre may have set us away: say again what the lawyer wants.
        if ((message.presence === 'away' && wantAvailable.value && !wrappingUp.value) || (message.presence === 'available' && !wantAvailable.value)) {
          socket?.send({ type: 'presence', presence: wantAvailable.value ? 'available' : 'away' });
        }
        if (message.presence === 'available') wantAvailable.value = true;
        return;
      case 'presence':
        serverPresence.value = message.presence;
        if (message.reason === 'replaced') {
          replaced.value = true;
          socket?.stop();
          socket = null;
          connection.value = 'stopped';
          return;
        }
        if (message.presence === 'away' && (message.reason === 'missed_rings' || message.reason === 'disconnected')) {
          wantAvailable.value = false;
          notice.value = 'markedAway';
        }
        if (message.presence === 'wrap_up') wrappingUp.value = true;
        if (message.presence === 'available') {
          wrappingUp.value = false;
          wantAvailable.value = true;
        }
        return;
      case 'ring':
        if (call.value) return;
        ring.value = message;
        notice.value = null;
        tone.start();
        return;
      case 'ringCancelled':
        if (ring.value?.consultationId === message.consultationId) dropRing(message.reason);
        return;
      case 'acceptRefused':
        if (ring.value?.consultationId === message.consultationId) {
          dropRing(message.reason === 'not_offered' || message.reason === 'unknown_request' ? 'notOffered' : message.reason);
        }
        return;
      case 'connected':
        onConnected(message);
        return;
      case 'signal':
        if (call.value?.consultationId === message.consultationId) void answerer?.handle(message.signal);
        return;
      case 'printed':
        void onPrinted(message.consultationId, message.pushId, message.outcome);
        return;
      case 'peer':
        if (call.value?.consultationId === message.consultationId) call.value.peer = message.state;
        return;
      case 'ended':
        if (call.value?.consultationId === message.consultationId) endCallLocally(message.reason);
        return;
      case 'error':
        if (message.code === 'not_a_lawyer' || message.code === 'no_profile') {
          problem.value = message.code;
          wantAvailable.value = false;
        } else if (message.code === 'unknown_consultation' && message.consultationId && call.value?.consultationId === message.consultationId) {
          notice.value = 'callGone';
          endCallLocally('network');
        } else if (message.code === 'invalid_message') {
          notice.value = 'invalid';
        }
        return;
    }
  };

  /** What the page shows: one of these at a time. */
  const mode = computed<'offline' | 'away' | 'available' | 'ringing' | 'in_call' | 'wrap_up'>(() => {
    if (call.value) return 'in_call';
    if (ring.value) return 'ringing';
    if (wrappingUp.value && lastCall.value) return 'wrap_up';
    if (connection.value !== 'open' && serverPresence.value === null) return 'offline';
    return wantAvailable.value ? 'available' : 'away';
  });

  return {
    connection,
    lawyer,
    serverPresence,
    wantAvailable,
    wrappingUp,
    replaced,
    problem,
    notice,
    ring,
    call,
    lastCall,
    localStream,
    remoteStream,
    notes,
    notesState,
    accepting,
    mode,
    start,
    stop,
    setAvailable,
    accept,
    decline,
    hangUp,
    finishWrapUp,
    toggleMic,
    toggleCamera,
    sendPush,
    verifyIdentity,
    refer,
    notesChanged,
  };
});
