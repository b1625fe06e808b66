/**
 * HTTP calls from the kiosk to the legal-aid centre (domain/centre/protocol.ts): enrolment, the
 * signed idempotent commit and the health probe. Uploads of the bytes are in tus-uploader.ts.
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
  /** True when the centre answers its health probe (used to notice that the network is back). */
  health(): Promise<boolean>;
  /** Signed report of the kiosk's health for the centre's fleet page. */
  heartbeat(body: HeartbeatRequest): Promise<Result<void, CentreFailure>>;
}

export interface CentreClientOptions {
  baseUrl: string;
  identity: DeviceIdentity;
  fetch?: FetchLike;
  timeoutMs?: number;
}

export const createCentreClient = (opts: CentreClientOptions): CentreClient => {
  const fetchFn: FetchLike = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    async commit(commitRequest) {
      // Sent as this exact text (UTF-8), so the signed hash is the hash of the bytes on the wire.
      const body = JSON.stringify(commitRequest);
      const url = new URL(CENTRE_PATHS.commit, opts.baseUrl);
      const signed = opts.identity.sign({ method: 'POST', pathWithQuery: url.pathname + url.search, body: Buffer.from(body, 'utf8') });
      if (!signed.ok) return signed;
      const res = await request(fetchFn, url.toString(), { method: 'POST', headers: { 'content-type': 'application/json', ...signed.value }, body }, timeoutMs);
      if (!res.ok) return res;
      const { status, text } = res.value;
      if (status !== 200 && status !== 201) return err(failureFromStatus(status, text));
      const answer = CommitResponseSchema.safeParse(parseJson(text));
      // An answer we cannot read, or for another application, is not an acknowledgement.
      if (!answer.success || answer.data.applicationId !== commitRequest.applicationId) return err({ code: 'internal', status });
      return ok(answer.data);
    },

    async heartbeat(heartbeat) {
      const body = JSON.stringify(heartbeat);
      const url = new URL(CENTRE_PATHS.heartbeat, opts.baseUrl);
      const signed = opts.identity.sign({ method: 'POST', pathWithQuery: url.pathname + url.search, body: Buffer.from(body, 'utf8') });
      if (!signed.ok) return signed;
      const res = await request(fetchFn, url.toString(), { method: 'POST', headers: { 'content-type': 'application/json', ...signed.value }, body }, timeoutMs);
      if (!res.ok) return res;
      return res.value.status === 200 ? ok(undefined) : err(failureFromStatus(res.value.status, res.value.text));
    },

    async health() {
      const res = await request(fetchFn, joinUrl(opts.baseUrl, CENTRE_PATHS.health), { method: 'GET', headers: {} }, Math.min(timeoutMs, 10_000));
      return res.ok && res.value.status === 200;
    },
  };
};
