import { randomUUID } from 'node:crypto';
import type { IdCardData } from '../../../domain/idcard/types.ts';
import { ageOn, maskIdNumber } from '../../../domain/idcard/index.ts';
import type { CitizenView, SessionEndReason, SessionView, Verification } from '../api/contract.ts';
import type { Clock } from './clock.ts';
import type { EventHub } from './event-hub.ts';
import type { Logger } from './logger.ts';

export interface SessionPhoto {
  readonly mime: 'image/png' | 'image/jpeg' | 'image/bmp' | 'image/svg+xml';
  readonly data: Uint8Array;
}
export type PhotoStatus = CitizenView['photoStatus'];

interface ActiveSession {
  readonly id: string;
  readonly startedAt: string;
  readonly card: IdCardData;
  readonly photo: SessionPhoto | null;
  readonly photoStatus: PhotoStatus;
  verification: Verification | null;
  lastActivity: number;
}

export interface SessionServiceOptions {
  readonly clock: Clock;
  readonly events: EventHub;
  readonly logger: Logger;
  /**
   * The core's own idle backstop. The renderer runs the visible countdown; this fires only if the
   * renderer stops reporting activity (crashed, disconnected), so a person is never left on screen.
   */
  readonly backstopIdleMs: number;
}

/**
 * One citizen session at a time. The identity lives only in this object's memory; `end` drops it
 * and tells every subscriber, so the renderer wipes its copy too.
 */
export class SessionService {
  #active: ActiveSession | null = null;
  #backstop: NodeJS.Timeout | null = null;
  readonly #opts: SessionServiceOptions;

  constructor(opts: SessionServiceOptions) {
    this.#opts = opts;
  }

  /** Starts a session for a freshly read card; a session already running is ended first. */
  start(card: IdCardData, photo: SessionPhoto | null, photoStatus: PhotoStatus): SessionView {
    if (this.#active) this.end('replaced');
    const { clock } = this.#opts;
    this.#active = {
      id: randomUUID(),
      startedAt: new Date(clock.now()).toISOString(),
      card,
      photo,
      photoStatus,
      verification: null,
      lastActivity: clock.now(),
    };
    this.#armBackstop();
    this.#opts.logger.info('session.started', { cardType: card.cardType, photoStatus });
    return this.view()!;
  }

  /** Returns whether a session was running. */
  end(reason: SessionEndReason): boolean {
    const active = this.#active;
    if (!active) return false;
    this.#active = null;
    // Overwrite what we can: the photo bytes are ours; strings are immutable and left to the GC.
    active.photo?.data.fill(0);
    if (this.#backstop) clearTimeout(this.#backstop);
    this.#backstop = null;
    const seconds = Math.round((this.#opts.clock.now() - Date.parse(active.startedAt)) / 1000);
    this.#opts.logger.info('session.ended', { reason, seconds });
    this.#opts.events.publish({ type: 'session.ended', reason });
    return true;
  }

  /** Records how identity was checked; numbers only. Returns null when nobody is there. */
  recordVerification(result: Omit<Verification, 'at'>): Verification | null {
    if (!this.#active) return null;
    const verification: Verification = { ...result, at: new Date(this.#opts.clock.now()).toISOString() };
    this.#active.verification = verification;
    this.#opts.logger.info('identity.verified', {
      method: verification.method,
      consent: verification.consent,
      fallbackReason: verification.fallbackReason,
      distance: verification.distance,
      liveness: verification.liveness,
      attempts: verification.attempts,
      durationMs: verification.durationMs,
    });
    return verification;
  }

  touch(): void {
    if (!this.#active) return;
    this.#active.lastActivity = this.#opts.clock.now();
    this.#armBackstop();
  }

  get active(): boolean {
    return this.#active !== null;
  }

  /** The full card data, for services inside the core (never sent to the renderer whole). */
  card(): IdCardData | null {
    return this.#active?.card ?? null;
  }

  view(): SessionView | null {
    const a = this.#active;
    if (!a) return null;
    const today = this.#opts.clock.today();
    return {
      id: a.id,
      startedAt: a.startedAt,
      citizen: {
        name: a.card.name,
        maskedIdNumber: maskIdNumber(a.card.idNumber),
        sex: a.card.sex,
        birthDate: a.card.birthDate,
        age: ageOn(a.card.birthDate, today),
        cardType: a.card.cardType,
        nation: a.card.nation,
        validTo: a.card.validTo,
        photo: a.photo ? { mime: a.photo.mime, base64: Buffer.from(a.photo.data).toString('base64') } : null,
        photoStatus: a.photoStatus,
      },
      verification: a.verification,
    };
  }

  dispose(): void {
    this.end('shutdown');
  }

  #armBackstop(): void {
    if (this.#backstop) clearTimeout(this.#backstop);
    this.#backstop = setTimeout(() => this.end('idle'), this.#opts.backstopIdleMs);
    this.#backstop.unref();
  }
}
