/**
 * HTTP calls from the kiosk to the legal-aid centre (domain/centre/protocol.ts): enrolment, the
 * signed idempotent commit, the heartbeat, the citizen's status look-up and the health probe. Uploads of the bytes are in tus-uploader.ts.
 * Failures are values: a centre error code, `network` (no answer) or `not_enrolled`.
 */
import { err, ok, type Result } from '../../../domain/result.ts';
import {
  CENTRE_PATHS,
  CentreErrorSchema,
  CommitResponseSchema,
  EnrolRequestSchema,
  EnrolResponseSchema,
  type CentreErrorCode,
  type CommitRequest,
  type CommitResponse,
  type EnrolResponse,
  type HeartbeatRequest,
} from '../../../domain/centre/protocol.ts';
import { STATUS_PATHS, StatusLookupRequestSchema, StatusLookupResponseSchema, type CitizenStatus } from '../../../domain/centre/console-api.ts';
import { CONSULT_PATHS, ConsultationCommitResponseSchema, type ConsultationCommit } from '../../../domain/consult/protocol.ts';
import { ensureDeviceIdentity, type DeviceIdentity, type DeviceIdentityError } from './device-identity.ts';

export type CentreFailureCode = CentreErrorCode | 'network' | 'not_enrolled';
export type CentreFailure = { code: CentreFailureCode; status?: number };

export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

/** Default time a request may take before it counts as `network` (a hung centre must not stall the outbox). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** The centre's code from an error body, else a code from the HTTP status. */
export const failureFromStatus = (status: number, bodyText: string): CentreFailure => {
  try {
    const parsed = CentreErrorSchema.safeParse(JSON.parse(bodyText));
    if (parsed.success) return { code: parsed.data.error.code, status };
  } catch {
    // Not JSON (a proxy's page): fall back on the status.
  }
  // Not the centre's answer but a reverse proxy's (centre down) or a stopping server's: the centre
  // is unreachable, so the worker retries as soon as its health probe answers, not after a backoff.
  if (status === 502 || status === 503 || status === 504) return { code: 'network', status };
  const byStatus: Record<number, CentreErrorCode> = { 401: 'unauthorized', 403: 'revoked', 409: 'conflict', 413: 'too_large', 429: 'rate_limited' };
  if (byStatus[status]) return { code: byStatus[status], status };
  if (status >= 400 && status < 500) return { code: 'invalid_input', status };
  return { code: 'internal', status };
};

const joinUrl = (baseUrl: string, path: string) => new URL(path, baseUrl).toString();

const request = async (
  fetchFn: FetchLike,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<Result<{ status: number; text: string }, CentreFailure>> => {
  try {
    const res = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return ok({ status: res.status, text: await res.text() });
  } catch {
    return err({ code: 'network' });
  }
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** True when the centre answers its health probe (no identity needed: also before enrolment). */
export const checkHealth = async (baseUrl: string, opts: { fetch?: FetchLike; timeoutMs?: number } = {}): Promise<boolean> => {
  const res = await request(opts.fetch ?? (fetch as FetchLike), joinUrl(baseUrl, CENTRE_PATHS.health), { method: 'GET', headers: {} }, Math.min(opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 10_000));
  return res.ok && res.value.status === 200;
};

export interface EnrolInput {
  code: string;
  stationName: string;
  regionCode: string;
}

export interface EnrolOptions {
  /** Where the device key and kiosk id live (device-identity.ts). */
  identityDir: string;
  fetch?: FetchLike;
  now?: () => number;
  timeoutMs?: number;
}

export type EnrolFailure = CentreFailure | DeviceIdentityError | { code: 'invalid_enrolment_input' };

/**
 * Enrols the kiosk with a one-time code from the console: makes the key pair if there is none,
 * sends the public key, stores the kiosk id the centre answers with.
 */
export const enrol = async (baseUrl: string, input: EnrolInput, opts: EnrolOptions): Promise<Result<EnrolResponse, EnrolFailure>> => {
  const identity = ensureDeviceIdentity(opts.identityDir, opts.now ?? Date.now);
  if (!identity.ok) return identity;
  const body = EnrolRequestSchema.safeParse({ ...input, publicKey: identity.value.publicKey });
  if (!body.success) return err({ code: 'invalid_enrolment_input' });
  const res = await request(
    opts.fetch ?? (fetch as FetchLike),
    joinUrl(baseUrl, CENTRE_PATHS.enrol),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body.data) },
    opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  );
  if (!res.ok) return res;
  if (res.value.status !== 200 && res.value.status !== 201) return err(failureFromStatus(res.value.status, res.value.text));
  const answer = EnrolResponseSchema.safeParse(parseJson(res.value.text));
  if (!answer.success) return err({ code: 'internal', status: res.value.status });
  identity.value.setKioskId(answer.data.kioskId);
  return ok(answer.data);
};

export interface CentreClient {
  /** Signed POST of one application; the answer is validated and must name the same application. */
  commit(request: CommitRequest): Promise<Result<CommitResponse, CentreFailure>>;
  /** Signed POST of a finished video consultation (issue 6); the answer must name the same consultation. */
  commitConsultation(body: ConsultationCommit): Promise<Result<{ consultationId: string; recordingStored: boolean }, CentreFailure>>;
  /** True when the centre answers its health probe (used to notice that the network is back). */
  health(): Promise<boolean>;
  /** Signed report of the kiosk's health for the centre's fleet page. */
  heartbeat(body: HeartbeatRequest): Promise<Result<void, CentreFailure>>;
  /**
   * Signed look-up of one person's applications by the ID number of the card on the reader. The
   * number travels only in the signed body, never in the URL.
   */
  statusLookup(idNumber: string, opts?: { timeoutMs?: number }): Promise<Result<CitizenStatus[], CentreFailure>>;
}

export interface CentreClientOptions {
  baseUrl: string;
  identity: DeviceIdentity;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Told whenever a signed request was answered with success (the technician's "last sync"). */
  onAnswered?: () => void;
}

export const createCentreClient = (opts: CentreClientOptions): CentreClient => {
  const fetchFn: FetchLike = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  /** A signed JSON POST; 2xx answers count as contact with the centre. */
  const signedPost = async (path: string, value: unknown, ms = timeoutMs): Promise<Result<{ status: number; text: string }, CentreFailure>> => {
    // Sent as this exact text (UTF-8), so the signed hash is the hash of the bytes on the wire.
    const body = JSON.stringify(value);
    const url = new URL(path, opts.baseUrl);
    const signed = opts.identity.sign({ method: 'POST', pathWithQuery: url.pathname + url.search, body: Buffer.from(body, 'utf8') });
    if (!signed.ok) return signed;
    const res = await request(fetchFn, url.toString(), { method: 'POST', headers: { 'content-type': 'application/json', ...signed.value }, body }, ms);
    if (res.ok && res.value.status >= 200 && res.value.status < 300) opts.onAnswered?.();
    return res;
  };
  return {
    async commit(commitRequest) {
      const res = await signedPost(CENTRE_PATHS.commit, commitRequest);
      if (!res.ok) return res;
      const { status, text } = res.value;
      if (status !== 200 && status !== 201) return err(failureFromStatus(status, text));
      const answer = CommitResponseSchema.safeParse(parseJson(text));
      // An answer we cannot read, or for another application, is not an acknowledgement.
      if (!answer.success || answer.data.applicationId !== commitRequest.applicationId) return err({ code: 'internal', status });
      return ok(answer.data);
    },

    async commitConsultation(body) {
      const res = await signedPost(CONSULT_PATHS.commit, body);
      if (!res.ok) return res;
      const { status, text } = res.value;
      if (status !== 200 && status !== 201) return err(failureFromStatus(status, text));
      const answer = ConsultationCommitResponseSchema.safeParse(parseJson(text));
      if (!answer.success || answer.data.consultationId !== body.consultationId) return err({ code: 'internal', status });
      return ok(answer.data);
    },

    async heartbeat(heartbeat) {
      const res = await signedPost(CENTRE_PATHS.heartbeat, heartbeat);
      if (!res.ok) return res;
      return res.value.status === 200 ? ok(undefined) : err(failureFromStatus(res.value.status, res.value.text));
    },

    async statusLookup(idNumber, callOpts) {
      const body = StatusLookupRequestSchema.safeParse({ idNumber });
      if (!body.success) return err({ code: 'invalid_input' });
      const res = await signedPost(STATUS_PATHS.kioskLookup, body.data, callOpts?.timeoutMs ?? timeoutMs);
      if (!res.ok) return res;
      const { status, text } = res.value;
      if (status !== 200) return err(failureFromStatus(status, text));
      const answer = StatusLookupResponseSchema.safeParse(parseJson(text));
      return answer.success ? ok(answer.data.applications) : err({ code: 'internal', status });
    },

    health: () => checkHealth(opts.baseUrl, { fetch: fetchFn, timeoutMs }),
  };
};
