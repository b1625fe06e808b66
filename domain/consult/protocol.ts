/**
 * Video consultation (issue 6): the wire contract shared by the centre (center/server), the lawyer's
 * console (center/console), the kiosk core (electron/core/consult) and the kiosk renderer.
 *
 * Shape of a call:
 *   kiosk renderer --bridge--> kiosk core --signed WebSocket--> centre <--cookie WebSocket-- console
 * The renderer owns the RTCPeerConnection and the recording; the core holds the kiosk's credentials
 * and relays signalling (the renderer never talks to the network itself). The kiosk is always the
 * offerer (also for ICE restarts), the console always answers: no glare to resolve.
 *
 * Both sockets carry JSON text frames, one message each, validated with these schemas on arrival.
 * Either side pings every `HEARTBEAT_MS`; a socket with no frame for `HEARTBEAT_DEAD_MS` is dead
 * (a TCP socket can stall for seconds after an outage), is closed, and the client reconnects with
 * backoff. After a kiosk reconnect the kiosk restarts ICE (subsystems.md, "Video consultation").
 */
import { z } from 'zod';
import { TIERS } from '../dispatch/model.ts';

export const CONSULT_PATHS = {
  /** Kiosk socket: a GET upgrade signed like every kiosk request (empty body hash). */
  kioskSocket: '/api/kiosk/consult/socket',
  /** Console socket: the session cookie authenticates; the Origin must be the centre's own. */
  consoleSocket: '/api/console/consult/socket',
  /** tus uploads of recordings use the ordinary kiosk uploads endpoint with metadata `consultationId`. */
  /** Kiosk: idempotent commit of a finished consultation (record, rating, recording). */
  commit: '/api/kiosk/consultations',
  /** Console: GET list (a lawyer sees their own; `readAllConsultations` sees all). */
  consultations: '/api/console/consultations',
  /** GET `<consultations>/:id`, PUT `<consultations>/:id/notes`, GET `<consultations>/:id/recording` (Range). */
  /** Console: the lawyer's own profile (GET); admins edit any lawyer's with PUT `<lawyerProfiles>/:accountId`. */
  lawyerProfiles: '/api/console/lawyer-profiles',
  /** Console: checklists and document templates a lawyer can push to the kiosk's printer. */
  pushTemplates: '/api/console/push-templates',
} as const;

export const HEARTBEAT_MS = 5_000;
export const HEARTBEAT_DEAD_MS = 15_000;
/** Largest frame either socket accepts (an SDP with many candidates is ~10 KB; a pushed document up to 20,000 characters). */
export const MAX_FRAME_BYTES = 128 * 1024;

/** Matters a citizen can ask about; lawyer profiles list the same ids. Labels are i18n (`consult.matters.<id>`). */
export const MATTER_CATEGORIES = ['labour', 'family', 'support', 'injury', 'consumer', 'property', 'other'] as const;
export const MatterCategorySchema = z.enum(MATTER_CATEGORIES);
export type MatterCategory = z.infer<typeof MatterCategorySchema>;

/** Consultation languages; `zh` is Mandarin. Minority languages are added with their lawyers. */
export const LanguageSchema = z.enum(['zh', 'en']);

const Uuid = z.string().uuid();
const Instant = z.string().min(20).max(40);

// ---------------------------------------------------------------------------------------------
// WebRTC signalling payloads (opaque to the centre beyond their size and shape).

export const IceServerSchema = z.object({
  urls: z.array(z.string().regex(/^(stun|turns?):/).max(300)).min(1).max(8),
  username: z.string().max(200).optional(),
  credential: z.string().max(200).optional(),
});
export type IceServer = z.infer<typeof IceServerSchema>;

/**
 * `relay`: the browsers use TURN relay candidates only (a site whose firewall or policy wants every
 * call through the centre's relay). Absent means `all`.
 */
export const IceTransportPolicySchema = z.enum(['all', 'relay']);
export type IceTransportPolicy = z.infer<typeof IceTransportPolicySchema>;

export const SignalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('description'), description: z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(64_000) }) }),
  z.object({
    kind: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(2_000),
      sdpMid: z.string().max(64).nullable(),
      sdpMLineIndex: z.number().int().min(0).max(64).nullable(),
    }),
  }),
]);
export type Signal = z.infer<typeof SignalSchema>;

// ---------------------------------------------------------------------------------------------
// What the lawyer can send to the kiosk's printer during or after the call.

export const PushKindSchema = z.enum(['checklist', 'document', 'summary', 'referral']);
export const PushSchema = z
  .object({
    kind: PushKindSchema,
    title: z.string().trim().min(1).max(60),
    /** Plain text, paragraphs separated by blank lines; never HTML (the kiosk escapes it). */
    body: z.string().max(20_000),
    /** Checklist items (printed as boxes to tick). */
    items: z.array(z.string().trim().min(1).max(200)).max(40).default([]),
  })
  .strict();
export type Push = z.infer<typeof PushSchema>;

export const PrintOutcomeSchema = z.enum(['completed', 'queued', 'failed', 'printer_offline', 'out_of_paper']);

/** The lawyer turns the consultation into a next step for the citizen. */
export const ReferralSchema = z.discriminatedUnion('kind', [
  /** Opens the legal-aid application at the kiosk with the matter prefilled (a rule-pack matter id). */
  z.object({ kind: z.literal('legal_aid'), matterId: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/).nullable() }).strict(),
  /** A referral to the people's mediation committee; the kiosk prints the referral slip. */
  z.object({ kind: z.literal('mediation'), note: z.string().max(500).default('') }).strict(),
]);
export type Referral = z.infer<typeof ReferralSchema>;

export const EndReasonSchema = z.enum(['kiosk_hangup', 'lawyer_hangup', 'network', 'cancelled', 'session_ended']);
export type EndReason = z.infer<typeof EndReasonSchema>;

export const StationSchema = z.object({ name: z.string().max(60), regionCode: z.string().regex(/^\d{6}$/) });

/** The citizen as the lawyer sees them: only with the citizen's consent to share the name. */
export const CitizenForLawyerSchema = z.object({
  name: z.string().max(60).nullable(),
  /** How the identity was checked at the kiosk (or null: not checked, the lawyer may verify on video). */
  verification: z.enum(['face', 'card_only', 'lawyer', 'counter']).nullable(),
});

// ---------------------------------------------------------------------------------------------
// Kiosk <-> centre

export const KioskToCentreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z
    .object({
      type: z.literal('request'),
      consultationId: Uuid,
      matterCategory: MatterCategorySchema,
      language: LanguageSchema,
      /** The consultation is recorded in full; without consent there is no video call (12348 instead). */
      recordingConsent: z.literal(true),
      citizen: CitizenForLawyerSchema,
    })
    .strict(),
  z.object({ type: z.literal('cancel'), consultationId: Uuid }).strict(),
  z.object({ type: z.literal('signal'), consultationId: Uuid, signal: SignalSchema }).strict(),
  z.object({ type: z.literal('hangup'), consultationId: Uuid }).strict(),
  /** The kiosk printed (or failed to print) a push. */
  z.object({ type: z.literal('printed'), consultationId: Uuid, pushId: Uuid, outcome: PrintOutcomeSchema }).strict(),
  /** After a socket reconnect: the kiosk is still in this call (the centre re-attaches it). */
  z.object({ type: z.literal('resume'), consultationId: Uuid }).strict(),
]);
export type KioskToCentre = z.infer<typeof KioskToCentreSchema>;

export const CentreToKioskSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('hello'), iceServers: z.array(IceServerSchema) }),
  /** The truth while waiting: which tier is ringing, how many lawyers, or the queue position. */
  z.object({
    type: z.literal('waiting'),
    consultationId: Uuid,
    tier: z.enum([...TIERS, 'queue']),
    ringing: z.number().int().min(0),
    queuePosition: z.number().int().min(1).nullable(),
  }),
  z.object({
    type: z.literal('fallback'),
    consultationId: Uuid,
    reason: z.enum(['nobody_available', 'tiers_exhausted', 'timeout']),
    queuePosition: z.number().int().min(1),
    callbackSlot: z.object({ startsAt: Instant, endsAt: Instant }),
    hotline: z.literal('12348'),
  }),
  z.object({
    type: z.literal('connected'),
    consultationId: Uuid,
    lawyer: z.object({ displayName: z.string().max(60), organisation: z.string().max(80) }),
    iceServers: z.array(IceServerSchema),
    iceTransportPolicy: IceTransportPolicySchema.optional(),
  }),
  z.object({ type: z.literal('signal'), consultationId: Uuid, signal: SignalSchema }),
  z.object({ type: z.literal('push'), consultationId: Uuid, pushId: Uuid, push: PushSchema }),
  /** The lawyer confirmed the person's identity on video (verification method: lawyer). */
  z.object({ type: z.literal('identityVerified'), consultationId: Uuid }),
  z.object({ type: z.literal('referral'), consultationId: Uuid, referral: ReferralSchema }),
  /** The other side's link: `offline` while the lawyer's console reconnects. */
  z.object({ type: z.literal('peer'), consultationId: Uuid, state: z.enum(['online', 'offline']) }),
  z.object({ type: z.literal('ended'), consultationId: Uuid, reason: EndReasonSchema }),
  z.object({ type: z.literal('error'), code: z.enum(['invalid_message', 'unknown_consultation', 'not_enrolled', 'busy']), consultationId: Uuid.optional() }),
]);
export type CentreToKiosk = z.infer<typeof CentreToKioskSchema>;

// ---------------------------------------------------------------------------------------------
// Console <-> centre (a lawyer's browser)

export const ConsoleToCentreSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  /** Also the presence heartbeat: sent on change and every HEARTBEAT_MS. */
  z.object({ type: z.literal('presence'), presence: z.enum(['available', 'away']) }).strict(),
  z.object({ type: z.literal('accept'), consultationId: Uuid }).strict(),
  z.object({ type: z.literal('decline'), consultationId: Uuid }).strict(),
  z.object({ type: z.literal('signal'), consultationId: Uuid, signal: SignalSchema }).strict(),
  z.object({ type: z.literal('hangup'), consultationId: Uuid }).strict(),
  z.object({ type: z.literal('push'), consultationId: Uuid, push: PushSchema }).strict(),
  z.object({ type: z.literal('verifyIdentity'), consultationId: Uuid }).strict(),
  z.object({ type: z.literal('refer'), consultationId: Uuid, referral: ReferralSchema }).strict(),
  /** After a socket reconnect: the lawyer is still in this call. */
  z.object({ type: z.literal('resume'), consultationId: Uuid }).strict(),
]);
export type ConsoleToCentre = z.infer<typeof ConsoleToCentreSchema>;

export const CentreToConsoleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pong') }),
  z.object({
    type: z.literal('hello'),
    lawyer: z.object({ accountId: z.string(), displayName: z.string() }),
    presence: z.enum(['available', 'ringing', 'in_call', 'wrap_up', 'away']),
    iceServers: z.array(IceServerSchema),
  }),
  z.object({ type: z.literal('presence'), presence: z.enum(['available', 'ringing', 'in_call', 'wrap_up', 'away']), reason: z.string().max(40).optional() }),
  z.object({
    type: z.literal('ring'),
    consultationId: Uuid,
    matterCategory: MatterCategorySchema,
    language: LanguageSchema,
    station: StationSchema,
    tier: z.enum([...TIERS, 'queue']),
    ringUntil: Instant,
  }),
  z.object({ type: z.literal('ringCancelled'), consultationId: Uuid, reason: z.enum(['taken', 'cancelled', 'expired']) }),
  z.object({ type: z.literal('acceptRefused'), consultationId: Uuid, reason: z.enum(['taken', 'not_offered', 'cancelled', 'expired', 'unknown_request']) }),
  z.object({
    type: z.literal('connected'),
    consultationId: Uuid,
    matterCategory: MatterCategorySchema,
    station: StationSchema,
    citizen: CitizenForLawyerSchema,
    iceServers: z.array(IceServerSchema),
    iceTransportPolicy: IceTransportPolicySchema.optional(),
  }),
  z.object({ type: z.literal('signal'), consultationId: Uuid, signal: SignalSchema }),
  z.object({ type: z.literal('printed'), consultationId: Uuid, pushId: Uuid, outcome: PrintOutcomeSchema }),
  z.object({ type: z.literal('peer'), consultationId: Uuid, state: z.enum(['online', 'offline']) }),
  z.object({ type: z.literal('ended'), consultationId: Uuid, reason: EndReasonSchema }),
  z.object({ type: z.literal('error'), code: z.enum(['invalid_message', 'unknown_consultation', 'not_a_lawyer', 'no_profile']), consultationId: Uuid.optional() }),
]);
export type CentreToConsole = z.infer<typeof CentreToConsoleSchema>;

// ---------------------------------------------------------------------------------------------
// Kiosk commit of a finished consultation (through the outbox, idempotent by consultationId).

export const RECORDING_MIME = 'video/webm';
/**
 * tus creation metadata of a recording, exactly these keys (filetype is RECORDING_MIME). The centre
 * binds the upload to the uploading kiosk and to a consultation of that kiosk. One PATCH carries at
 * most MAX_ATTACHMENT_BYTES (domain/centre/protocol.ts): upload a recording in chunks of that size.
 */
export const RECORDING_UPLOAD_METADATA = ['consultationId', 'sha256', 'filetype'] as const;
/** ~360 MB per hour is the plan (subsystems.md); a consultation is capped at 2 hours. */
export const MAX_RECORDING_BYTES = 800 * 1024 * 1024;

export const ConsultationCommitSchema = z
  .object({
    consultationId: Uuid,
    startedAt: Instant,
    endedAt: Instant,
    endReason: EndReasonSchema,
    /** 1 (very unhappy) .. 5 (very happy); null when the citizen left without rating. */
    rating: z.number().int().min(1).max(5).nullable(),
    /** The recording as uploaded by tus (metadata consultationId, sha256, filetype video/webm); null when none was made (the call never connected). */
    recording: z
      .object({
        uploadId: z.string().min(1).max(200),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().positive().max(MAX_RECORDING_BYTES),
        durationMs: z.number().int().nonnegative(),
      })
      .strict()
      .nullable(),
    /** Pushes the kiosk printed, with their outcome (the centre already knows what was pushed). */
    printed: z.array(z.object({ pushId: Uuid, outcome: PrintOutcomeSchema }).strict()).max(100),
  })
  .strict();
export type ConsultationCommit = z.infer<typeof ConsultationCommitSchema>;
/** 201 the first time, 200 with the stored answer for a replay (same content); 409 for other content under the same id. */
export const ConsultationCommitResponseSchema = z.object({ consultationId: Uuid, recordingStored: z.boolean() });

// ---------------------------------------------------------------------------------------------
// Console REST shapes

export const LawyerProfileBodySchema = z
  .object({
    displayName: z.string().trim().min(1).max(60),
    organisation: z.string().trim().max(80).default(''),
    regionCodes: z.array(z.string().regex(/^\d{6}$/)).min(1).max(10),
    matterCategories: z.array(MatterCategorySchema).min(1),
    languages: z.array(LanguageSchema).min(1),
  })
  .strict();
export type LawyerProfileBody = z.infer<typeof LawyerProfileBodySchema>;

export const StoredLawyerProfileSchema = LawyerProfileBodySchema.extend({ updatedAt: Instant });
/** A lawyer account with its dispatch profile (null until an administrator sets one). */
export const LawyerWithProfileSchema = z.object({
  accountId: Uuid,
  username: z.string(),
  /** The account's name; the profile's displayName is what citizens see. */
  accountDisplayName: z.string(),
  disabled: z.boolean(),
  profile: StoredLawyerProfileSchema.nullable(),
});
export type LawyerWithProfile = z.infer<typeof LawyerWithProfileSchema>;
/** GET `<lawyerProfiles>`: every lawyer for an administrator, only oneself for a lawyer. GET/PUT `<lawyerProfiles>/:accountId` answer one LawyerWithProfile. */
export const LawyerProfileListSchema = z.object({ lawyers: z.array(LawyerWithProfileSchema) });

export const TimelineEntrySchema = z.object({
  kind: z.string(),
  at: Instant,
  sinceRequestMs: z.number().int().nonnegative(),
  tier: z.string().optional(),
  detail: z.string().optional(),
});

export const ConsultationSummarySchema = z.object({
  consultationId: Uuid,
  requestedAt: Instant,
  matterCategory: MatterCategorySchema,
  station: StationSchema,
  phase: z.enum(['ringing', 'queued', 'connected', 'ended', 'cancelled']),
  lawyer: z.object({ accountId: z.string(), displayName: z.string() }).nullable(),
  answeredTier: z.string().nullable(),
  /** ms from request to the lawyer's accept; null when nobody accepted. */
  answerMs: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  rating: z.number().int().min(1).max(5).nullable(),
  hasRecording: z.boolean(),
});
export type ConsultationSummary = z.infer<typeof ConsultationSummarySchema>;

export const ConsultationDetailSchema = ConsultationSummarySchema.extend({
  timeline: z.array(TimelineEntrySchema),
  notes: z.string(),
  pushes: z.array(z.object({ pushId: Uuid, at: Instant, push: PushSchema, outcome: PrintOutcomeSchema.nullable() })),
  referrals: z.array(z.object({ at: Instant, referral: ReferralSchema })),
  identityVerifiedByLawyer: z.boolean(),
  recording: z.object({ bytes: z.number().int(), durationMs: z.number().int(), mime: z.literal(RECORDING_MIME) }).nullable(),
  /** The notes' version, sent back with PUT `:id/notes` (a stale one is a 409). */
  notesVersion: z.number().int().nonnegative(),
});
export type ConsultationDetail = z.infer<typeof ConsultationDetailSchema>;

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** GET `<consultations>` query: newest first; `from`/`to` are China dates of the request, inclusive. */
export const ConsultationListQuerySchema = z.strictObject({
  phase: ConsultationSummarySchema.shape.phase.optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ConsultationListQuery = z.infer<typeof ConsultationListQuerySchema>;
export const ConsultationListSchema = z.object({ items: z.array(ConsultationSummarySchema), total: z.number().int().min(0) });
export type ConsultationList = z.infer<typeof ConsultationListSchema>;

/** Without `version` the notes are overwritten (the in-call autosave); with it, a stale version is a 409 `stale`. Answers the ConsultationDetail. */
export const NotesBodySchema = z.object({ notes: z.string().max(20_000), version: z.number().int().nonnegative().optional() }).strict();

export const PushTemplateSchema = z.object({ id: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/), matterCategories: z.array(MatterCategorySchema), push: PushSchema });
export type PushTemplate = z.infer<typeof PushTemplateSchema>;
/** GET `<pushTemplates>` (optionally `?matter=<MatterCategory>`). */
export const PushTemplateListSchema = z.object({ templates: z.array(PushTemplateSchema) });
