/**
 * Sends one attachment's bytes to the centre by tus (tus-js-client in Node), resumably: the upload
 * URL is kept in the kiosk store (`urlStorage`), so after a restart the upload continues at the
 * centre's offset (HEAD, then PATCH from there) and no byte is sent twice.
 *
 * Every tus request carries the kiosk's signature (protocol.ts). tus-js-client's `onBeforeRequest`
 * sees the request but not its body, so the signing happens in a wrapping `httpStack` whose
 * `send(body)` hashes the actual bytes: empty for POST/HEAD, the chunk for PATCH.
 */
import { DefaultHttpStack, DetailedError, Upload, type HttpRequest, type HttpResponse, type HttpStack, type PreviousUpload, type UrlStorage } from 'tus-js-client';
import { err, ok, type Result } from '../../../domain/result.ts';
import { CENTRE_PATHS, type UPLOAD_METADATA } from '../../../domain/centre/protocol.ts';
import type { DeviceIdentity } from './device-identity.ts';
import { failureFromStatus, type CentreFailure } from './centre-client.ts';

/** Where upload URLs are remembered; the kiosk store implements it (migration 002). */
export interface UploadUrlStore {
  getUploadUrl(attachmentId: string): { uploadUrl: string; createdAt: string } | null;
  saveUploadUrl(attachmentId: string, uploadUrl: string): void;
  forgetUploadUrl(attachmentId: string): void;
}

export interface AttachmentToUpload {
  applicationId: string;
  attachmentId: string;
  sha256: string;
  mime: string;
  bytes: Buffer;
}

export interface AttachmentUploader {
  /** Resolves with the upload URL once the centre holds all the bytes. */
  upload(attachment: AttachmentToUpload, signal?: AbortSignal): Promise<Result<{ uploadUrl: string }, CentreFailure | { code: 'aborted' }>>;
}

export interface TusUploaderOptions {
  baseUrl: string;
  identity: DeviceIdentity;
  urls: UploadUrlStore;
  /** Bytes per PATCH; a lost connection costs at most one chunk. */
  chunkSize?: number;
  /** The transport under the signing (default tus-js-client's Node stack); tests slow it down. */
  httpStack?: HttpStack;
}

export const DEFAULT_CHUNK_SIZE = 256 * 1024;

const FINGERPRINT_PREFIX = 'law-kiosk/attachment/';

/** The names are the protocol's; the compiler checks every one is set. */
type UploadMetadata = Record<(typeof UPLOAD_METADATA)[number], string>;

class SigningFailed extends Error {
  constructor(readonly code: 'not_enrolled') {
    super(code);
  }
}

/** A HEAD answer that must not make tus-js-client start a new upload (see onAfterResponse). */
class ResumeRefused extends Error {
  constructor(readonly status: number, readonly body: string) {
    super(`resume refused: ${status}`);
  }
}

const pathWithQuery = (url: string) => {
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
};

/** Wraps tus-js-client's Node stack: signs each request, body included, just before it is sent. */
export const signingHttpStack = (identity: DeviceIdentity, inner: HttpStack = new DefaultHttpStack({})): HttpStack => ({
  getName: () => `signing(${inner.getName()})`,
  createRequest(method, url) {
    const req = inner.createRequest(method, url);
    const wrapped: HttpRequest = {
      getMethod: () => req.getMethod(),
      getURL: () => req.getURL(),
      setHeader: (name, value) => req.setHeader(name, value),
      getHeader: (name) => req.getHeader(name),
      setProgressHandler: (handler) => req.setProgressHandler(handler),
      abort: () => req.abort(),
      getUnderlyingObject: () => req.getUnderlyingObject() as unknown,
      send(body: unknown): Promise<HttpResponse> {
        // In Node with a Buffer source every chunk is a Buffer (a Uint8Array); no body is null.
        if (body !== null && body !== undefined && !(body instanceof Uint8Array)) {
          return Promise.reject(new TypeError('only byte bodies can be signed'));
        }
        const signed = identity.sign({ method: req.getMethod(), pathWithQuery: pathWithQuery(req.getURL()), body: body ?? null });
        if (!signed.ok) return Promise.reject(new SigningFailed(signed.error.code));
        for (const [name, value] of Object.entries(signed.value)) req.setHeader(name, value);
        return req.send(body ?? null);
      },
    };
    return wrapped;
  },
});

/** tus-js-client's url storage over the store: one URL per attachment, keyed by its fingerprint. */
export const storeUrlStorage = (urls: UploadUrlStore): UrlStorage => {
  const idOf = (fingerprint: string) => (fingerprint.startsWith(FINGERPRINT_PREFIX) ? fingerprint.slice(FINGERPRINT_PREFIX.length) : null);
  return {
    findAllUploads: () => Promise.resolve([]),
    findUploadsByFingerprint(fingerprint) {
      const id = idOf(fingerprint);
      const row = id === null ? null : urls.getUploadUrl(id);
      const found: PreviousUpload[] = row
        ? [{ size: null, metadata: {}, creationTime: row.createdAt, urlStorageKey: fingerprint, uploadUrl: row.uploadUrl, parallelUploadUrls: null }]
        : [];
      return Promise.resolve(found);
    },
    removeUpload(key) {
      const id = idOf(key);
      if (id !== null) urls.forgetUploadUrl(id);
      return Promise.resolve();
    },
    addUpload(fingerprint, upload) {
      const id = idOf(fingerprint);
      if (id !== null && upload.uploadUrl) urls.saveUploadUrl(id, upload.uploadUrl);
      return Promise.resolve(fingerprint);
    },
  };
};

const failureOf = (error: unknown): CentreFailure => {
  if (error instanceof SigningFailed) return { code: error.code };
  if (error instanceof ResumeRefused) return failureFromStatus(error.status, error.body);
  if (error instanceof DetailedError) {
    const cause = error.causingError;
    if (cause instanceof SigningFailed) return { code: cause.code };
    if (cause instanceof ResumeRefused) return failureFromStatus(cause.status, cause.body);
    const res = error.originalResponse;
    if (res) return failureFromStatus(res.getStatus(), res.getBody() ?? '');
    return { code: 'network' };
  }
  // tus-js-client's own consistency errors (size mismatch and the like).
  return { code: 'internal' };
};

/** One file for tus: `key` names it for resuming (its URL is kept under it), `metadata` is sent at creation. */
export interface TusItem {
  key: string;
  metadata: Readonly<Record<string, string>>;
  bytes: Buffer;
}

export interface TusTarget {
  endpoint: string;
  httpStack: HttpStack;
  urlStorage: UrlStorage;
  chunkSize: number;
}

/** Sends one file by tus, resuming a known upload; resolves with the upload URL once the centre holds every byte. */
export const tusUpload = (target: TusTarget, item: TusItem, signal?: AbortSignal): Promise<Result<{ uploadUrl: string }, CentreFailure | { code: 'aborted' }>> => {
  if (signal?.aborted) return Promise.resolve(err({ code: 'aborted' }));
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Result<{ uploadUrl: string }, CentreFailure | { code: 'aborted' }>) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const upload = new Upload(item.bytes, {
      endpoint: target.endpoint,
      chunkSize: target.chunkSize,
      metadata: { ...item.metadata },
      uploadSize: item.bytes.length,
      fingerprint: () => Promise.resolve(`${FINGERPRINT_PREFIX}${item.key}`),
      urlStorage: target.urlStorage,
      storeFingerprintForResuming: true,
      // The URL is still needed for the commit; the worker forgets it after the commit.
      removeFingerprintOnSuccess: false,
      // Retries are the outbox worker's (backoff with jitter, across restarts).
      retryDelays: null,
      httpStack: target.httpStack,
      onAfterResponse(req, res) {
        // tus-js-client answers any failed resume HEAD by creating a new upload. That is right
        // when the upload is gone (404/410), but a 5xx, 401 or 429 says nothing about it: fail
        // instead and keep the URL, or the next attempt would send every byte again.
        const status = res.getStatus();
        if (req.getMethod() === 'HEAD' && status >= 300 && status !== 404 && status !== 410) {
          throw new ResumeRefused(status, res.getBody() ?? '');
        }
      },
      onSuccess: () => (upload.url ? settle(ok({ uploadUrl: upload.url })) : settle(err({ code: 'internal' }))),
      onError: (error) => settle(err(failureOf(error))),
    });
    const onAbort = () => {
      void upload.abort(false);
      settle(err({ code: 'aborted' }));
    };
    signal?.addEventListener('abort', onAbort);
    upload
      .findPreviousUploads()
      .then((previous) => {
        if (settled) return;
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      })
      .catch((error: unknown) => settle(err(failureOf(error))));
  });
};

export const createTusUploader = (opts: TusUploaderOptions): AttachmentUploader => {
  const target: TusTarget = {
    endpoint: new URL(CENTRE_PATHS.uploads, opts.baseUrl).toString(),
    httpStack: signingHttpStack(opts.identity, opts.httpStack),
    urlStorage: storeUrlStorage(opts.urls),
    chunkSize: opts.chunkSize ?? DEFAULT_CHUNK_SIZE,
  };
  return {
    upload(a, signal) {
      const metadata: UploadMetadata = { applicationId: a.applicationId, attachmentId: a.attachmentId, sha256: a.sha256, filetype: a.mime };
      return tusUpload(target, { key: a.attachmentId, metadata, bytes: a.bytes }, signal);
    },
  };
};
