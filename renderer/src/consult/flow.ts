/**
 * The citizen's side of a video consultation as a pure state machine: which screen is showing and
 * what the person and the centre have said so far. The store (stores/consult.ts) feeds it the
 * person's taps and the centre's messages and carries out the side effects (camera, peer
 * connection, recording, core commands); keeping the rules here makes them testable without media.
 */
import type { CentreToKiosk, EndReason, IceServer, IceTransportPolicy, MatterCategory, Referral } from '../../../domain/consult/protocol';

export type ConsultScreen =
  | 'checking'
  | 'unavailable'
  | 'matter'
  | 'consent'
  | 'declined'
  | 'shareName'
  | 'preparing'
  | 'mediaFailed'
  | 'requesting'
  | 'waiting'
  | 'fallback'
  | 'call'
  | 'rating'
  | 'done'
  | 'left';

export type UnavailableReason = 'not_enrolled' | 'offline' | 'failed';
export type WaitingTier = 'county' | 'province' | 'national' | 'queue';
export type PrintOutcome = 'completed' | 'queued' | 'failed' | 'printer_offline' | 'out_of_paper';

export interface PrintedPush {
  pushId: string;
  title: string;
  outcome: PrintOutcome;
}

export interface ConsultState {
  screen: ConsultScreen;
  unavailableReason: UnavailableReason | null;
  matter: MatterCategory | null;
  shareName: boolean | null;
  consultationId: string | null;
  waiting: { tier: WaitingTier; ringing: number; queuePosition: number | null } | null;
  fallback: { queuePosition: number; startsAt: string; endsAt: string } | null;
  /** From `hello` until `connected` brings the call's own. */
  iceServers: IceServer[];
  /** The centre's word on which candidates the call may use (`relay`: TURN only). */
  iceTransportPolicy: IceTransportPolicy;
  lawyer: { displayName: string; organisation: string } | null;
  /** The core's socket to the centre, and the lawyer's console link. */
  link: 'online' | 'offline';
  peer: 'online' | 'offline';
  /** The hang-up confirmation is showing. */
  confirmingHangup: boolean;
  endReason: EndReason | null;
  /** Kinds of the pushes the lawyer sent, by push id (the printed event carries only the title). */
  pushKinds: Record<string, string>;
  printed: PrintedPush[];
  referrals: Referral[];
  identityVerified: boolean;
  /** Set when the call had connected: only then is there something to rate and a recording. */
  wasConnected: boolean;
}

export const initialConsultState = (): ConsultState => ({
  screen: 'checking',
  unavailableReason: null,
  matter: null,
  shareName: null,
  consultationId: null,
  waiting: null,
  fallback: null,
  iceServers: [],
  iceTransportPolicy: 'all',
  lawyer: null,
  link: 'online',
  peer: 'online',
  confirmingHangup: false,
  endReason: null,
  pushKinds: {},
  printed: [],
  referrals: [],
  identityVerified: false,
  wasConnected: false,
});

export type ConsultEvent =
  | { type: 'availability'; available: boolean; reason: UnavailableReason | null }
  | { type: 'chooseMatter'; matter: MatterCategory }
  | { type: 'consent'; agreed: boolean }
  | { type: 'reconsider' }
  | { type: 'chooseShareName'; share: boolean }
  | { type: 'mediaReady' }
  | { type: 'mediaFailed' }
  | { type: 'requested'; consultationId: string }
  | { type: 'requestFailed'; reason: UnavailableReason }
  | { type: 'keepWaiting' }
  | { type: 'askHangup' }
  | { type: 'cancelHangup' }
  | { type: 'localEnd'; reason: EndReason }
  | { type: 'left' }
  | { type: 'rated' }
  | { type: 'back' }
  | { type: 'link'; state: 'online' | 'offline' }
  | { type: 'printed'; consultationId: string; pushId: string; title: string; outcome: PrintOutcome }
  | { type: 'message'; message: CentreToKiosk };

/** Screens where the person is still choosing; `back` steps through them without losing answers. */
const BACK_FROM: Partial<Record<ConsultScreen, ConsultScreen>> = {
  consent: 'matter',
  declined: 'consent',
  shareName: 'consent',
  mediaFailed: 'shareName',
};

/** Messages about another consultation (an old one, or one not yet known) change nothing here. */
const isOurs = (state: ConsultState, message: CentreToKiosk): boolean =>
  !('consultationId' in message) || message.consultationId === undefined || message.consultationId === state.consultationId;

export function consultStep(state: ConsultState, event: ConsultEvent): ConsultState {
  switch (event.type) {
    case 'availability':
      if (state.screen !== 'checking') return state;
      return event.available ? { ...state, screen: 'matter' } : { ...state, screen: 'unavailable', unavailableReason: event.reason ?? 'failed' };
    case 'chooseMatter':
      return state.screen === 'matter' ? { ...state, matter: event.matter, screen: 'consent' } : state;
    case 'consent':
      return state.screen === 'consent' ? { ...state, screen: event.agreed ? 'shareName' : 'declined' } : state;
    case 'reconsider':
      return state.screen === 'declined' ? { ...state, screen: 'consent' } : state;
    case 'chooseShareName':
      return state.screen === 'shareName' || state.screen === 'mediaFailed' ? { ...state, shareName: event.share, screen: 'preparing' } : state;
    case 'mediaReady':
      return state.screen === 'preparing' ? { ...state, screen: 'requesting' } : state;
    case 'mediaFailed':
      return state.screen === 'preparing' ? { ...state, screen: 'mediaFailed' } : state;
    case 'requested':
      return state.screen === 'requesting' ? { ...state, consultationId: event.consultationId, screen: 'waiting' } : state;
    case 'requestFailed':
      return state.screen === 'requesting' ? { ...state, screen: 'unavailable', unavailableReason: event.reason } : state;
    case 'keepWaiting':
      return state.screen === 'fallback'
        ? { ...state, screen: 'waiting', waiting: { tier: 'queue', ringing: state.waiting?.ringing ?? 0, queuePosition: state.fallback?.queuePosition ?? null } }
        : state;
    case 'askHangup':
      return state.screen === 'call' ? { ...state, confirmingHangup: true } : state;
    case 'cancelHangup':
      return { ...state, confirmingHangup: false };
    case 'localEnd':
      return endCall(state, event.reason);
    case 'left':
      return state.screen === 'waiting' || state.screen === 'fallback' || state.screen === 'requesting' ? { ...state, screen: 'left', endReason: 'cancelled' } : state;
    case 'rated':
      return state.screen === 'rating' ? { ...state, screen: 'done' } : state;
    case 'back': {
      const to = BACK_FROM[state.screen];
      return to ? { ...state, screen: to } : state;
    }
    case 'link':
      return { ...state, link: event.state };
    case 'printed':
      if (event.consultationId !== state.consultationId || state.printed.some((p) => p.pushId === event.pushId)) return state;
      return { ...state, printed: [...state.printed, { pushId: event.pushId, title: event.title, outcome: event.outcome }] };
    case 'message':
      return onMessage(state, event.message);
  }
}

function endCall(state: ConsultState, reason: EndReason): ConsultState {
  if (state.screen === 'call') return { ...state, screen: 'rating', endReason: reason, confirmingHangup: false };
  if (state.screen === 'waiting' || state.screen === 'fallback' || state.screen === 'requesting') return { ...state, screen: 'left', endReason: reason };
  return state;
}

function onMessage(state: ConsultState, message: CentreToKiosk): ConsultState {
  if (message.type === 'hello') return state.lawyer ? state : { ...state, iceServers: message.iceServers };
  if (!isOurs(state, message) || state.consultationId === null) return state;
  switch (message.type) {
    case 'waiting':
      if (state.screen !== 'waiting' && state.screen !== 'fallback') return state;
      return { ...state, waiting: { tier: message.tier, ringing: message.ringing, queuePosition: message.queuePosition }, ...(state.screen === 'fallback' && state.fallback ? { fallback: { ...state.fallback, queuePosition: message.queuePosition ?? state.fallback.queuePosition } } : {}) };
    case 'fallback':
      if (state.screen !== 'waiting' && state.screen !== 'fallback') return state;
      return { ...state, screen: 'fallback', fallback: { queuePosition: message.queuePosition, startsAt: message.callbackSlot.startsAt, endsAt: message.callbackSlot.endsAt } };
    case 'connected':
      if (state.screen !== 'waiting' && state.screen !== 'fallback') return state;
      return { ...state, screen: 'call', lawyer: message.lawyer, iceServers: message.iceServers, iceTransportPolicy: message.iceTransportPolicy ?? 'all', wasConnected: true, peer: 'online' };
    case 'push':
      return { ...state, pushKinds: { ...state.pushKinds, [message.pushId]: message.push.kind } };
    case 'identityVerified':
      return { ...state, identityVerified: true };
    case 'referral':
      return { ...state, referrals: [...state.referrals.filter((r) => r.kind !== message.referral.kind), message.referral] };
    case 'peer':
      return { ...state, peer: message.state };
    case 'ended':
      return endCall(state, message.reason);
    default:
      return state;
  }
}

/** Is the screen live with the centre (a consultation requested and not over)? */
export const isLive = (state: ConsultState): boolean =>
  state.consultationId !== null && (state.screen === 'waiting' || state.screen === 'fallback' || state.screen === 'call');

/** The call is struggling: our link or the lawyer's is down. */
export const isReconnecting = (state: ConsultState): boolean => state.screen === 'call' && (state.link === 'offline' || state.peer === 'offline');
