/**
 * Lawyer dispatch for video consultations (issue 6): the data the engine works on, its configuration,
 * and the events it takes and the effects it returns. The engine itself is in engine.ts.
 *
 * Everything here is plain data so the centre can validate what arrives from consoles and kiosks with
 * these schemas, log effects as JSON and keep the timeline for reporting.
 */
import { z } from 'zod';

/** GB/T 2260 administrative division code: 2 digits province, 2 city, 2 county. */
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, 'a 6-digit GB/T 2260 region code');

export const LawyerProfileSchema = z.object({
  id: z.string().min(1),
  regionCode: RegionCodeSchema,
  /** Matter categories the lawyer takes, as the kiosk names them (e.g. 'labour', 'family'). */
  matterCategories: z.array(z.string().min(1)).min(1),
  /** Languages the lawyer consults in (e.g. 'zh', 'yue', 'bo'). */
  languages: z.array(z.string().min(1)).min(1),
});
export type LawyerProfile = z.infer<typeof LawyerProfileSchema>;

export const PRESENCES = ['available', 'ringing', 'in_call', 'wrap_up', 'away'] as const;
export type Presence = (typeof PRESENCES)[number];
/** What a console heartbeat may claim; ringing, in_call and wrap_up are the engine's to decide. */
export const ConsolePresenceSchema = z.enum(['available', 'away']);
export type ConsolePresence = z.infer<typeof ConsolePresenceSchema>;

export const ConsultationRequestSchema = z.object({
  id: z.string().min(1),
  kioskRegionCode: RegionCodeSchema,
  matterCategory: z.string().min(1),
  language: z.string().min(1),
  /** The kiosk's own clock, kept for the record only: deadlines run from the engine's `now`. */
  requestedAt: z.number().int().nonnegative(),
});
export type ConsultationRequest = z.infer<typeof ConsultationRequestSchema>;

export const TIERS = ['county', 'province', 'national'] as const;
export type Tier = (typeof TIERS)[number];

export const HOTLINE = '12348';

export const DispatchConfigSchema = z
  .object({
    /** How long one offer rings on a lawyer's console before it counts as missed. */
    ringMs: z.number().int().min(1000).max(60_000).default(6000),
    /** Lawyers rung at once in each tier; more than 3 would make most of them ring in vain. */
    offersPerTier: z.number().int().min(1).max(3).default(3),
    /** Tiers walked in this order; a subset may be configured but never out of order. */
    tierOrder: z.array(z.enum(TIERS)).min(1).default(['county', 'province', 'national']),
    /** Consecutive missed rings after which a lawyer is set away (they have likely left the desk). */
    maxMissedRings: z.number().int().min(1).max(20).default(3),
    /** Time for notes after a call before the lawyer is offered the next one. */
    wrapUpMs: z.number().int().min(0).max(30 * 60_000).default(60_000),
    /** No lawyer connected this long after the request: the fallback (queue, callback, 12348). */
    fallbackAfterMs: z.number().int().min(1000).max(10 * 60_000).default(30_000),
    /** Callback slots are aligned to this length (30 min: 09:00, 09:30, ...). */
    callbackSlotMs: z.number().int().min(60_000).default(30 * 60_000),
    /** A callback slot starts at least this long after the fallback, so a lawyer can prepare. */
    callbackLeadMs: z.number().int().min(0).default(15 * 60_000),
  })
  .refine((c) => c.tierOrder.every((t, i) => i === 0 || TIERS.indexOf(t) > TIERS.indexOf(c.tierOrder[i - 1] as Tier)), {
    message: 'tierOrder must widen: county before province before national, each at most once',
    path: ['tierOrder'],
  });
export type DispatchConfig = z.infer<typeof DispatchConfigSchema>;

/** Throws on an invalid configuration: a wrong config is a deployment error, not an ordinary outcome. */
export const dispatchConfig = (partial: z.input<typeof DispatchConfigSchema> = {}): DispatchConfig =>
  DispatchConfigSchema.parse(partial);

export type DispatchEvent =
  | { readonly type: 'registerLawyer'; readonly profile: LawyerProfile }
  | { readonly type: 'heartbeat'; readonly lawyerId: string; readonly presence: ConsolePresence }
  | { readonly type: 'lawyerDisconnected'; readonly lawyerId: string }
  | { readonly type: 'request'; readonly request: ConsultationRequest }
  | { readonly type: 'accept'; readonly requestId: string; readonly lawyerId: string }
  | { readonly type: 'decline'; readonly requestId: string; readonly lawyerId: string }
  /** Either side hung up: the lawyer goes to wrap-up. */
  | { readonly type: 'callEnded'; readonly requestId: string }
  /** The citizen gave up, or chose the callback or the hotline. */
  | { readonly type: 'cancel'; readonly requestId: string }
  /** Time passed: rings run out, wrap-ups end, fallback deadlines pass. */
  | { readonly type: 'tick' };

export type RefusalReason = 'taken' | 'not_offered' | 'cancelled' | 'expired' | 'unknown_request';
export type FallbackReason = 'nobody_available' | 'tiers_exhausted' | 'timeout';

export type DispatchEffect =
  | { readonly type: 'offer'; readonly requestId: string; readonly lawyerIds: readonly string[]; readonly tier: Tier | 'queue'; readonly ringUntil: number }
  /** Stop ringing these consoles: someone else took the call, or the citizen left. */
  | { readonly type: 'cancelOffers'; readonly requestId: string; readonly lawyerIds: readonly string[]; readonly reason: 'taken' | 'cancelled' }
  | { readonly type: 'connected'; readonly requestId: string; readonly lawyerId: string; readonly tier: Tier | 'queue' }
  | { readonly type: 'acceptRefused'; readonly requestId: string; readonly lawyerId: string; readonly reason: RefusalReason }
  | { readonly type: 'escalated'; readonly requestId: string; readonly from: Tier; readonly to: Tier }
  | { readonly type: 'markAway'; readonly lawyerId: string; readonly reason: 'missed_rings' | 'disconnected' }
  | {
      readonly type: 'fallback';
      readonly requestId: string;
      readonly reason: FallbackReason;
      readonly queuePosition: number;
      readonly callbackSlot: { readonly startsAt: number; readonly endsAt: number };
      readonly hotline: typeof HOTLINE;
    }
  | { readonly type: 'queuePosition'; readonly requestId: string; readonly queuePosition: number }
  /** An event the engine cannot apply (unknown lawyer, duplicate request id, invalid profile). */
  | { readonly type: 'rejected'; readonly event: DispatchEvent['type']; readonly reason: string };

export type TimelineEntry = {
  readonly kind:
    | 'requested'
    | 'offered'
    | 'declined'
    | 'ring_missed'
    | 'offer_lost'
    | 'escalated'
    | 'accepted'
    | 'fallback'
    | 'cancelled'
    | 'call_ended';
  readonly at: number;
  /** Milliseconds since the engine received the request: the figure the reports are about. */
  readonly sinceRequestMs: number;
  readonly tier?: Tier | 'queue';
  readonly lawyerIds?: readonly string[];
  readonly detail?: string;
};

/** Where a request stands. `queued` is the fallback: still served if a lawyer frees up. */
export type RequestPhase = 'ringing' | 'queued' | 'connected' | 'ended' | 'cancelled';
