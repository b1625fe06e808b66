/**
 * The wire protocol between a kiosk and the legal-aid centre (issue 5): device authentication,
 * enrolment, resumable uploads and the idempotent commit. Pure zod and string building, shared by
 * the kiosk core (electron/core/upload) and the centre server (center/server).
 *
 * Exactly-once (subsystems.md, "Upload"): attachments travel by tus (resumable); the application is
 * then committed with client-generated ids and each file's whole SHA-256, which the centre verifies
 * on the bytes it holds. A replayed commit returns the stored result; the kiosk marks its outbox row
 * done only after it has stored the centre's answer (the acceptance number).
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Device authentication: every kiosk request is signed with the kiosk's Ed25519 key (made by the
// kiosk at enrolment; the centre keeps only the public key). No shared secret exists.

export const KIOSK_AUTH_HEADERS = {
  kiosk: 'x-kiosk-id',
  /** Milliseconds since the epoch, as a decimal string. */
  time: 'x-kiosk-time',
  /** base64 Ed25519 signature of `signingString(...)`. */
  signature: 'x-kiosk-signature',
} as const;

/** Requests older or newer than this (by the centre's clock) are refused: limits replays. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * What the kiosk signs: the method, the path with its query, the time header and the hex SHA-256
 * of the body (of the empty string when there is none; tus PATCH bodies are signed the same way).
 */
export function signingString(method: string, pathWithQuery: string, time: string, bodySha256Hex: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${time}\n${bodySha256Hex}`;
}

const Uuid = z.string().uuid();
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const RegionCode = z.string().regex(/^\d{6}$/);

// ---------------------------------------------------------------------------------------------
// Enrolment: a technician types a one-time code from the console into the kiosk's wizard.

export const CENTRE_PATHS = {
  enrol: '/api/kiosk/enrol',
  heartbeat: '/api/kiosk/heartbeat',
  /** tus endpoint (creation, HEAD/PATCH on `<uploads>/<id>`). */
  uploads: '/api/kiosk/uploads',
  commit: '/api/kiosk/applications',
  health: '/api/health',
} as const;

export const EnrolRequestSchema = z
  .object({
    code: z.string().regex(/^[A-Z0-9]{8,16}$/),
    /** The kiosk's Ed25519 public key, SPKI DER, base64. */
    publicKey: z.string().min(40).max(200).regex(/^[A-Za-z0-9+/]+={0,2}$/),
    stationName: z.string().trim().min(1).max(60),
    regionCode: RegionCode,
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

export const EnrolResponseSchema = z.object({ kioskId: Uuid, centreName: z.string() });
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Uploads (tus 1.0.0): metadata the kiosk sends on creation.

export const UPLOAD_METADATA = ['applicationId', 'attachmentId', 'sha256', 'filetype'] as const;
/** The biggest single attachment the centre accepts (a document photo is ~0.5 MB). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Commit: one application with its attachments, idempotent by applicationId.

export const CommitAttachmentSchema = z
  .object({
    attachmentId: Uuid,
    kind: z.enum(['material', 'signature']),
    materialId: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/).nullable(),
    page: z.number().int().min(1).max(200),
    mime: z.enum(['image/jpeg', 'image/png']),
    sha256: Sha256Hex,
    size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
    /** The tus upload URL the bytes went to (the centre checks it is complete and matches). */
    uploadUrl: z.string().url().max(500),
  })
  .strict();
export type CommitAttachment = z.infer<typeof CommitAttachmentSchema>;

export const CommitRequestSchema = z
  .object({
    applicationId: Uuid,
    /** The kiosk's ApplicationRecord (domain/legal-aid/application.ts), validated again by the centre. */
    record: z.unknown(),
    attachments: z.array(CommitAttachmentSchema).max(100),
  })
  .strict();
export type CommitRequest = z.infer<typeof CommitRequestSchema>;

export const CommitResponseSchema = z.object({
  applicationId: Uuid,
  /** 受理编号: the centre's number, shown and printed by the kiosk from then on. */
  acceptanceNumber: z.string().min(1).max(40),
  receivedAt: z.string(),
  /** True when this applicationId had been committed before and the stored result is returned. */
  replay: z.boolean(),
});
export type CommitResponse = z.infer<typeof CommitResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Heartbeat: the kiosk's health, for the fleet page (online/offline, backlog, faults). No personal data.

const PrinterState = z.enum(['ready', 'offline', 'out_of_paper', 'error', 'missing']);
export const HeartbeatRequestSchema = z
  .object({
    version: z.string().max(40),
    uptimeSeconds: z.number().int().min(0),
    reader: z.enum(['disconnected', 'connecting', 'ready', 'reading', 'waiting_removal']),
    printers: z.object({ receipt: PrinterState, a4: PrinterState }).strict(),
    diskFreeBytes: z.number().int().min(0).nullable(),
    outbox: z.object({ pending: z.number().int().min(0), oldestCreatedAt: z.string().max(40).nullable() }).strict(),
  })
  .strict();
export type HeartbeatRequest = z.infer<typeof HeartbeatRequestSchema>;

export const CentreErrorCodeSchema = z.enum([
  'unauthorized', // missing or bad signature, unknown kiosk, clock skew; no or expired console session
  'forbidden', // signed in, but the role may not do this (or the CSRF header is missing)
  'not_found', // no such record (or not one this account may see)
  'stale', // a decision made on an outdated version of a case
  'revoked', // the kiosk was revoked in the console
  'invalid_input',
  'upload_incomplete', // an attachment's upload is missing or not finished
  'hash_mismatch', // the bytes at the centre do not have the SHA-256 the kiosk claims
  'conflict', // the applicationId was committed before with different content
  'too_large',
  'rate_limited',
  'internal',
]);
export type CentreErrorCode = z.infer<typeof CentreErrorCodeSchema>;
export const CentreErrorSchema = z.object({ error: z.object({ code: CentreErrorCodeSchema, message: z.string() }) });
