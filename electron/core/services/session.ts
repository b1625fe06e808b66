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

/** A captured document page or the signature, kept in memory until submission or the session's end. */
export interface SessionAttachment {
  readonly id: string;
  readonly kind: 'material' | 'signature';
  readonly materialId: string | null;
  readonly mime: 'image/jpeg' | 'image/png';
  readonly bytes: Uint8Array;
}

/** Most a session may hold in captured pages: a kiosk is not a scanner farm. */
export const SESSION_ATTACHMENT_LIMITS = { count: 60, bytes: 64 * 1024 * 1024 } as const;

interface ActiveSession {
  readonly id: string;
  readonly startedAt: string;
  readonly card: IdCardData;
  readonly photo: SessionPhoto | null;
  readonly photoStatus: PhotoStatus;
  verification: Verification | null;
  lastActivity: number;
  /** 第四十条: the person applied for, from their own card; the session's card is then the agent's. */
  applicant: IdCardData | null;
  expectingApplicant: boolean;
  attachments: SessionAttachment[];
  /** Applications submitted in this session: only these may be printed from the citizen side. */
  readonly submitted: Set<string>;
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
      applicant: null,
      expectingApplicant: false,
      attachments: [],
      submitted: new Set(),
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
    for (const attachment of active.attachments) attachment.bytes.fill(0);
    active.attachments = [];
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

  /** On-behalf path: while true, a different card attaches as the applicant instead of replacing the session. */
  expectApplicantCard(expect: boolean): boolean {
    if (!this.#active) return false;
    this.#active.expectingApplicant = expect;
    if (!expect) this.#active.applicant = null;
    return true;
  }

  /**
   * Offers a freshly read card to the running session. Returns 'applicant' when it became the
   * applicant of an on-behalf application, 'same' when the agent placed their own card again, and
   * 'other' when it belongs to a new visitor (the caller then starts a new session).
   */
  offerCard(card: IdCardData): 'applicant' | 'same' | 'other' {
    const a = this.#active;
    if (!a) return 'other';
    if (a.card.idNumber === card.idNumber) return 'same';
    if (!a.expectingApplicant) return 'other';
    a.applicant = card;
    a.expectingApplicant = false;
    this.#opts.logger.info('session.applicant_attached', { cardType: card.cardType });
    return 'applicant';
  }

  /** The card of the person applied for (on behalf), else null. */
  applicantCard(): IdCardData | null {
    return this.#active?.applicant ?? null;
  }

  addAttachment(input: Omit<SessionAttachment, 'id'>): SessionAttachment | 'no_session' | 'too_many' {
    const a = this.#active;
    if (!a) return 'no_session';
    const total = a.attachments.reduce((sum, x) => sum + x.bytes.length, 0);
    if (a.attachments.length >= SESSION_ATTACHMENT_LIMITS.count || total + input.bytes.length > SESSION_ATTACHMENT_LIMITS.bytes) return 'too_many';
    // The signature is one image: a new one replaces the old.
    if (input.kind === 'signature') this.#dropAttachments((x) => x.kind === 'signature');
    const attachment = { ...input, id: randomUUID() };
    a.attachments.push(attachment);
    return attachment;
  }

  removeAttachment(id: string): boolean {
    return this.#dropAttachments((x) => x.id === id) > 0;
  }

  attachments(): readonly SessionAttachment[] {
    return this.#active?.attachments ?? [];
  }

  /** After a successful submit: the pages now live encrypted on disk, so the memory copies go. */
  markSubmitted(applicationId: string): void {
    const a = this.#active;
    if (!a) return;
    a.submitted.add(applicationId);
    this.#dropAttachments(() => true);
  }

  submittedHere(applicationId: string): boolean {
    return this.#active?.submitted.has(applicationId) ?? false;
  }

  #dropAttachments(match: (x: SessionAttachment) => boolean): number {
    const a = this.#active;
    if (!a) return 0;
    const dropped = a.attachments.filter(match);
    for (const x of dropped) x.bytes.fill(0);
    a.attachments = a.attachments.filter((x) => !match(x));
    return dropped.length;
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
      applicant: a.applicant
        ? {
            name: a.applicant.name,
            maskedIdNumber: maskIdNumber(a.applicant.idNumber),
            sex: a.applicant.sex,
            birthDate: a.applicant.birthDate,
            age: ageOn(a.applicant.birthDate, today),
            cardType: a.applicant.cardType,
            nation: a.applicant.nation,
            validTo: a.applicant.validTo,
            photoStatus: 'no_decoder' as const,
          }
        : null,
      expectingApplicantCard: a.expectingApplicant,
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
