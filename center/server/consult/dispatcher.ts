/**
 * The centre's side of video consultations: one DispatchEngine (domain/dispatch) fed by the kiosks'
 * and the lawyers' sockets, its effects turned into protocol messages (domain/consult/protocol.ts),
 * the signalling relayed between the two parties of a call, and every step persisted.
 *
 * The engine is synchronous and this process is single-threaded, so events are serialised simply by
 * stepping the engine as each message arrives. Database writes of one consultation run in order on
 * that consultation's own promise chain, so different consultations do not wait for each other; the
 * `connected` messages leave only once the database has confirmed the claim (the first accept wins
 * there too).
 *
 * Sockets reach this module as `Link`s (send, close) and get back a `Session` (receive, closed): the
 * WebSocket layer (sockets.ts) handles frames, liveness and rate limits, and tests or a benchmark can
 * drive the same code in process.
 *
 * Privacy: the citizen's name and verification, sent by the kiosk for the lawyer, are held in memory
 * for the call only and never written or logged.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  ConsoleToCentreSchema,
  KioskToCentreSchema,
  type CentreToConsole,
  type CentreToKiosk,
  type ConsoleToCentre,
  type EndReason,
  type KioskToCentre,
} from '../../../domain/consult/protocol.ts';
import { DispatchEngine } from '../../../domain/dispatch/engine.ts';
import type { DispatchConfig, DispatchEffect, DispatchEvent, Presence, Tier } from '../../../domain/dispatch/model.ts';
import type { AccountRole } from '../../../domain/centre/console-api.ts';
import type { CentreDatabase } from '../db/schema.ts';
import type { CentreLogger } from '../logger.ts';
import { iceServersFor, iceTransportPolicyFor, type IceConfig } from './ice.ts';
import { ConsultationRepository, type StoredLawyerProfile } from './repository.ts';

/** One side's socket, as the dispatcher sees it. */
export interface Link<T> {
  send(message: T): void;
  close(code: number, reason: string): void;
}

/** What the socket layer tells the dispatcher: each parsed JSON frame, and the end of the socket. */
export interface Session {
  receive(message: unknown): void;
  closed(): void;
}

export interface KioskIdentity {
  readonly kioskId: string;
  readonly stationName: string;
  readonly regionCode: string;
}

export interface ConsoleIdentity {
  readonly accountId: string;
  readonly role: AccountRole;
}

export interface DispatcherOptions {
  readonly db: Kysely<CentreDatabase>;
  readonly now: () => number;
  readonly logger: CentreLogger;
  readonly dispatch: DispatchConfig;
  readonly ice: IceConfig;
  /** How long a call (or a waiting request) survives a side's lost socket, waiting for `resume`. */
  readonly graceMs: number;
}

/** WebSocket close codes (4000-4999 are the application's). */
export const CLOSE_CODES = {
  /** A newer socket of the same kiosk or lawyer took over (a second tab, a reconnect). */
  replaced: 4409,
  /** Too many frames. */
  rateLimited: 1008,
  /** No frame for HEARTBEAT_DEAD_MS. */
  dead: 4408,
  /** The centre is stopping. */
  goingAway: 1001,
} as const;

type CallPhase = 'ringing' | 'queued' | 'connected' | 'ended' | 'cancelled';

interface Call {
  readonly id: string;
  readonly kioskId: string;
  readonly station: { name: string; regionCode: string };
  readonly matterCategory: ConsultRequest['matterCategory'];
  readonly language: ConsultRequest['language'];
  /** In memory for the call only: never persisted, never logged. */
  readonly citizen: ConsultRequest['citizen'];
  readonly requestedAt: number;
  phase: CallPhase;
  lawyerId: string | null;
  kioskOnline: boolean;
  lawyerOnline: boolean;
  kioskGrace: NodeJS.Timeout | null;
  lawyerGrace: NodeJS.Timeout | null;
  /** Timeline entries already handed to the database. */
  persisted: number;
  writes: Promise<void>;
  lastWaiting: string;
}

type ConsultRequest = Extract<KioskToCentre, { type: 'request' }>;

interface KioskConn {
  readonly identity: KioskIdentity;
  readonly link: Link<CentreToKiosk>;
}

interface ConsoleConn {
  readonly identity: ConsoleIdentity;
  readonly link: Link<CentreToConsole>;
  lastPresence: Presence | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export class Dispatcher {
  private readonly engine: DispatchEngine;
  private readonly repo: ConsultationRepository;
  private readonly profiles = new Map<string, StoredLawyerProfile>();
  private readonly kiosks = new Map<string, KioskConn>();
  private readonly consoles = new Map<string, ConsoleConn>();
  private readonly calls = new Map<string, Call>();
  private readonly kioskCall = new Map<string, string>();
  private readonly lawyerCall = new Map<string, string>();
  /** Which request rings on which lawyer's console, to tell the console when a ring runs out. */
  private readonly rings = new Map<string, string>();
  /** The last ring message per lawyer: shown again to a tab that replaces the one that was ringing. */
  private readonly lastRing = new Map<string, Extract<CentreToConsole, { type: 'ring' }>>();
  /** Lawyers in wrap-up: the engine frees them on a tick without an effect; their console is told. */
  private readonly wrappingUp = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly options: DispatcherOptions) {
    this.engine = new DispatchEngine(options.dispatch);
    this.repo = new ConsultationRepository(options.db);
  }

  get repository(): ConsultationRepository {
    return this.repo;
  }

  /** Closes what a previous process left open and registers every lawyer profile with the engine. */
  async start(): Promise<void> {
    const closed = await this.repo.closeOrphans(iso(this.options.now()));
    if (closed > 0) this.options.logger('warn', 'consult.orphans_closed', { count: closed });
    for (const profile of await this.repo.lawyerProfiles()) this.register(profile);
    this.options.logger('info', 'consult.dispatcher_started', { lawyers: this.profiles.size });
  }

  /** A lawyer's profile was saved (or removed): the engine matches by the new one from now on. */
  async profileChanged(accountId: string): Promise<void> {
    const [profile] = await this.repo.lawyerProfiles(accountId);
    if (profile === undefined) {
      this.profiles.delete(accountId);
      // The engine keeps no profile-less lawyer reachable: set them away (a call in progress goes on).
      if (this.engine.presenceOf(accountId) !== undefined) this.step({ type: 'heartbeat', lawyerId: accountId, presence: 'away' });
      return;
    }
    const known = this.profiles.has(accountId);
    this.register(profile);
    const conn = this.consoles.get(accountId);
    if (!known && conn !== undefined) this.helloConsole(conn);
  }

  /** Stops timers and closes every socket; open calls stay in the database to be closed at the next start. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const call of this.calls.values()) this.clearGrace(call);
    for (const conn of this.kiosks.values()) conn.link.close(CLOSE_CODES.goingAway, 'stopping');
    for (const conn of this.consoles.values()) conn.link.close(CLOSE_CODES.goingAway, 'stopping');
  }

  /** Resolves once every consultation's pending writes are done (tests and the benchmark). */
  async settled(): Promise<void> {
    while (this.pendingWrites.size > 0) await Promise.all([...this.pendingWrites]);
  }

  presenceOf(accountId: string): Presence | undefined {
    return this.engine.presenceOf(accountId);
  }

  // --- kiosks --------------------------------------------------------------------------------

  kioskConnected(identity: KioskIdentity, link: Link<CentreToKiosk>): Session {
    const conn: KioskConn = { identity, link };
    const previous = this.kiosks.get(identity.kioskId);
    if (previous !== undefined) {
      this.kioskGone(previous);
      previous.link.close(CLOSE_CODES.replaced, 'replaced');
    }
    this.kiosks.set(identity.kioskId, conn);
    this.options.logger('info', 'consult.kiosk_connected', { kioskId: identity.kioskId });
    link.send({ type: 'hello', iceServers: this.ice(identity.kioskId) });
    return {
      receive: (message) => this.fromKiosk(conn, message),
      closed: () => {
        if (this.stopped || this.kiosks.get(identity.kioskId) !== conn) return;
        this.kiosks.delete(identity.kioskId);
        this.kioskGone(conn);
      },
    };
  }

  private fromKiosk(conn: KioskConn, raw: unknown): void {
    if (this.kiosks.get(conn.identity.kioskId) !== conn) return;
    const parsed = KioskToCentreSchema.safeParse(raw);
    if (!parsed.success) {
      conn.link.send({ type: 'error', code: 'invalid_message' });
      return;
    }
    const message = parsed.data;
    if (message.type === 'ping') {
      conn.link.send({ type: 'pong' });
      return;
    }
    if (message.type === 'request') {
      this.request(conn, message);
      return;
    }
    const call = this.calls.get(message.consultationId);
    if (call === undefined || call.kioskId !== conn.identity.kioskId) {
      conn.link.send({ type: 'error', code: 'unknown_consultation', consultationId: message.consultationId });
      return;
    }
    switch (message.type) {
      case 'resume':
        this.kioskResumed(conn, call);
        return;
      case 'cancel':
        if (call.phase === 'connected') this.endCall(call, 'kiosk_hangup');
        else this.cancelRequest(call, 'cancelled');
        return;
      case 'hangup':
        if (call.phase === 'connected') this.endCall(call, 'kiosk_hangup');
        else this.cancelRequest(call, 'cancelled');
        return;
      case 'signal':
        if (call.phase !== 'connected' || !call.kioskOnline) {
          conn.link.send({ type: 'error', code: 'unknown_consultation', consultationId: call.id });
          return;
        }
        // While the lawyer's console is away the signal has nobody to go to; the kiosk restarts ICE
        // when it hears `peer online`.
        if (call.lawyerOnline) this.toLawyer(call, { type: 'signal', consultationId: call.id, signal: message.signal });
        return;
      case 'printed':
        this.printed(conn, call, message.pushId, message.outcome);
        return;
    }
  }

  private request(conn: KioskConn, message: ConsultRequest): void {
    const { kioskId } = conn.identity;
    const existing = this.calls.get(message.consultationId);
    if (existing !== undefined) {
      // The kiosk sent its request again after a reconnect: the same request, re-attached.
      if (existing.kioskId === kioskId) this.kioskResumed(conn, existing);
      else conn.link.send({ type: 'error', code: 'unknown_consultation', consultationId: message.consultationId });
      return;
    }
    const previousId = this.kioskCall.get(kioskId);
    const previous = previousId === undefined ? undefined : this.calls.get(previousId);
    if (previous !== undefined) {
      if (previous.kioskOnline) {
        conn.link.send({ type: 'error', code: 'busy', consultationId: message.consultationId });
        return;
      }
      // The kiosk holds one call at a time: a new request while its last call waits for a `resume`
      // means that call is gone on the kiosk's side (its core restarted, or the session ended while
      // the link was down). Waiting out the grace would only keep the next person from a lawyer.
      if (previous.phase === 'connected') this.endCall(previous, 'network');
      else this.cancelRequest(previous, 'network');
    }
    const now = this.options.now();
    const call: Call = {
      id: message.consultationId,
      kioskId,
      station: { name: conn.identity.stationName, regionCode: conn.identity.regionCode },
      matterCategory: message.matterCategory,
      language: message.language,
      citizen: message.citizen,
      requestedAt: now,
      phase: 'ringing',
      lawyerId: null,
      kioskOnline: true,
      lawyerOnline: false,
      kioskGrace: null,
      lawyerGrace: null,
      persisted: 0,
      writes: Promise.resolve(),
      lastWaiting: '',
    };
    this.calls.set(call.id, call);
    this.kioskCall.set(kioskId, call.id);
    this.options.logger('info', 'consult.requested', { consultationId: call.id, kioskId, matter: call.matterCategory });
    // An id used before (by an earlier process) fails here on the primary key, and its old row, closed
    // at start, can never be claimed: the accept is then refused (claim_lost) rather than mixed up.
    this.write(call, async () => {
      await this.repo.create({
        id: call.id,
        kioskId,
        stationName: call.station.name,
        regionCode: call.station.regionCode,
        matterCategory: call.matterCategory,
        language: call.language,
        requestedAt: iso(now),
      });
    });
    this.step(
      { type: 'request', request: { id: call.id, kioskRegionCode: call.station.regionCode, matterCategory: call.matterCategory, language: call.language, requestedAt: now } },
      [call.id],
    );
  }

  private kioskResumed(conn: KioskConn, call: Call): void {
    if (call.phase === 'ended' || call.phase === 'cancelled') {
      conn.link.send({ type: 'error', code: 'unknown_consultation', consultationId: call.id });
      return;
    }
    this.kioskCall.set(conn.identity.kioskId, call.id);
    call.kioskOnline = true;
    if (call.kioskGrace) clearTimeout(call.kioskGrace);
    call.kioskGrace = null;
    this.options.logger('info', 'consult.kiosk_resumed', { consultationId: call.id });
    if (call.phase === 'connected') {
      conn.link.send({ type: 'peer', consultationId: call.id, state: call.lawyerOnline ? 'online' : 'offline' });
      if (call.lawyerOnline) this.toLawyer(call, { type: 'peer', consultationId: call.id, state: 'online' });
      return;
    }
    call.lastWaiting = '';
    this.sendWaiting(call);
  }

  /** The kiosk's socket is gone: its call waits `graceMs` for a `resume`. */
  private kioskGone(conn: KioskConn): void {
    const id = this.kioskCall.get(conn.identity.kioskId);
    const call = id === undefined ? undefined : this.calls.get(id);
    if (call === undefined || !call.kioskOnline) return;
    call.kioskOnline = false;
    this.options.logger('info', 'consult.kiosk_lost', { consultationId: call.id, phase: call.phase });
    if (call.phase === 'connected' && call.lawyerOnline) this.toLawyer(call, { type: 'peer', consultationId: call.id, state: 'offline' });
    call.kioskGrace = setTimeout(
      () =>
        this.guarded('kiosk_grace', () => {
          call.kioskGrace = null;
          if (call.kioskOnline) return;
          if (call.phase === 'connected') this.endCall(call, 'network');
          else if (call.phase === 'ringing' || call.phase === 'queued') this.cancelRequest(call, 'network');
        }),
      this.options.graceMs,
    );
  }

  private printed(conn: KioskConn, call: Call, pushId: string, outcome: Extract<KioskToCentre, { type: 'printed' }>['outcome']): void {
    this.write(call, async () => {
      if (!(await this.repo.recordPrinted(call.id, pushId, outcome))) {
        conn.link.send({ type: 'error', code: 'unknown_consultation', consultationId: call.id });
        return;
      }
      if (call.lawyerOnline) this.toLawyer(call, { type: 'printed', consultationId: call.id, pushId, outcome });
    });
  }

  // --- consoles ------------------------------------------------------------------------------

  consoleConnected(identity: ConsoleIdentity, link: Link<CentreToConsole>): Session {
    const conn: ConsoleConn = { identity, link, lastPresence: null };
    const isLawyer = identity.role === 'lawyer';
    if (isLawyer) {
      const previous = this.consoles.get(identity.accountId);
      this.consoles.set(identity.accountId, conn);
      if (previous !== undefined) {
        // Newest tab wins: the older one is told why and closed; its call waits for a `resume` here.
        previous.link.send({ type: 'presence', presence: this.engine.presenceOf(identity.accountId) ?? 'away', reason: 'replaced' });
        previous.link.close(CLOSE_CODES.replaced, 'replaced');
        this.lawyerLinkLost(identity.accountId, false);
      }
      this.helloConsole(conn);
      // A tab that replaced a ringing one rings too.
      const ring = this.lastRing.get(identity.accountId);
      if (ring !== undefined && this.rings.get(identity.accountId) === ring.consultationId) link.send(ring);
    }
    this.options.logger('info', 'consult.console_connected', { accountId: identity.accountId, role: identity.role });
    return {
      receive: (message) => this.fromConsole(conn, message),
      closed: () => {
        if (this.stopped || !isLawyer || this.consoles.get(identity.accountId) !== conn) return;
        this.consoles.delete(identity.accountId);
        this.lawyerLinkLost(identity.accountId, true);
      },
    };
  }

  private helloConsole(conn: ConsoleConn): void {
    const profile = this.profiles.get(conn.identity.accountId);
    if (profile === undefined) {
      conn.link.send({ type: 'error', code: 'no_profile' });
      return;
    }
    const presence = this.engine.presenceOf(conn.identity.accountId) ?? 'away';
    conn.lastPresence = presence;
    conn.link.send({
      type: 'hello',
      lawyer: { accountId: conn.identity.accountId, displayName: profile.displayName },
      presence,
      iceServers: this.ice(conn.identity.accountId),
    });
  }

  private fromConsole(conn: ConsoleConn, raw: unknown): void {
    const { accountId, role } = conn.identity;
    const parsed = ConsoleToCentreSchema.safeParse(raw);
    if (!parsed.success) {
      conn.link.send({ type: 'error', code: 'invalid_message' });
      return;
    }
    const message: ConsoleToCentre = parsed.data;
    if (message.type === 'ping') {
      conn.link.send({ type: 'pong' });
      return;
    }
    const consultationId = 'consultationId' in message ? message.consultationId : undefined;
    if (role !== 'lawyer') {
      conn.link.send({ type: 'error', code: 'not_a_lawyer', ...(consultationId ? { consultationId } : {}) });
      return;
    }
    if (this.consoles.get(accountId) !== conn) return;
    if (!this.profiles.has(accountId)) {
      conn.link.send({ type: 'error', code: 'no_profile', ...(consultationId ? { consultationId } : {}) });
      return;
    }
    switch (message.type) {
      case 'presence':
        this.step({ type: 'heartbeat', lawyerId: accountId, presence: message.presence });
        return;
      case 'accept':
        this.step({ type: 'accept', requestId: message.consultationId, lawyerId: accountId }, [message.consultationId]);
        return;
      case 'decline':
        if (this.rings.get(accountId) === message.consultationId) this.rings.delete(accountId);
        this.step({ type: 'decline', requestId: message.consultationId, lawyerId: accountId }, [message.consultationId]);
        return;
      default:
        break;
    }
    const call = this.calls.get(message.consultationId);
    if (call === undefined || call.lawyerId !== accountId || call.phase !== 'connected') {
      conn.link.send({ type: 'error', code: 'unknown_consultation', consultationId: message.consultationId });
      return;
    }
    switch (message.type) {
      case 'resume':
        this.lawyerResumed(call);
        return;
      case 'hangup':
        this.endCall(call, 'lawyer_hangup');
        return;
      case 'signal':
        if (call.kioskOnline) this.toKiosk(call, { type: 'signal', consultationId: call.id, signal: message.signal });
        return;
      case 'push': {
        const pushId = randomUUID();
        const push = message.push;
        this.write(call, async () => {
          await this.repo.recordPush(call.id, pushId, iso(this.options.now()), accountId, push);
          this.toKiosk(call, { type: 'push', consultationId: call.id, pushId, push });
        });
        return;
      }
      case 'verifyIdentity':
        this.write(call, async () => {
          await this.repo.setIdentityVerified(call.id);
          this.toKiosk(call, { type: 'identityVerified', consultationId: call.id });
        });
        return;
      case 'refer': {
        const referral = message.referral;
        this.write(call, async () => {
          await this.repo.recordReferral(call.id, randomUUID(), iso(this.options.now()), referral);
          this.toKiosk(call, { type: 'referral', consultationId: call.id, referral });
        });
        return;
      }
    }
  }

  private lawyerResumed(call: Call): void {
    call.lawyerOnline = true;
    if (call.lawyerGrace) clearTimeout(call.lawyerGrace);
    call.lawyerGrace = null;
    this.options.logger('info', 'consult.lawyer_resumed', { consultationId: call.id });
    this.toLawyer(call, { type: 'peer', consultationId: call.id, state: call.kioskOnline ? 'online' : 'offline' });
    // The kiosk, always the offerer, restarts ICE when it hears this.
    if (call.kioskOnline) this.toKiosk(call, { type: 'peer', consultationId: call.id, state: 'online' });
  }

  /**
   * A lawyer's socket is gone (closed, dead, or replaced by a newer tab). In a call: the kiosk hears
   * `peer offline` and the call waits `graceMs` for a `resume`. Otherwise, when no socket is left, the
   * engine stops ringing them.
   */
  private lawyerLinkLost(accountId: string, noSocketLeft: boolean): void {
    const id = this.lawyerCall.get(accountId);
    const call = id === undefined ? undefined : this.calls.get(id);
    if (call !== undefined && call.phase === 'connected') {
      if (!call.lawyerOnline) return;
      call.lawyerOnline = false;
      this.options.logger('info', 'consult.lawyer_lost', { consultationId: call.id });
      if (call.kioskOnline) this.toKiosk(call, { type: 'peer', consultationId: call.id, state: 'offline' });
      call.lawyerGrace = setTimeout(
        () =>
          this.guarded('lawyer_grace', () => {
            call.lawyerGrace = null;
            if (call.lawyerOnline || call.phase !== 'connected') return;
            this.endCall(call, 'network');
          }),
        this.options.graceMs,
      );
      return;
    }
    if (noSocketLeft && this.engine.presenceOf(accountId) !== undefined) {
      this.rings.delete(accountId);
      this.step({ type: 'lawyerDisconnected', lawyerId: accountId });
    }
  }

  // --- the engine ----------------------------------------------------------------------------

  private register(profile: StoredLawyerProfile): void {
    const home = profile.regionCodes[0];
    if (home === undefined) return;
    this.profiles.set(profile.accountId, profile);
    this.step({
      type: 'registerLawyer',
      profile: { id: profile.accountId, regionCode: home, matterCategories: [...profile.matterCategories], languages: [...profile.languages] },
    });
  }

  /** One engine step and everything it implies: messages, timeline, presence, the next tick. */
  private step(event: DispatchEvent, touched: string[] = []): void {
    if (this.stopped) return;
    const now = this.options.now();
    const effects = this.engine.step(event, now);
    const requests = new Set(touched);
    const lawyers = new Set<string>();
    if ('lawyerId' in event) lawyers.add(event.lawyerId);
    for (const effect of effects) this.apply(effect, now, requests, lawyers);
    // Rings that ran out (tick) or were dropped by an `away` (heartbeat) produce no effect: tell those
    // consoles. Other events end rings only through effects handled above.
    for (const [lawyerId, requestId] of event.type === 'tick' || event.type === 'heartbeat' ? this.rings : []) {
      if (this.engine.presenceOf(lawyerId) === 'ringing') continue;
      this.rings.delete(lawyerId);
      requests.add(requestId);
      lawyers.add(lawyerId);
      this.consoles.get(lawyerId)?.link.send({ type: 'ringCancelled', consultationId: requestId, reason: 'expired' });
    }
    for (const lawyerId of this.wrappingUp) {
      if (this.engine.presenceOf(lawyerId) === 'wrap_up') continue;
      this.wrappingUp.delete(lawyerId);
      lawyers.add(lawyerId);
    }
    for (const requestId of requests) {
      const call = this.calls.get(requestId);
      if (call === undefined) continue;
      this.flushTimeline(call);
      this.sendWaiting(call);
    }
    for (const lawyerId of lawyers) this.syncPresence(lawyerId);
    this.schedule();
  }

  private apply(effect: DispatchEffect, now: number, requests: Set<string>, lawyers: Set<string>): void {
    switch (effect.type) {
      case 'offer': {
        requests.add(effect.requestId);
        const call = this.calls.get(effect.requestId);
        for (const lawyerId of effect.lawyerIds) {
          lawyers.add(lawyerId);
          const previous = this.rings.get(lawyerId);
          if (previous !== undefined && previous !== effect.requestId) {
            this.consoles.get(lawyerId)?.link.send({ type: 'ringCancelled', consultationId: previous, reason: 'expired' });
          }
          this.rings.set(lawyerId, effect.requestId);
          if (call === undefined) continue;
          const ring = {
            type: 'ring',
            consultationId: call.id,
            matterCategory: call.matterCategory,
            language: call.language,
            station: call.station,
            tier: effect.tier,
            ringUntil: iso(effect.ringUntil),
          } as const;
          this.lastRing.set(lawyerId, ring);
          this.consoles.get(lawyerId)?.link.send(ring);
        }
        return;
      }
      case 'cancelOffers':
        requests.add(effect.requestId);
        for (const lawyerId of effect.lawyerIds) {
          lawyers.add(lawyerId);
          if (this.rings.get(lawyerId) === effect.requestId) this.rings.delete(lawyerId);
          this.consoles.get(lawyerId)?.link.send({ type: 'ringCancelled', consultationId: effect.requestId, reason: effect.reason });
        }
        return;
      case 'connected':
        requests.add(effect.requestId);
        lawyers.add(effect.lawyerId);
        this.rings.delete(effect.lawyerId);
        this.connected(effect.requestId, effect.lawyerId, effect.tier, now);
        return;
      case 'acceptRefused':
        lawyers.add(effect.lawyerId);
        this.consoles.get(effect.lawyerId)?.link.send({ type: 'acceptRefused', consultationId: effect.requestId, reason: effect.reason });
        return;
      case 'markAway':
        lawyers.add(effect.lawyerId);
        this.syncPresence(effect.lawyerId, effect.reason);
        return;
      case 'fallback': {
        requests.add(effect.requestId);
        const call = this.calls.get(effect.requestId);
        if (call === undefined) return;
        call.phase = 'queued';
        this.write(call, () => this.repo.setPhase(call.id, 'queued'));
        this.options.logger('info', 'consult.fallback', { consultationId: call.id, reason: effect.reason, queuePosition: effect.queuePosition });
        this.toKiosk(call, {
          type: 'fallback',
          consultationId: call.id,
          reason: effect.reason,
          queuePosition: effect.queuePosition,
          callbackSlot: { startsAt: iso(effect.callbackSlot.startsAt), endsAt: iso(effect.callbackSlot.endsAt) },
          hotline: effect.hotline,
        });
        return;
      }
      case 'queuePosition':
      case 'escalated':
        requests.add(effect.requestId);
        return;
      case 'rejected':
        this.options.logger('warn', 'consult.engine_rejected', { event: effect.event });
        return;
    }
  }

  private connected(requestId: string, lawyerId: string, tier: Tier | 'queue', now: number): void {
    const call = this.calls.get(requestId);
    if (call === undefined) return;
    call.phase = 'connected';
    call.lawyerId = lawyerId;
    call.lawyerOnline = this.consoles.has(lawyerId);
    this.lawyerCall.set(lawyerId, call.id);
    const answerMs = now - call.requestedAt;
    this.write(call, async () => {
      const won = await this.repo.markConnected(call.id, lawyerId, { connectedAt: iso(now), answeredTier: tier, answerMs });
      if (!won) {
        // Another dispatcher (a second process) booked this consultation or this lawyer first.
        this.options.logger('warn', 'consult.claim_lost', { consultationId: call.id, lawyerId });
        this.consoles.get(lawyerId)?.link.send({ type: 'acceptRefused', consultationId: call.id, reason: 'taken' });
        this.lawyerCall.delete(lawyerId);
        call.lawyerOnline = false;
        call.phase = 'ended';
        this.step({ type: 'callEnded', requestId: call.id }, [call.id]);
        this.finish(call, 'ended');
        return;
      }
      if (call.phase !== 'connected') return;
      this.options.logger('info', 'consult.connected', { consultationId: call.id, lawyerId, tier, answerMs });
      const profile = this.profiles.get(lawyerId);
      this.toKiosk(call, {
        type: 'connected',
        consultationId: call.id,
        lawyer: { displayName: profile?.displayName ?? '', organisation: profile?.organisation ?? '' },
        iceServers: this.ice(call.kioskId),
        ...this.icePolicy(),
      });
      this.toLawyer(call, {
        type: 'connected',
        consultationId: call.id,
        matterCategory: call.matterCategory,
        station: call.station,
        citizen: call.citizen,
        iceServers: this.ice(lawyerId),
        ...this.icePolicy(),
      });
    });
  }

  private endCall(call: Call, reason: EndReason): void {
    if (call.phase !== 'connected') return;
    this.options.logger('info', 'consult.ended', { consultationId: call.id, reason });
    const message = { type: 'ended', consultationId: call.id, reason } as const;
    this.toKiosk(call, message);
    this.toLawyer(call, message);
    if (call.lawyerId !== null) {
      this.lawyerCall.delete(call.lawyerId);
      this.wrappingUp.add(call.lawyerId);
    }
    call.phase = 'ended';
    // Stepped while the call is still known, so its `call_ended` entry reaches the timeline.
    this.step({ type: 'callEnded', requestId: call.id }, [call.id]);
    // A lawyer whose console is gone (the call ended while it was away) must not become available.
    if (call.lawyerId !== null && !this.consoles.has(call.lawyerId)) this.step({ type: 'lawyerDisconnected', lawyerId: call.lawyerId });
    this.finish(call, 'ended');
    const endedAt = iso(this.options.now());
    this.write(call, () => this.repo.markEnded(call.id, 'ended', reason, endedAt));
  }

  /** The kiosk gave up waiting (`cancelled`), or lost its socket for longer than the grace (`network`). */
  private cancelRequest(call: Call, reason: 'cancelled' | 'network'): void {
    if (call.phase !== 'ringing' && call.phase !== 'queued') return;
    this.options.logger('info', 'consult.cancelled', { consultationId: call.id, reason });
    this.toKiosk(call, { type: 'ended', consultationId: call.id, reason });
    call.phase = 'cancelled';
    this.step({ type: 'cancel', requestId: call.id }, [call.id]);
    this.finish(call, 'cancelled');
    const endedAt = iso(this.options.now());
    this.write(call, () => this.repo.markEnded(call.id, 'cancelled', reason, endedAt));
  }

  /** The call leaves memory; its remaining writes still run in order. */
  private finish(call: Call, phase: 'ended' | 'cancelled'): void {
    this.flushTimeline(call);
    call.phase = phase;
    this.clearGrace(call);
    if (this.kioskCall.get(call.kioskId) === call.id) this.kioskCall.delete(call.kioskId);
    this.calls.delete(call.id);
  }

  private readonly pendingWrites = new Set<Promise<void>>();

  private clearGrace(call: Call): void {
    if (call.kioskGrace) clearTimeout(call.kioskGrace);
    if (call.lawyerGrace) clearTimeout(call.lawyerGrace);
    call.kioskGrace = null;
    call.lawyerGrace = null;
  }

  private flushTimeline(call: Call): void {
    const timeline = this.engine.view(call.id)?.timeline ?? [];
    if (timeline.length <= call.persisted) return;
    const first = call.persisted;
    const entries = timeline.slice(first);
    call.persisted = timeline.length;
    this.write(call, () => this.repo.appendTimeline(call.id, first, entries));
  }

  /** The honest truth while waiting: the tier ringing and how many lawyers, or the queue position. */
  private sendWaiting(call: Call): void {
    if (call.phase !== 'ringing' && call.phase !== 'queued') return;
    const view = this.engine.view(call.id);
    if (view === undefined) return;
    const message: CentreToKiosk = {
      type: 'waiting',
      consultationId: call.id,
      tier: view.phase === 'ringing' && view.tier !== undefined ? view.tier : 'queue',
      ringing: view.ringing.length,
      queuePosition: view.queuePosition ?? null,
    };
    const key = JSON.stringify(message);
    if (key === call.lastWaiting || !call.kioskOnline) return;
    call.lastWaiting = key;
    this.toKiosk(call, message);
  }

  private syncPresence(lawyerId: string, reason?: string): void {
    const conn = this.consoles.get(lawyerId);
    const presence = this.engine.presenceOf(lawyerId);
    if (conn === undefined || presence === undefined || presence === conn.lastPresence) return;
    conn.lastPresence = presence;
    conn.link.send({ type: 'presence', presence, ...(reason ? { reason } : {}) });
  }

  /** A single timer at the engine's next deadline. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const deadline = this.engine.nextDeadline();
    if (deadline === undefined || this.stopped) return;
    this.timer = setTimeout(
      () =>
        this.guarded('tick', () => {
          this.timer = null;
          this.step({ type: 'tick' });
        }),
      Math.max(0, deadline - this.options.now()) + 1,
    );
  }

  // --- plumbing ------------------------------------------------------------------------------

  /** Timer work: a fault is logged, never thrown into the event loop (it would end every call). */
  private guarded(where: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.options.logger('error', 'consult.timer_failed', { where, error: error instanceof Error ? error.name : 'unknown' });
    }
  }

  private write(call: Call, work: () => Promise<void>): void {
    const writes = call.writes.then(work).catch((error: unknown) => {
      const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
      this.options.logger('error', 'consult.persist_failed', { consultationId: call.id, code });
    });
    call.writes = writes;
    this.pendingWrites.add(writes);
    void writes.then(() => this.pendingWrites.delete(writes));
  }

  private toKiosk(call: Call, message: CentreToKiosk): void {
    if (!call.kioskOnline) return;
    this.kiosks.get(call.kioskId)?.link.send(message);
  }

  private toLawyer(call: Call, message: CentreToConsole): void {
    if (call.lawyerId === null || !call.lawyerOnline) return;
    this.consoles.get(call.lawyerId)?.link.send(message);
  }

  private icePolicy(): { iceTransportPolicy?: 'relay' } {
    const policy = iceTransportPolicyFor(this.options.ice);
    return policy === undefined ? {} : { iceTransportPolicy: policy };
  }

  private ice(id: string) {
    return iceServersFor(this.options.ice, id, this.options.now());
  }
}
