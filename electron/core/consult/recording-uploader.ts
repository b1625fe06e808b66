/**
 * tus upload of a consultation's recording: the same signed, resuming upload as an application's
 * pages (upload/tus-uploader.ts), with the recording's metadata (RECORDING_UPLOAD_METADATA) and its
 * upload URL kept on the consultation's row, so a restart resumes at the centre's offset.
 */
import type { Result } from '../../../domain/result.ts';
import { CENTRE_PATHS } from '../../../domain/centre/protocol.ts';
import type { ConsultationStore } from '../store/consultation-store.ts';
import type { CentreFailure } from '../upload/centre-client.ts';
import type { DeviceIdentity } from '../upload/device-identity.ts';
import { signingHttpStack, storeUrlStorage, tusUpload, type TusTarget } from '../upload/tus-uploader.ts';
import type { Logger } from '../services/logger.ts';
import { createConsultationOutbox, recordingMetadata, type ConsultationOutbox, type ConsultationOutboxDeps, type RecordingToUpload } from './consultation-outbox.ts';
import type { ConsultCentre } from './consultation-service.ts';

/** Bytes per PATCH: a recording is large, and a lost connection costs at most this much (below the centre's MAX_ATTACHMENT_BYTES per request). */
export const RECORDING_CHUNK_BYTES = 4 * 1024 * 1024;

export const createRecordingUploader = (opts: {
  baseUrl: string;
  identity: DeviceIdentity;
  store: Pick<ConsultationStore, 'get' | 'saveUploadUrl'>;
  chunkSize?: number;
}): ((recording: RecordingToUpload, signal: AbortSignal) => Promise<Result<{ uploadUrl: string }, CentreFailure | { code: 'aborted' }>>) => {
  const { store } = opts;
  const target: TusTarget = {
    endpoint: new URL(CENTRE_PATHS.uploads, opts.baseUrl).toString(),
    httpStack: signingHttpStack(opts.identity),
    urlStorage: storeUrlStorage({
      getUploadUrl: (id) => {
        const url = store.get(id)?.uploadUrl ?? null;
        return url === null ? null : { uploadUrl: url, createdAt: '' };
      },
      saveUploadUrl: (id, url) => store.saveUploadUrl(id, url),
      forgetUploadUrl: (id) => store.saveUploadUrl(id, null),
    }),
    chunkSize: opts.chunkSize ?? RECORDING_CHUNK_BYTES,
  };
  return (recording, signal) => tusUpload(target, { key: recording.consultationId, metadata: recordingMetadata(recording), bytes: recording.bytes }, signal);
};

/** The consultations' outbox lane for one enrolled centre (wired by start.ts beside the application worker). */
export const createConsultationUploads = (opts: {
  baseUrl: string;
  identity: DeviceIdentity;
  store: ConsultationStore;
  client: { commitConsultation: ConsultationOutboxDeps['commit']; health(): Promise<boolean> };
  logger: Logger;
}): ConsultationOutbox =>
  createConsultationOutbox({
    store: opts.store,
    upload: createRecordingUploader({ baseUrl: opts.baseUrl, identity: opts.identity, store: opts.store }),
    commit: (body) => opts.client.commitConsultation(body),
    health: () => opts.client.health(),
    logger: opts.logger,
    now: () => Date.now(),
    random: Math.random,
  });

/** What a consultation needs of the enrolled centre: its URL, the device's signature and its health probe. */
export const consultCentre = (baseUrl: string, identity: DeviceIdentity, health: () => Promise<boolean>): ConsultCentre => ({
  baseUrl,
  sign: (pathWithQuery) => identity.sign({ method: 'GET', pathWithQuery, body: null }),
  health,
});
