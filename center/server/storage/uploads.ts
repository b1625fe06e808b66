/**
 * Resumable uploads (tus 1.0.0, @tus/server over @tus/file-store). Each upload is bound to the
 * kiosk that created it (a row in `uploads`); creation metadata must be exactly UPLOAD_METADATA and
 * well formed; lengths must be declared and at most MAX_ATTACHMENT_BYTES. Partial uploads expire
 * (tus expiration), and a periodic sweep removes expired and never-committed ones.
 *
 * tus gives no checksums, no deduplication and no exactly-once: the commit (services/commit.ts)
 * hashes the finished bytes itself and decides.
 *
 * Consultation recordings (issue 6) use the same endpoint with RECORDING_UPLOAD_METADATA, up to
 * MAX_RECORDING_BYTES, and only for a consultation of the uploading kiosk. Their `uploads` row keeps
 * the consultation id in application_id and RECORDING_ATTACHMENT in attachment_id: no application
 * attachment id is ever that word, so neither commit can take the other's upload.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { Kysely } from 'kysely';
import { CENTRE_PATHS, KIOSK_AUTH_HEADERS, MAX_ATTACHMENT_BYTES, UPLOAD_METADATA } from '../../../domain/centre/protocol.ts';
import { MAX_RECORDING_BYTES, RECORDING_UPLOAD_METADATA } from '../../../domain/consult/protocol.ts';
import type { CentreDatabase } from '../db/schema.ts';
import type { CentreLogger } from '../logger.ts';

/** Our upload ids: 32 hex digits, so an id is always a safe file name in the store's directory. */
const UPLOAD_ID = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const METADATA_FORMATS: Record<(typeof UPLOAD_METADATA)[number], RegExp> = {
  applicationId: UUID,
  attachmentId: UUID,
  sha256: /^[0-9a-f]{64}$/,
  filetype: /^image\/(jpeg|png)$/,
};
const RECORDING_METADATA_FORMATS: Record<(typeof RECORDING_UPLOAD_METADATA)[number], RegExp> = {
  consultationId: UUID,
  sha256: /^[0-9a-f]{64}$/,
  filetype: /^video\/webm$/,
};
/** attachment_id of a recording's `uploads` row (see the header); filetype must be RECORDING_MIME. */
export const RECORDING_ATTACHMENT = 'recording';

/** The keys of a tus Upload-Metadata header (`key base64,key base64`), sorted. */
const metadataKeys = (header: string | null): string =>
  (header ?? '')
    .split(',')
    .map((pair) => pair.trim().split(' ')[0] ?? '')
    .filter((key) => key !== '')
    .sort()
    .join(',');
const isRecordingCreation = (req: Request) => req.method === 'POST' && metadataKeys(req.headers.get('upload-metadata')) === [...RECORDING_UPLOAD_METADATA].sort().join(',');

export interface UploadOptions {
  /** Partial uploads older than this are removed (tus Upload-Expires). */
  readonly expirationMs: number;
  /** Finished uploads never committed are removed after this. */
  readonly orphanMs: number;
  readonly sweepEveryMs: number;
}

export const DEFAULT_UPLOAD_OPTIONS: UploadOptions = {
  expirationMs: 24 * 60 * 60_000,
  orphanMs: 7 * 24 * 60 * 60_000,
  sweepEveryMs: 60 * 60_000,
};

export interface FinishedUpload {
  readonly uploadId: string;
  readonly file: string;
  readonly size: number;
  readonly applicationId: string;
  readonly attachmentId: string;
  /** The consultation whose recording this is (attachmentId is then RECORDING_ATTACHMENT), else null. */
  readonly consultationId: string | null;
}

export interface UploadService {
  /** Answers one tus request from an authenticated kiosk (body already read and verified). */
  handle(kioskId: string, request: { method: string; url: string; headers: Headers; body: Buffer | undefined }): Promise<Response>;
  /** The finished upload at `uploadUrl` (or with that bare upload id) created by this kiosk, or why not. */
  finished(kioskId: string, uploadUrl: string): Promise<FinishedUpload | 'missing' | 'incomplete'>;
  remove(uploadId: string): Promise<void>;
  /**
   * Removes every upload this kiosk staged for the application (finished, partial or abandoned):
   * once it is committed none is needed, and a kiosk that crashed or lost an answer may have
   * started several for one attachment. Returns how many were removed.
   */
  removeForApplication(kioskId: string, applicationId: string): Promise<number>;
  /** The same for a consultation's recording uploads, once the consultation is committed. */
  removeForConsultation(kioskId: string, consultationId: string): Promise<number>;
  sweep(): Promise<number>;
  stop(): void;
}

/** The id in an upload URL, if it is one of ours (scheme and host are the kiosk's view: ignored). */
export const uploadIdFromUrl = (uploadUrl: string): string | null => {
  let pathname: string;
  try {
    pathname = new URL(uploadUrl).pathname;
  } catch {
    return null;
  }
  const prefix = `${CENTRE_PATHS.uploads}/`;
  if (!pathname.startsWith(prefix)) return null;
  const id = pathname.slice(prefix.length);
  return UPLOAD_ID.test(id) ? id : null;
};

const tusError = (status: number, message: string, code = status === 404 ? 'upload_incomplete' : 'invalid_input') => ({
  status_code: status,
  body: JSON.stringify({ error: { code, message } }),
});

export const createUploadService = (deps: {
  db: Kysely<CentreDatabase>;
  directory: string;
  now: () => number;
  logger: CentreLogger;
  options?: UploadOptions;
}): UploadService => {
  const options = deps.options ?? DEFAULT_UPLOAD_OPTIONS;
  const datastore = new FileStore({ directory: deps.directory, expirationPeriodInMilliseconds: options.expirationMs });
  const kioskOfRequest = (req: Request) => req.headers.get(KIOSK_AUTH_HEADERS.kiosk) ?? '';

  // The default in-memory locker is right for one process.
  const tusOptions: ConstructorParameters<typeof Server>[0] = {
    path: CENTRE_PATHS.uploads,
    datastore,
    // Per creation: recordings may be larger. Later requests carry no metadata, but the length is
    // fixed at creation (deferred lengths are refused), so the limit no longer matters then.
    maxSize: (req) => (isRecordingCreation(req) ? MAX_RECORDING_BYTES : MAX_ATTACHMENT_BYTES),
    namingFunction: () => randomUUID().replaceAll('-', ''),
    // Only our own ids reach the file store: nothing in a URL can name another path.
    getFileIdFromRequest: (req) => {
      const id = uploadIdFromUrl(req.url);
      return id ?? undefined;
    },
    async onUploadCreate(req, upload) {
      const metadata = upload.metadata ?? {};
      const keys = Object.keys(metadata).sort();
      if (keys.join(',') === [...RECORDING_UPLOAD_METADATA].sort().join(',')) return createRecording(req, upload);
      if (keys.join(',') !== [...UPLOAD_METADATA].sort().join(',')) throw tusError(400, `metadata must be exactly: ${UPLOAD_METADATA.join(', ')}`);
      for (const key of UPLOAD_METADATA) {
        const value = metadata[key];
        if (typeof value !== 'string' || !METADATA_FORMATS[key].test(value)) throw tusError(400, `metadata ${key} is malformed`);
      }
      if (upload.size === undefined || upload.size < 1) throw tusError(400, 'Upload-Length must be declared and positive');
      await deps.db
        .insertInto('uploads')
        .values({
          upload_id: upload.id,
          kiosk_id: kioskOfRequest(req),
          application_id: metadata.applicationId as string,
          attachment_id: metadata.attachmentId as string,
          created_at: new Date(deps.now()).toISOString(),
        })
        .execute();
      return {};
    },
    // HEAD, PATCH, DELETE (and POST, with the id about to be made): only the creating kiosk may touch an upload.
    async onIncomingRequest(req, id) {
      if (req.method === 'POST') return;
      const row = await deps.db.selectFrom('uploads').select('kiosk_id').where('upload_id', '=', id).executeTakeFirst();
      if (!row || row.kiosk_id !== kioskOfRequest(req)) throw tusError(404, 'no such upload');
    },
  };
  const createRecording = async (req: Request, upload: Parameters<NonNullable<typeof tusOptions.onUploadCreate>>[1]) => {
    const metadata = upload.metadata ?? {};
    for (const key of RECORDING_UPLOAD_METADATA) {
      const value = metadata[key];
      if (typeof value !== 'string' || !RECORDING_METADATA_FORMATS[key].test(value)) throw tusError(400, `metadata ${key} is malformed`);
    }
    if (upload.size === undefined || upload.size < 1) throw tusError(400, 'Upload-Length must be declared and positive');
    const consultationId = metadata.consultationId as string;
    const kioskId = kioskOfRequest(req);
    const own = await deps.db.selectFrom('consultations').select('id').where('id', '=', consultationId).where('kiosk_id', '=', kioskId).executeTakeFirst();
    if (!own) throw tusError(404, 'no such consultation at this kiosk', 'not_found');
    await deps.db
      .insertInto('uploads')
      .values({ upload_id: upload.id, kiosk_id: kioskId, application_id: consultationId, attachment_id: RECORDING_ATTACHMENT, created_at: new Date(deps.now()).toISOString() })
      .execute();
    return {};
  };
  const tus = new Server(tusOptions);

  const remove = async (uploadId: string) => {
    await datastore.remove(uploadId).catch(() => undefined);
    await deps.db.deleteFrom('uploads').where('upload_id', '=', uploadId).execute();
  };

  /** A kiosk's staged uploads for one application ('<>': its attachments) or consultation ('=': its recording). */
  const removeStaged = async (kioskId: string, ownerId: string, recording: '=' | '<>') => {
    const rows = await deps.db
      .selectFrom('uploads')
      .select('upload_id')
      .where('kiosk_id', '=', kioskId)
      .where('application_id', '=', ownerId)
      .where('attachment_id', recording, RECORDING_ATTACHMENT)
      .execute();
    for (const row of rows) await remove(row.upload_id);
    return rows.length;
  };

  const sweep = async () => {
    let removed = await tus.cleanUpExpiredUploads().catch(() => 0);
    const cutoff = new Date(deps.now() - options.expirationMs).toISOString();
    const old = await deps.db.selectFrom('uploads').select(['upload_id', 'created_at']).where('created_at', '<', cutoff).execute();
    const orphanCutoff = new Date(deps.now() - options.orphanMs).toISOString();
    for (const row of old) {
      const upload = await datastore.getUpload(row.upload_id).catch(() => null);
      const finished = upload !== null && upload.size !== undefined && upload.offset === upload.size;
      if (!finished || row.created_at < orphanCutoff) {
        await remove(row.upload_id);
        removed += 1;
      }
    }
    if (removed > 0) deps.logger('info', 'uploads.swept', { removed });
    return removed;
  };
  const timer = setInterval(() => void sweep().catch(() => deps.logger('warn', 'uploads.sweep_failed')), options.sweepEveryMs);
  timer.unref();

  return {
    async handle(kioskId, request) {
      const headers = new Headers(request.headers);
      headers.set(KIOSK_AUTH_HEADERS.kiosk, kioskId);
      // A Uint8Array view: what both Node's and the DOM's BodyInit accept.
      const body = request.body === undefined ? undefined : new Uint8Array(request.body);
      return tus.handleWeb(new Request(request.url, { method: request.method, headers, body }));
    },
    async finished(kioskId, uploadUrl) {
      const id = UPLOAD_ID.test(uploadUrl) ? uploadUrl : uploadIdFromUrl(uploadUrl);
      if (!id) return 'missing';
      const row = await deps.db.selectFrom('uploads').selectAll().where('upload_id', '=', id).executeTakeFirst();
      if (!row || row.kiosk_id !== kioskId) return 'missing';
      const upload = await datastore.getUpload(id).catch(() => null);
      if (!upload) return 'missing';
      if (upload.size === undefined || upload.offset !== upload.size) return 'incomplete';
      const consultationId = row.attachment_id === RECORDING_ATTACHMENT ? row.application_id : null;
      return { uploadId: id, file: join(deps.directory, id), size: upload.size, applicationId: row.application_id, attachmentId: row.attachment_id, consultationId };
    },
    remove,
    removeForApplication: (kioskId, applicationId) => removeStaged(kioskId, applicationId, '<>'),
    removeForConsultation: (kioskId, consultationId) => removeStaged(kioskId, consultationId, '='),
    sweep,
    stop: () => clearInterval(timer),
  };
};
