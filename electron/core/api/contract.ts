/**
 * The one contract between the kiosk core and everything that talks to it (the renderer's Bridge,
 * the dev dock, tests). Pure zod: no Node, no I/O, so the renderer may import it too.
 *
 * Transport: commands are `POST /api/cmd/<name>` with a JSON body matching `input`, answered with
 * `{ ok: true, value }` or `{ ok: false, error: { code, message } }`. Events are pushed over the
 * WebSocket at `/api/events` after the client's first message `{ type: 'auth', secret }`.
 * Every request carries the per-boot secret (`Authorization: Bearer <secret>`).
 */
import { z } from 'zod';
import { AnswersSchema } from '../../../domain/documents/answers.ts';
import { DocumentTemplateSchema } from '../../../domain/documents/template.ts';
import { ApplicationAnswersSchema } from '../../../domain/legal-aid/application.ts';
import { RulePackSchema } from '../../../domain/legal-aid/rule-pack.ts';
import { CASE_STATUSES } from '../../../domain/centre/console-api.ts';
import { CentreToKioskSchema, MatterCategorySchema, SignalSchema } from '../../../domain/consult/protocol.ts';
import { BUNDLE_SOURCES, EducationBundleSchema, MediaNameSchema } from '../../../domain/education/bundle.ts';

// ---------------------------------------------------------------------------------------------
// Shared shapes

export const ReaderErrorCodeSchema = z.enum([
  'disconnected', // port missing or closed (cable pulled)
  'timeout', // the reader did not answer in time
  'checksum', // a frame arrived with a bad XOR checksum
  'malformed_frame', // length error or garbage the codec could not use
  'sam_fault', // SAM self-test failed / not authorised
  'read_failed', // the card was found but reading it failed (moved away too early, auth failed)
  'unknown_card', // the chip answered with a card type we do not know
]);
export type ReaderErrorCode = z.infer<typeof ReaderErrorCodeSchema>;

export const ReaderStateSchema = z.enum([
  'disconnected',
  'connecting',
  'ready', // polling for a card
  'reading',
  'waiting_removal', // a card was read; waiting for it to leave the field
]);

export const ReaderStatusSchema = z.object({
  state: ReaderStateSchema,
  /** Device path, or a short label for the simulator. Never personal data. */
  port: z.string(),
  simulated: z.boolean(),
  samId: z.string().nullable(),
  lastError: z.object({ code: ReaderErrorCodeSchema, at: z.string() }).nullable(),
});
export type ReaderStatus = z.infer<typeof ReaderStatusSchema>;

export const CardTypeSchema = z.enum(['resident', 'hmt_residence', 'foreign_pr_2017', 'foreign_pr_2023']);

export const CardRefusalCodeSchema = z.enum([
  'malformed',
  'unknown_card_type',
  'invalid_id_number',
  'invalid_birth_date',
  'expired',
  'not_yet_valid',
]);
export type CardRefusalCodeWire = z.infer<typeof CardRefusalCodeSchema>;

export const PhotoStatusSchema = z.enum(['ok', 'no_decoder', 'decode_failed']);

/** What the screen may show of the person in the current session. The full ID number stays in core. */
export const CitizenViewSchema = z.object({
  name: z.string(),
  maskedIdNumber: z.string(),
  sex: z.enum(['male', 'female']),
  birthDate: z.string(),
  age: z.number().int(),
  cardType: CardTypeSchema,
  nation: z.string().nullable(),
  validTo: z.string(),
  photo: z.object({ mime: z.enum(['image/png', 'image/jpeg', 'image/bmp', 'image/svg+xml']), base64: z.string() }).nullable(),
  photoStatus: PhotoStatusSchema,
});
export type CitizenView = z.infer<typeof CitizenViewSchema>;

/**
 * How the person's identity was checked (人证核验). Numbers only: no face image or descriptor ever
 * leaves the renderer's memory.
 */
export const VerificationMethodSchema = z.enum(['face', 'card_only', 'lawyer', 'counter']);
export const VerificationSchema = z.object({
  /** 'card_only' means "to be verified" by the remote lawyer on video or at the counter. */
  method: VerificationMethodSchema,
  /** Did the person agree to the face comparison (个人信息保护法 Art. 29)? */
  consent: z.boolean(),
  /** Why the face path was not (or not successfully) used, when method is not 'face'. */
  fallbackReason: z.enum(['declined', 'no_photo', 'no_camera', 'no_match', 'liveness_failed', 'error']).nullable(),
  /** Best (smallest) Euclidean descriptor distance seen, if any comparison ran. */
  distance: z.number().min(0).max(4).nullable(),
  threshold: z.number().min(0).max(4).nullable(),
  liveness: z.enum(['passed', 'failed', 'not_run']),
  attempts: z.number().int().min(0).max(20),
  /** Milliseconds from the first camera frame to the decision. */
  durationMs: z.number().int().min(0).max(600_000).nullable(),
  at: z.string(),
});
export type Verification = z.infer<typeof VerificationSchema>;

export const SessionViewSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  citizen: CitizenViewSchema,
  verification: VerificationSchema.nullable(),
  /**
   * On-behalf applications (法律援助法 第四十条): the person the application is for, from their own
   * card placed after the agent's. Null when the citizen applies for themselves.
   */
  applicant: CitizenViewSchema.omit({ photo: true }).nullable(),
  /** True while the core attaches the next different card as the applicant instead of replacing the session. */
  expectingApplicantCard: z.boolean(),
});
export type SessionView = z.infer<typeof SessionViewSchema>;

export const SessionEndReasonSchema = z.enum(['user', 'idle', 'technician', 'replaced', 'shutdown']);
export type SessionEndReason = z.infer<typeof SessionEndReasonSchema>;

export const KioskConfigSchema = z.object({
  version: z.string(),
  locale: z.literal('zh-CN'),
  simulator: z.boolean(),
  /** Seconds without a touch before the "还在吗?" prompt. */
  idleSeconds: z.number().int().positive(),
  /** Seconds the prompt counts down before the session is wiped. */
  countdownSeconds: z.number().int().positive(),
  /** Milliseconds of press on the hidden corner that opens the technician PIN pad. */
  technicianLongPressMs: z.number().int().positive(),
  stationName: z.string(),
  face: z.object({
    /** Euclidean descriptor distance at or below which the faces match (a calibration result). */
    threshold: z.number().min(0.1).max(1.2),
    /** Distances between threshold and this are "verify another way", never a yes. */
    borderline: z.number().min(0.1).max(1.2),
    maxAttempts: z.number().int().min(1).max(10),
    /** Camera chosen by the technician (MediaDeviceInfo.deviceId); null = the system default. */
    cameraDeviceId: z.string().max(256).nullable(),
  }),
  /** The camera that photographs documents (a document camera, or null = the system default). */
  documentCameraDeviceId: z.string().max(256).nullable(),
});
export type KioskConfig = z.infer<typeof KioskConfigSchema>;

export const DemoCardSchema = z.object({
  id: z.string(),
  /** Short Chinese label for the dev dock, e.g. "有效身份证 (老年女性)". Demo data only. */
  label: z.string(),
});

export const SimFaultSchema = z.enum(['none', 'garbage', 'checksum', 'slow', 'read_failed']);
export type SimFault = z.infer<typeof SimFaultSchema>;

export const SelfTestStepSchema = z.object({
  name: z.enum(['port_open', 'sam_status', 'sam_id', 'find_card', 'photo_decoder']),
  ok: z.boolean(),
  detail: z.string(),
});

const TechnicianToken = z.string().min(16).max(128);

// ---------------------------------------------------------------------------------------------
// Legal-aid application

/** A captured page is a JPEG of at most ~1600 px; 6 MB of base64 leaves room without inviting abuse. */
export const ATTACHMENT_BASE64_MAX = 6 * 1024 * 1024;
/** One second of 640x480 VP8 + Opus is ~100-200 KB; 4 MB of base64 leaves room for a key frame burst. */
export const CONSULT_CHUNK_BASE64_MAX = 4 * 1024 * 1024;

export const PrinterStatusSchema = z.object({
  state: z.enum(['ready', 'offline', 'out_of_paper', 'error', 'missing']),
  detail: z.string().nullable(),
});

export const PrintOutcomeSchema = z.enum(['completed', 'queued', 'failed', 'printer_offline', 'out_of_paper']);
export const PrintResultSchema = z.object({
  document: z.enum(['receipt', 'form', 'pledge', 'guide', 'test', 'status']),
  outcome: PrintOutcomeSchema,
});
export type PrintResult = z.infer<typeof PrintResultSchema>;

/** What the citizen takes home, also shown on screen (with its QR code) whatever the printer does. */
export const ReceiptScreenSchema = z.object({
  localNumber: z.string(),
  shortCode: z.string(),
  statusUrl: z.string(),
  /** The QR code of statusUrl as an SVG document (rendered by the core's QR library). */
  qrSvg: z.string(),
  submittedAt: z.string(),
  matterLabel: z.string(),
  decisionDueBy: z.string(),
  urgentDeadline: z.string().nullable(),
  missingMaterials: z.array(z.string()),
  centre: z.object({ name: z.string(), phone: z.string(), address: z.string() }),
});
export type ReceiptScreen = z.infer<typeof ReceiptScreenSchema>;

export const SubmittedApplicationSchema = z.object({
  applicationId: z.string(),
  receipt: ReceiptScreenSchema,
});
export type SubmittedApplication = z.infer<typeof SubmittedApplicationSchema>;

// ---------------------------------------------------------------------------------------------
// Status look-up (查询申请进度): the person's applications, from the centre and from this kiosk

/**
 * Where an application stands, as the kiosk shows it: the centre's case statuses, plus two that only
 * the kiosk knows: 'uploading' (stored here, not yet at the centre) and 'sent' (the centre confirmed
 * it, but its latest status could not be fetched now).
 */
export const STATUS_ITEM_STATES = [...CASE_STATUSES, 'uploading', 'sent'] as const;
export const StatusItemSchema = z.object({
  /** Names this item for status.print: the acceptance number, else the local number. */
  key: z.string(),
  acceptanceNumber: z.string().nullable(),
  localNumber: z.string(),
  /** YYYY-MM-DD */
  submittedOn: z.string(),
  state: z.enum(STATUS_ITEM_STATES),
  /** The matter in words (the rule pack's label). */
  matterLabel: z.string(),
  decisionDueOn: z.string().nullable(),
  /** Materials the centre asked for (一次性告知), by name; empty unless materials were requested. */
  requestedMaterials: z.array(z.string()),
  materialsDueOn: z.string().nullable(),
  lawyerName: z.string().nullable(),
});
export type StatusItem = z.infer<typeof StatusItemSchema>;

export const StatusLookupAnswerSchema = z.object({
  /** 'answered': the centre's word is in the list; otherwise only what this kiosk knows. */
  centre: z.enum(['answered', 'unreachable', 'not_enrolled']),
  applications: z.array(StatusItemSchema),
});
export type StatusLookupAnswer = z.infer<typeof StatusLookupAnswerSchema>;

// ---------------------------------------------------------------------------------------------
// Provisioning (the technician's wizard)

/** GB/T 2260 province-level prefixes (the first two digits of a county or district code). */
const PROVINCE_PREFIXES = new Set(['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82']);
/** A six-digit GB/T 2260 county-level code: a known province and a county part that is not 00. */
export const isRegionCode = (code: string): boolean =>
  /^\d{6}$/.test(code) && PROVINCE_PREFIXES.has(code.slice(0, 2)) && code.slice(4) !== '00';
export const StationSchema = z.object({
  stationName: z.string().trim().min(2).max(60),
  regionCode: z.string().refine(isRegionCode, 'a GB/T 2260 county-level code'),
});
const QueueName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const SerialPortPath = z.string().regex(/^\/dev\/[A-Za-z0-9._/-]{1,80}$/);

/** The legal-education bundle as the technician page shows it. */
export const EducationStatusSchema = z.object({
  version: z.number().int(),
  published: z.string(),
  source: z.enum(BUNDLE_SOURCES),
  installedAt: z.string().nullable(),
  lastCheck: z
    .object({ outcome: z.enum(['installed', 'up_to_date', 'not_enrolled', 'network', 'refused', 'centre_error', 'storage_error']), at: z.string() })
    .nullable(),
});
export type EducationStatus = z.infer<typeof EducationStatusSchema>;

// ---------------------------------------------------------------------------------------------
// Document drafting

const DocumentTemplateIdSchema = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/);
export const DraftedDocumentSchema = z.object({
  templateId: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  parties: z.array(z.object({ role: z.string(), text: z.string() })),
  sections: z.array(z.object({ heading: z.string(), style: z.enum(['numbered', 'paragraphs']), items: z.array(z.string()) })),
  addressee: z.object({ greeting: z.string(), to: z.string() }).nullable(),
  signatures: z.array(z.string()),
  date: z.string(),
  appendix: z.array(z.string()),
});

// ---------------------------------------------------------------------------------------------
// Commands

const empty = z.object({}).strict();

export const commands = {
  'kiosk.config': { input: empty, output: KioskConfigSchema },
  'session.get': { input: empty, output: z.object({ session: SessionViewSchema.nullable() }) },
  'session.end': { input: z.object({ reason: z.enum(['user', 'idle']) }).strict(), output: z.object({ ended: z.boolean() }) },
  /** The renderer reports touches (throttled) so the core's own idle backstop does not fire. */
  'session.activity': { input: empty, output: z.object({}) },
  'device.status': { input: empty, output: z.object({ reader: ReaderStatusSchema }) },
  /** The renderer reports the outcome of the identity check; the core keeps it in the session. */
  'identity.record': {
    input: VerificationSchema.omit({ at: true }).strict(),
    output: z.object({ verification: VerificationSchema }),
  },
  /**
   * Speaks a prompt: the core renders it offline (Mandarin, or English) and the renderer plays the
   * clip with <audio>. `key` names the i18n message the text is, so a recorded voice file may stand
   * in for it; `cacheable` marks a table text with nobody's data in it (it may be kept on disk).
   * `not_available` when the kiosk has no speech engine (the screen then stays silent).
   */
  'voice.render': {
    input: z
      .object({
        text: z.string().min(1).max(500),
        locale: z.enum(['zh-CN', 'en']).optional(),
        key: z.string().max(120).regex(/^[a-zA-Z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+){0,7}$/).optional(),
        cacheable: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ mime: z.enum(['audio/wav', 'audio/ogg', 'audio/mpeg']), base64: z.string() }),
  },

  /** The merged legal-aid rule pack (national + province) the kiosk decides under, and the kiosk's region. */
  'legalAid.rules': {
    input: empty,
    output: z.object({ pack: RulePackSchema, kioskRegionCode: z.string(), today: z.string() }),
  },
  /** On-behalf path: the next different card read becomes the applicant of this session (or stops expecting it). */
  'session.expectApplicantCard': { input: z.object({ expect: z.boolean() }).strict(), output: z.object({}) },
  /**
   * A captured page (document photo) or the signature, held in the core's session memory until
   * submission (then written encrypted) or the end of the session (then zeroed).
   */
  'application.putAttachment': {
    input: z
      .object({
        kind: z.enum(['material', 'signature']),
        materialId: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/).nullable(),
        mime: z.enum(['image/jpeg', 'image/png']),
        base64: z.string().min(4).max(ATTACHMENT_BASE64_MAX).regex(/^[A-Za-z0-9+/]+={0,2}$/),
      })
      .strict(),
    output: z.object({ attachmentId: z.string(), page: z.number().int() }),
  },
  'application.removeAttachment': { input: z.object({ attachmentId: z.string().uuid() }).strict(), output: z.object({}) },
  /** One transaction: the application, its attachments and an outbox row. The identity comes from the card read. */
  'application.submit': {
    input: z.object({ answers: ApplicationAnswersSchema }).strict(),
    output: SubmittedApplicationSchema,
  },
  /**
   * Prints a guide to take home when legal aid does not (or may not) cover the matter: the reason,
   * the other kinds of help and the centre's contact. Nothing personal is on it.
   */
  'legalAid.printGuide': {
    input: z.object({ matterId: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/).nullable() }).strict(),
    output: z.object({ results: z.array(PrintResultSchema) }),
  },
  /**
   * The applications of the person whose card was read in this session (after the identity check):
   * the core takes the ID number from its session and asks the centre, and adds what this kiosk
   * still holds. Forgotten when the session ends.
   */
  'status.lookup': { input: empty, output: StatusLookupAnswerSchema },
  /** Prints a status slip (no ID number) of one application from this session's last look-up. */
  'status.print': {
    input: z.object({ key: z.string().min(1).max(60) }).strict(),
    output: z.object({ results: z.array(PrintResultSchema) }),
  },
  /** Prints the receipt and the A4 documents of an application submitted in this session. */
  'application.print': {
    input: z.object({ applicationId: z.string().uuid() }).strict(),
    output: z.object({ results: z.array(PrintResultSchema) }),
  },

  /**
   * Video consultation (issue 6). The core relays signalling between the renderer (which owns the
   * RTCPeerConnection and the recording) and the centre's kiosk socket; see domain/consult/protocol.ts.
   * Whether a call can be asked for now: enrolled with a centre and its socket connected.
   */
  'consult.availability': {
    input: empty,
    output: z.object({ available: z.boolean(), reason: z.enum(['not_enrolled', 'offline']).nullable() }),
  },
  /** Asks the centre for a lawyer. Needs a session; the recording consent was given on its own screen. */
  'consult.request': {
    input: z.object({ matterCategory: MatterCategorySchema, recordingConsent: z.literal(true), shareName: z.boolean() }).strict(),
    output: z.object({ consultationId: z.string().uuid() }),
  },
  'consult.cancel': { input: z.object({ consultationId: z.string().uuid() }).strict(), output: z.object({}) },
  /**
   * An 80 mm slip to take home when no call took place: the recording was declined, or no lawyer
   * was free (with the centre's callback slot). Nothing about the person is printed.
   */
  'consult.printTip': {
    input: z.discriminatedUnion('reason', [
      z.object({ reason: z.literal('declined') }).strict(),
      z
        .object({
          reason: z.literal('fallback'),
          callbackSlot: z.object({ startsAt: z.iso.datetime({ offset: true }), endsAt: z.iso.datetime({ offset: true }) }).strict().nullable(),
        })
        .strict(),
    ]),
    output: z.object({ outcome: PrintOutcomeSchema }),
  },
  'consult.signal': { input: z.object({ consultationId: z.string().uuid(), signal: SignalSchema }).strict(), output: z.object({}) },
  'consult.hangup': { input: z.object({ consultationId: z.string().uuid() }).strict(), output: z.object({}) },
  /**
   * One recorder chunk (MediaRecorder timeslice 1 s, WebM), appended in `seq` order to the
   * consultation's encrypted recording file. A repeated `seq` is ignored (the renderer may retry).
   */
  'consult.recordChunk': {
    input: z.object({ consultationId: z.string().uuid(), seq: z.number().int().min(0), base64: z.string().max(CONSULT_CHUNK_BASE64_MAX) }).strict(),
    output: z.object({ bytes: z.number().int() }),
  },
  /**
   * The call is over (rated or not): the core closes the recording (duration fixed), and queues the
   * consultation's commit and the recording's upload in the outbox. Idempotent.
   */
  'consult.finish': {
    input: z
      .object({ consultationId: z.string().uuid(), rating: z.number().int().min(1).max(5).nullable(), recordingDurationMs: z.number().int().min(0) })
      .strict(),
    output: z.object({ queued: z.boolean() }),
  },

  'technician.unlock': {
    input: z.object({ pin: z.string().regex(/^\d{4,12}$/) }).strict(),
    output: z.object({ token: TechnicianToken }),
  },
  'technician.status': {
    input: z.object({ token: TechnicianToken }).strict(),
    output: z.object({
      version: z.string(),
      uptimeSeconds: z.number(),
      reader: ReaderStatusSchema,
      photoDecoder: z.enum(['vendor', 'simulator', 'none']),
      sessionActive: z.boolean(),
      /** The centre this kiosk is enrolled with (issue 5); nulls when not enrolled. */
      centre: z.object({ url: z.string().nullable(), kioskId: z.string().nullable() }),
      /** Last time the centre answered a signed request (heartbeat, upload, look-up); null = never since start. */
      lastSyncAt: z.string().nullable(),
      /** The station as configured (sent to the centre at enrolment). */
      station: z.object({ stationName: z.string(), regionCode: z.string() }),
      /** The legal-education bundle shown (issue 7); null when none verifies, absent from cores without one. */
      education: EducationStatusSchema.nullable().optional(),
    }),
  },
  /** Sets the station name and region code (persisted; sent at the next enrolment). */
  'technician.setStation': {
    input: StationSchema.extend({ token: TechnicianToken }).strict(),
    output: z.object({ restartRequired: z.boolean() }),
  },
  /** Network and centre reachability: the health probe, and a signed heartbeat answered. */
  'technician.checkCentre': {
    input: z.object({ token: TechnicianToken }).strict(),
    output: z.object({
      enrolled: z.boolean(),
      /** GET /api/health answered. */
      health: z.boolean(),
      /** A signed heartbeat was accepted; null when not enrolled (nothing to sign with). */
      heartbeat: z.boolean().nullable(),
      lastSyncAt: z.string().nullable(),
    }),
  },
  /** The device choices: the reader's serial port and the printer queues, with what exists on this machine. */
  'technician.devices': {
    input: z.object({ token: TechnicianToken }).strict(),
    output: z.object({
      /** Null = the simulated reader. */
      readerPort: z.string().nullable(),
      serialPorts: z.array(z.string()),
      receiptQueue: z.string(),
      a4Queue: z.string(),
      printerQueues: z.array(z.string()),
    }),
  },
  /** Saves the device choices into the provisioning file; they take effect when the kiosk restarts. */
  'technician.setDevices': {
    input: z.object({ token: TechnicianToken, readerPort: SerialPortPath.nullable(), receiptQueue: QueueName, a4Queue: QueueName }).strict(),
    output: z.object({ restartRequired: z.boolean() }),
  },
  'technician.selfTest': {
    input: z.object({ token: TechnicianToken }).strict(),
    output: z.object({ ok: z.boolean(), steps: z.array(SelfTestStepSchema) }),
  },
  /**
   * Chooses a camera (persisted in the data directory); null returns to the default. `face` is the
   * identity check's camera, `document` the one that photographs papers (a document camera).
   */
  'technician.setCamera': {
    input: z
      .object({ token: TechnicianToken, deviceId: z.string().max(256).nullable(), purpose: z.enum(['face', 'document']).optional() })
      .strict(),
    output: z.object({}),
  },
  /** Recent applications (numbers and dates only) with their last print, and both printers' state. */
  'technician.printing': {
    input: z.object({ token: TechnicianToken }).strict(),
    output: z.object({
      printers: z.object({ receipt: PrinterStatusSchema, a4: PrinterStatusSchema }),
      recent: z.array(
        z.object({
          applicationId: z.string(),
          localNumber: z.string(),
          submittedAt: z.string(),
          acceptanceNumber: z.string().nullable(),
          lastPrint: z.object({ document: z.string(), state: z.string() }).nullable(),
        }),
      ),
      outbox: z.object({ pending: z.number().int(), oldestCreatedAt: z.string().nullable() }),
    }),
  },
  'technician.reprint': {
    input: z.object({ token: TechnicianToken, applicationId: z.string().uuid() }).strict(),
    output: z.object({ results: z.array(PrintResultSchema) }),
  },
  'technician.testPrint': {
    input: z.object({ token: TechnicianToken }).strict(),
    output: z.object({ results: z.array(PrintResultSchema) }),
  },
  /**
   * Enrols the kiosk with a legal-aid centre using the one-time code from the centre's console: the
   * kiosk makes its own key pair, the centre keeps the public key, uploads start.
   */
  'technician.enrol': {
    input: z
      .object({ token: TechnicianToken, centreUrl: z.string().url().max(200).regex(/^https?:\/\//), code: z.string().regex(/^[A-Z0-9]{8,16}$/) })
      .strict(),
    output: z.object({ kioskId: z.string(), centreName: z.string() }),
  },
  'technician.lock': { input: z.object({ token: TechnicianToken }).strict(), output: z.object({}) },

  /**
   * Legal education (普法, issue 7): the bundle shown (topics and items; nothing personal) and how
   * long the home screen waits untouched before its attract loop, and how long each item stays.
   */
  'education.catalogue': {
    input: empty,
    output: z.object({
      bundle: EducationBundleSchema,
      source: z.enum(BUNDLE_SOURCES),
      attract: z.object({ afterSeconds: z.number().int().positive(), everySeconds: z.number().int().positive() }),
    }),
  },
  /** An illustration (or video) of the bundle shown, by the file name the bundle gives. */
  'education.media': {
    input: z.object({ name: MediaNameSchema }).strict(),
    output: z.object({ mime: z.string(), base64: z.string() }),
  },
  /** Technician: ask the centre for a newer bundle now (it is also asked at start and hourly). */
  'technician.educationUpdate': {
    input: z.object({ token: TechnicianToken }).strict(),
    output: z.object({ education: EducationStatusSchema.nullable() }),
  },

  /**
   * Document drafting (法律文书, issue 7): the templates (questions and structure, no personal data);
   * a preview of the filled document, the citizen's block taken from the card the core holds (ID
   * number masked) or the issues with the answers; and printing it on A4 (full ID number on paper,
   * the text in QR codes with the number masked). Nothing is stored.
   */
  'documents.templates': { input: empty, output: z.object({ templates: z.array(DocumentTemplateSchema) }) },
  'documents.preview': {
    input: z.object({ templateId: DocumentTemplateIdSchema, answers: AnswersSchema }).strict(),
    output: z.object({
      issues: z.array(z.object({ key: z.string(), problem: z.string() })),
      document: DraftedDocumentSchema.nullable(),
      text: z.string().nullable(),
      feeClaimFen: z.number().int().nullable(),
      qrCodes: z.number().int(),
    }),
  },
  'documents.print': {
    input: z.object({ templateId: DocumentTemplateIdSchema, answers: AnswersSchema }).strict(),
    output: z.object({ results: z.array(PrintResultSchema) }),
  },

  // Simulator controls: answered only when the core runs with the simulated reader.
  'sim.catalogue': { input: empty, output: z.object({ cards: z.array(DemoCardSchema) }) },
  'sim.placeCard': { input: z.object({ cardId: z.string().min(1).max(64) }).strict(), output: z.object({}) },
  'sim.removeCard': { input: empty, output: z.object({}) },
  'sim.unplug': { input: empty, output: z.object({}) },
  'sim.plug': { input: empty, output: z.object({}) },
  'sim.setFault': { input: z.object({ fault: SimFaultSchema }).strict(), output: z.object({}) },
} as const;

export type CommandName = keyof typeof commands;
export type CommandInput<N extends CommandName> = z.input<(typeof commands)[N]['input']>;
export type CommandOutput<N extends CommandName> = z.infer<(typeof commands)[N]['output']>;

/** Request body limits above the default 16 KB: a captured page, and an application with 10,000 characters of facts. */
export const COMMAND_BODY_LIMITS: Partial<Record<CommandName, number>> = {
  'application.putAttachment': ATTACHMENT_BASE64_MAX + 1024,
  'application.submit': 128 * 1024,
  'consult.recordChunk': CONSULT_CHUNK_BASE64_MAX + 1024,
  'consult.signal': 80 * 1024,
  // Answers of a drafted document: a few thousand characters of facts and evidence at most.
  'documents.preview': 64 * 1024,
  'documents.print': 64 * 1024,
};

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(commands, name);

export const ApiErrorCodeSchema = z.enum([
  'unauthorized',
  'unknown_command',
  'invalid_input',
  'not_available', // e.g. a sim.* command when the reader is real
  'no_session', // a command about the citizen when nobody is there
  'wrong_pin',
  'locked_out',
  'technician_required',
  'device_error',
  'disk_full', // the kiosk's disk is full: nothing was written
  'storage_error',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCodeSchema>;
export const ApiErrorSchema = z.object({ code: ApiErrorCodeSchema, message: z.string() });
export type ApiError = z.infer<typeof ApiErrorSchema>;

// ---------------------------------------------------------------------------------------------
// Events (core -> renderer over the WebSocket)

export const KioskEventSchema = z.discriminatedUnion('type', [
  /** Sent once after auth: the current state, so a reconnecting renderer catches up. */
  z.object({ type: z.literal('hello'), bootId: z.string(), reader: ReaderStatusSchema, session: SessionViewSchema.nullable() }),
  z.object({ type: z.literal('card.placed') }),
  z.object({ type: z.literal('card.read'), session: SessionViewSchema }),
  z.object({ type: z.literal('card.refused'), reason: CardRefusalCodeSchema }),
  z.object({ type: z.literal('card.error'), code: ReaderErrorCodeSchema }),
  z.object({ type: z.literal('card.removed') }),
  z.object({ type: z.literal('device.status'), reader: ReaderStatusSchema }),
  z.object({ type: z.literal('session.ended'), reason: SessionEndReasonSchema }),
  /** Video consultation: a centre message relayed as is (waiting, connected, signal, push, ...). */
  z.object({ type: z.literal('consult'), message: CentreToKioskSchema }),
  /** Video consultation: the core's socket to the centre went down or came back (the renderer restarts ICE on `online`). */
  z.object({ type: z.literal('consult.link'), state: z.enum(['online', 'offline']) }),
  /** Video consultation: a pushed document was printed (or not) at this kiosk. */
  z.object({ type: z.literal('consult.printed'), consultationId: z.string().uuid(), pushId: z.string().uuid(), title: z.string(), outcome: PrintOutcomeSchema }),
  /** Answer to the client's `ping`, so the renderer can tell a stalled socket from a quiet one. */
  z.object({ type: z.literal('pong') }),
]);
export type KioskEvent = z.infer<typeof KioskEventSchema>;

export const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), secret: z.string().min(16).max(256) }),
  z.object({ type: z.literal('ping') }),
]);
