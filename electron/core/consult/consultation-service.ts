/**
 * The kiosk core's side of a video consultation (issue 6): the `consult.*` commands, the relay
 * between the renderer and the centre's kiosk socket, the encrypted recording, the lawyer's pushes
 * to the printer and the lawyer's identity check.
 *
 * One consultation at a time, bound to the citizen session that asked for it: when that session
 * ends (结束并清除, idle, a new card) the call is hung up, the recording closed and what exists is
 * queued for the centre. The renderer owns the RTCPeerConnection and the MediaRecorder; the core
 * holds the kiosk's credentials, so the renderer never talks to the network itself.
 *
 * Logs carry consultation ids and codes only: never the citizen's name, never signalling content.
 */
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { CentreToKiosk, EndReason, MatterCategory, Push, Signal } from '../../../domain/consult/protocol.ts';
import type { ApiError, CommandOutput } from '../api/contract.ts';
import type { ConsultPushView } from '../printing/consult-push-template.ts';
import type { PrintOutcome } from '../printing/print-service.ts';
import type { Clock } from '../services/clock.ts';
import type { EventHub } from '../services/event-hub.ts';
import type { Logger } from '../services/logger.ts';
import type { SessionService } from '../services/session.ts';
import type { ConsultationStore } from '../store/consultation-store.ts';
import { createCentreSocket, type CentreSocket, type CentreSocketOptions, type SignRequest } from './centre-socket.ts';
import { pushView } from './push-printing.ts';
import { webmDurationParts } from './webm-duration.ts';

/** The enrolled centre, as the consultation needs it. */
export interface ConsultCentre {
  baseUrl: string;
  sign: SignRequest;
  /** The centre's health probe (is a call possible now?). */
  health(): Promise<boolean>;
}

export interface ConsultationServiceDeps {
  sessions: SessionService;
  events: EventHub;
  /** Null when the kiosk has no usable store: no recording, so no call. */
  store: ConsultationStore | null;
  /** The enrolled centre, or null when the kiosk is not enrolled. Asked at each request. */
  centre: () => ConsultCentre | null;
  /** Prints one page on the A4 printer; printer faults come back as outcomes. */
  print(view: ConsultPushView): Promise<PrintOutcome>;
  stationName: () => string;
  clock: Clock;
  logger: Logger;
  random: () => number;
  timeZone: string;
  /** A finished consultation is in the outbox: the upload worker may look now. */
  onQueued(): void;
  /** Tests: faster heartbeats and backoff. */
  socket?: Partial<Pick<CentreSocketOptions, 'heartbeatMs' | 'deadMs' | 'backoff'>>;
  /** How often a connected call tells the session someone is there (default 30 s). */
  keepSessionMs?: number;
}

type Fail = Result<never, ApiError>;
const fail = (code: ApiError['code'], message: string): Fail => err({ code, message });
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

interface ActiveCall {
  consultationId: string;
  sessionId: string;
  link: CentreSocket;
  lawyer: { displayName: string; organisation: string } | null;
  /** A lawyer accepted (the centre said `connected`). */
  connected: boolean;
  /** Keeps the session from the core's idle backstop while the call is on. */
  keepSession: NodeJS.Timeout | null;
  /** Set when the call ended (either side, or the network); the row stays open for chunks and the rating. */
  endReason: EndReason | null;
  printedPushes: Set<string>;
}

export interface ConsultationService {
  availability(): Promise<Result<CommandOutput<'consult.availability'>, ApiError>>;
  request(input: { matterCategory: MatterCategory; shareName: boolean }): Result<CommandOutput<'consult.request'>, ApiError>;
  cancel(consultationId: string): Result<CommandOutput<'consult.cancel'>, ApiError>;
  signal(consultationId: string, signal: Signal): Result<CommandOutput<'consult.signal'>, ApiError>;
  hangup(consultationId: string): Result<CommandOutput<'consult.hangup'>, ApiError>;
  recordChunk(input: { consultationId: string; seq: number; base64: string }): Result<CommandOutput<'consult.recordChunk'>, ApiError>;
  finish(input: { consultationId: string; rating: number | null; recordingDurationMs: number }): Result<CommandOutput<'consult.finish'>, ApiError>;
  /** Prints still running (tests and shutdown wait for them). */
  idle(): Promise<void>;
  dispose(): void;
}

export const createConsultationService = (deps: ConsultationServiceDeps): ConsultationService => {
  const { sessions, events, store, logger, clock } = deps;
  let call: ActiveCall | null = null;
  const printing = new Set<Promise<void>>();

  const relay = (message: CentreToKiosk) => events.publish({ type: 'consult', message });

  const finalize = (consultationId: string) => (webm: Uint8Array) => {
    const fixed = webmDurationParts(webm);
    if (fixed.ok) return fixed.value;
    logger.warn('consult.duration_not_fixed', { consultationId, code: fixed.error.code });
    return null;
  };

  /** Closes the row (recording sealed) and queues it; the socket goes too. */
  const close = (consultationId: string, endReason: EndReason, rating: number | null, durationHintMs: number): Result<{ queued: boolean }, ApiError> => {
    if (!store) return fail('not_available', 'video consultation is not available on this kiosk');
    if (call?.consultationId === consultationId) {
      if (call.keepSession) clearInterval(call.keepSession);
      call.link.close();
      call = null;
    }
    const finished = store.finish({ consultationId, endedMs: clock.now(), endReason, rating, durationHintMs, finalize: finalize(consultationId) });
    if (!finished.ok) {
      logger.error('consult.finish_failed', { consultationId, code: finished.error.code });
      if (finished.error.code === 'unknown') return fail('invalid_input', 'no such consultation');
      return fail(finished.error.code === 'disk_full' ? 'disk_full' : 'storage_error', 'the recording could not be closed');
    }
    if (!finished.value.alreadyQueued) {
      logger.info('consult.queued', { consultationId, endReason, rated: rating !== null, recordingBytes: finished.value.recordingBytes });
      deps.onQueued();
    }
    return ok({ queued: true });
  };

  const printPush = async (active: ActiveCall, pushId: string, push: Push) => {
    const view = pushView(push, { stationName: deps.stationName(), lawyer: active.lawyer, printedAtMs: clock.now(), timeZone: deps.timeZone });
    const outcome = await deps.print(view).catch((): PrintOutcome => 'failed');
    logger.info('consult.push_printed', { consultationId: active.consultationId, pushId, kind: push.kind, outcome });
    store?.recordPrinted(active.consultationId, { pushId, outcome });
    active.link.send({ type: 'printed', consultationId: active.consultationId, pushId, outcome });
    events.publish({ type: 'consult.printed', consultationId: active.consultationId, pushId, title: push.title, outcome });
  };

  const onMessage = (active: ActiveCall, message: CentreToKiosk) => {
    if (call !== active) return;
    if ('consultationId' in message && message.consultationId !== undefined && message.consultationId !== active.consultationId) {
      logger.warn('consult.message_for_other_call', { type: message.type });
      return;
    }
    switch (message.type) {
      case 'connected':
        active.lawyer = message.lawyer;
        active.connected = true;
        // A person talking to a lawyer does not touch the screen: while the call is on and its link
        // alive, the session is in use (the renderer owns the visible idle prompt).
        active.keepSession ??= setInterval(() => {
          if (call === active && active.endReason === null && active.link.online) sessions.touch();
        }, deps.keepSessionMs ?? 30_000);
        active.keepSession.unref?.();
        logger.info('consult.connected', { consultationId: active.consultationId });
        break;
      case 'ended':
        active.endReason ??= message.reason;
        logger.info('consult.ended', { consultationId: active.consultationId, reason: message.reason });
        break;
      case 'error':
        logger.warn('consult.centre_error', { code: message.code });
        break;
      case 'identityVerified': {
        // The lawyer saw the person and the card on video: this replaces "card only, to be verified".
        const previous = sessions.view()?.verification ?? null;
        const recorded = sessions.recordVerification({
          method: 'lawyer',
          consent: previous?.consent ?? false,
          fallbackReason: previous?.fallbackReason ?? null,
          distance: null,
          threshold: null,
          liveness: 'not_run',
          attempts: 0,
          durationMs: null,
        });
        logger.info('consult.identity_verified', { consultationId: active.consultationId, recorded: recorded !== null });
        break;
      }
      case 'push': {
        relay(message);
        // A push repeated after a reconnect prints once.
        if (active.printedPushes.has(message.pushId)) return;
        active.printedPushes.add(message.pushId);
        const job = printPush(active, message.pushId, message.push).finally(() => printing.delete(job));
        printing.add(job);
        return;
      }
      default:
        break;
    }
    relay(message);
  };

  const onState = (active: ActiveCall, state: 'online' | 'offline', reconnected: boolean) => {
    if (call !== active) return;
    // Resume first, so the centre re-attaches this kiosk before the renderer's ICE-restart offer.
    if (state === 'online' && reconnected) active.link.send({ type: 'resume', consultationId: active.consultationId });
    events.publish({ type: 'consult.link', state });
  };

  /** The call of this consultation id, or a failure the renderer can show. */
  const current = (consultationId: string): Result<ActiveCall, ApiError> =>
    call && call.consultationId === consultationId ? ok(call) : fail('invalid_input', 'no such consultation in progress');

  const stopSessionWatch = events.subscribe((event) => {
    if (event.type !== 'session.ended' || !call) return;
    const active = call;
    if (active.endReason === null) active.link.send({ type: 'hangup', consultationId: active.consultationId });
    close(active.consultationId, active.endReason ?? 'session_ended', null, 0);
  });

  // A consultation left open by a restart mid-call: close what was recorded and send it.
  if (store) {
    for (const consultationId of store.interrupted()) {
      logger.warn('consult.interrupted', { consultationId });
      close(consultationId, 'session_ended', null, 0);
    }
  }

  return {
    async availability() {
      const centre = deps.centre();
      if (!centre) return ok({ available: false, reason: 'not_enrolled' });
      if (!store) return ok({ available: false, reason: 'offline' });
      if (call?.link.online) return ok({ available: true, reason: null });
      const healthy = await centre.health().catch(() => false);
      return ok(healthy ? { available: true, reason: null } : { available: false, reason: 'offline' });
    },

    request({ matterCategory, shareName }) {
      const view = sessions.view();
      if (!view) return fail('no_session', 'no citizen session is active');
      if (!store) return fail('not_available', 'video consultation is not available on this kiosk');
      const centre = deps.centre();
      if (!centre) return fail('not_available', 'this kiosk is not enrolled with a centre');
      if (call) return fail('invalid_input', 'a consultation is already in progress');
      const consultationId = randomUUID();
      const begun = store.begin({ consultationId, matterCategory, startedMs: clock.now() });
      if (!begun.ok) return fail(begun.error.code === 'disk_full' ? 'disk_full' : 'storage_error', 'the consultation could not be stored');
      let active: ActiveCall | null = null;
      const link = createCentreSocket({
        baseUrl: centre.baseUrl,
        sign: centre.sign,
        logger,
        random: deps.random,
        onMessage: (message) => active && onMessage(active, message),
        onState: (state, reconnected) => active && onState(active, state, reconnected),
        ...deps.socket,
      });
      active = { consultationId, sessionId: view.id, link, lawyer: null, connected: false, keepSession: null, endReason: null, printedPushes: new Set() };
      call = active;
      link.open();
      link.send({
        type: 'request',
        consultationId,
        matterCategory,
        language: 'zh',
        recordingConsent: true,
        // The name only with the citizen's consent; never the ID number.
        citizen: { name: shareName ? view.citizen.name.slice(0, 60) : null, verification: view.verification?.method ?? null },
      });
      logger.info('consult.requested', { consultationId, matterCategory, shareName, verified: view.verification?.method ?? 'none' });
      return ok({ consultationId });
    },

    cancel(consultationId) {
      const active = current(consultationId);
      if (!active.ok) return active;
      active.value.link.send({ type: 'cancel', consultationId });
      const closed = close(consultationId, 'cancelled', null, 0);
      return closed.ok ? ok({}) : closed;
    },

    signal(consultationId, signal) {
      const active = current(consultationId);
      if (!active.ok) return active;
      // While the link is down a signal is dropped: the renderer restarts ICE when it is back.
      active.value.link.send({ type: 'signal', consultationId, signal });
      return ok({});
    },

    hangup(consultationId) {
      const active = current(consultationId);
      if (!active.ok) return active;
      if (active.value.endReason === null) {
        active.value.endReason = 'kiosk_hangup';
        active.value.link.send({ type: 'hangup', consultationId });
        logger.info('consult.hangup', { consultationId });
      }
      return ok({});
    },

    recordChunk({ consultationId, seq, base64 }) {
      if (!store) return fail('not_available', 'video consultation is not available on this kiosk');
      const active = current(consultationId);
      if (!active.ok) return active;
      if (!BASE64.test(base64) || base64.length % 4 !== 0) return fail('invalid_input', 'the chunk is not base64');
      const bytes = Buffer.from(base64, 'base64');
      const appended = store.appendChunk(consultationId, seq, bytes);
      bytes.fill(0);
      if (!appended.ok) {
        logger.error('consult.chunk_not_written', { consultationId, seq, code: appended.error.code });
        if (appended.error.code === 'disk_full') return fail('disk_full', 'the kiosk disk is full: this part of the recording was not kept');
        if (appended.error.code === 'unknown' || appended.error.code === 'closed') return fail('invalid_input', 'the consultation is not recording');
        return fail('storage_error', 'the recording could not be written');
      }
      if (appended.value.gap) logger.warn('consult.recording_gap', { consultationId, seq });
      return ok({ bytes: appended.value.bytes });
    },

    finish({ consultationId, rating, recordingDurationMs }) {
      if (!store) return fail('not_available', 'video consultation is not available on this kiosk');
      if (call && call.consultationId === consultationId) {
        const active = call;
        if (active.endReason === null && !active.connected) {
          // Nobody answered (the fallback screen, or the person gave up waiting): a cancelled request.
          active.link.send({ type: 'cancel', consultationId });
          return close(consultationId, 'cancelled', rating, recordingDurationMs);
        }
        if (active.endReason === null) active.link.send({ type: 'hangup', consultationId });
        return close(consultationId, active.endReason ?? 'kiosk_hangup', rating, recordingDurationMs);
      }
      const row = store.get(consultationId);
      if (!row) return fail('invalid_input', 'no such consultation');
      // Finished before (a retry of finish, or the session already closed it): idempotent.
      if (row.state !== 'active') return ok({ queued: true });
      return close(consultationId, 'session_ended', rating, recordingDurationMs);
    },

    async idle() {
      while (printing.size > 0) await Promise.all([...printing]);
    },

    dispose() {
      stopSessionWatch();
      if (call) {
        const active = call;
        if (active.endReason === null) active.link.send({ type: 'hangup', consultationId: active.consultationId });
        close(active.consultationId, active.endReason ?? 'session_ended', null, 0);
      }
    },
  };
};
