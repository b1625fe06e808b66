/**
 * The consultations' lane of the outbox (store migration 003): one finished consultation at a time,
 * its recording uploaded by tus (metadata consultationId, sha256, filetype video/webm, resuming from
 * the centre's offset after a restart), then the idempotent commit (CONSULT_PATHS.commit).
 *
 * Commit first on a replay: when the recording's upload URL is known from an earlier attempt, the
 * commit is tried before sending any byte (if that attempt's commit reached the centre but the
 * answer was lost, the replay answers now). On the centre's answer the row is done and the local
 * recording is deleted at once: the copy of record (全程录音录像) now lives at the centre, which
 * verified its SHA-256, and video of a person should not sit on an unstaffed kiosk any longer
 * than needed. Failures go back with the upload backoff; the centre unreachable is retried as soon
 * as its health probe answers.
 *
 * Logs carry ids and codes only.
 */
import { RECORDING_MIME, type ConsultationCommit } from '../../../domain/consult/protocol.ts';
import { err, type Result } from '../../../domain/result.ts';
import type { Logger } from '../services/logger.ts';
import type { ConsultationStore, StoredConsultation } from '../store/consultation-store.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from '../upload/backoff.ts';
import type { CentreFailure } from '../upload/centre-client.ts';
import { createOutboxLoop, OFFLINE_FAILURES, PERMANENT_FAILURES, type UploadFailureCode } from '../upload/outbox-worker.ts';

type Failure = { code: UploadFailureCode | 'recording_missing' | 'recording_tampered' | 'recording_unreadable' };

export interface RecordingToUpload {
  consultationId: string;
  sha256: string;
  bytes: Buffer;
}

export interface ConsultationOutboxDeps {
  store: ConsultationStore;
  upload(recording: RecordingToUpload, signal: AbortSignal): Promise<Result<{ uploadUrl: string }, CentreFailure | { code: 'aborted' }>>;
  commit(body: ConsultationCommit): Promise<Result<{ consultationId: string; recordingStored: boolean }, CentreFailure>>;
  health(): Promise<boolean>;
  logger: Logger;
  now: () => number;
  random: () => number;
  sleep?: (ms: number, wake: AbortSignal) => Promise<void>;
  backoff?: BackoffPolicy;
  idlePollMs?: number;
  healthPollMs?: number;
}

export type ConsultationStep =
  | { kind: 'idle' }
  | { kind: 'done'; consultationId: string; recordingStored: boolean }
  | { kind: 'failed'; consultationId: string; code: Failure['code']; permanent: boolean; nextAttemptAt: number };

export interface ConsultationOutbox {
  start(): void;
  stop(): Promise<void>;
  nudge(): void;
  runOnce(): Promise<ConsultationStep>;
}

const PERMANENT_LOCAL: ReadonlySet<Failure['code']> = new Set(['recording_missing', 'recording_tampered']);
const RESTART_UPLOAD: ReadonlySet<Failure['code']> = new Set(['hash_mismatch', 'upload_incomplete']);

/** The commit body of a queued consultation; `uploadUrl` names its recording's upload. */
export const commitBody = (row: StoredConsultation, uploadUrl: string | null): ConsultationCommit => {
  const { recording } = row;
  return {
    consultationId: row.consultationId,
    startedAt: row.startedAt,
    endedAt: row.endedAt ?? row.startedAt,
    endReason: row.endReason ?? 'session_ended',
    rating: row.rating,
    recording:
      recording.state === 'sealed' && uploadUrl !== null && recording.sha256 !== null && recording.bytes !== null
        ? { uploadId: uploadUrl, sha256: recording.sha256, bytes: recording.bytes, durationMs: recording.durationMs ?? 0 }
        : null,
    printed: row.printed,
  };
};

export const createConsultationOutbox = (deps: ConsultationOutboxDeps): ConsultationOutbox => {
  const { store, logger, now, random } = deps;
  const policy = deps.backoff ?? DEFAULT_BACKOFF;

  const attempt = async (row: StoredConsultation): Promise<Result<{ recordingStored: boolean }, Failure>> => {
    const recorded = row.recording.state === 'sealed';
    if (!recorded) return deps.commit(commitBody(row, null));
    if (row.uploadUrl !== null) {
      const committed = await deps.commit(commitBody(row, row.uploadUrl));
      if (committed.ok || committed.error.code !== 'upload_incomplete') return committed;
      if (loop.stepSignal.aborted) return err({ code: 'aborted' });
    }
    const bytes = store.readRecording(row.consultationId);
    if (!bytes.ok) return err({ code: ({ missing: 'recording_missing', tampered: 'recording_tampered', io: 'recording_unreadable' } as const)[bytes.error.code] });
    const buffer = Buffer.from(bytes.value.buffer, bytes.value.byteOffset, bytes.value.byteLength);
    const sent = await deps.upload({ consultationId: row.consultationId, sha256: row.recording.sha256 as string, bytes: buffer }, loop.stepSignal);
    buffer.fill(0);
    if (!sent.ok) return sent;
    store.saveUploadUrl(row.consultationId, sent.value.uploadUrl);
    if (loop.stepSignal.aborted) return err({ code: 'aborted' });
    return deps.commit(commitBody(row, sent.value.uploadUrl));
  };

  const runOnce = async (): Promise<ConsultationStep> => {
    const row = store.outboxNext(now());
    if (!row) return { kind: 'idle' };
    let result: Result<{ recordingStored: boolean }, Failure>;
    try {
      result = await attempt(row);
    } catch (error) {
      logger.error('consult.upload_crashed', { consultationId: row.consultationId, name: error instanceof Error ? error.name : 'unknown' });
      result = err({ code: 'internal' });
    }
    if (result.ok) {
      store.markDone(row.consultationId);
      loop.setOffline(false);
      logger.info('consult.upload_done', { consultationId: row.consultationId, attempts: row.attempts, recordingStored: result.value.recordingStored });
      return { kind: 'done', consultationId: row.consultationId, recordingStored: result.value.recordingStored };
    }
    const { code } = result.error;
    const permanent = PERMANENT_FAILURES.has(code as UploadFailureCode) || PERMANENT_LOCAL.has(code);
    // The centre may hold wrong or no bytes: the next attempt starts the upload afresh.
    if (RESTART_UPLOAD.has(code)) store.saveUploadUrl(row.consultationId, null);
    const delay = code === 'aborted' ? 0 : permanent ? policy.permanentMs : backoffDelay(row.attempts, random, policy);
    const nextAttemptAt = now() + delay;
    store.markFailed(row.consultationId, code, nextAttemptAt);
    if ((OFFLINE_FAILURES as readonly string[]).includes(code)) loop.setOffline(true);
    const fields = { consultationId: row.consultationId, attempts: row.attempts, code, retryInMs: delay };
    if (permanent) logger.error('consult.upload_failed_permanently', fields);
    else logger.warn('consult.upload_failed', fields);
    return { kind: 'failed', consultationId: row.consultationId, code, permanent, nextAttemptAt };
  };

  const loop = createOutboxLoop(
    { step: runOnce, health: () => deps.health(), expedite: (at) => store.expedite(OFFLINE_FAILURES, at), nextDueAt: () => store.nextDueAt() },
    {
      logger,
      now,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.idlePollMs !== undefined ? { idlePollMs: deps.idlePollMs } : {}),
      ...(deps.healthPollMs !== undefined ? { healthPollMs: deps.healthPollMs } : {}),
      events: { reachable: 'consult.centre_reachable', stopped: 'consult.upload_worker_stopped' },
    },
  );

  return { runOnce, start: () => loop.start(), stop: () => loop.stop(), nudge: () => loop.nudge() };
};

/** The tus metadata of a recording (RECORDING_UPLOAD_METADATA). */
export const recordingMetadata = (r: RecordingToUpload): Record<'consultationId' | 'sha256' | 'filetype', string> => ({
  consultationId: r.consultationId,
  sha256: r.sha256,
  filetype: RECORDING_MIME,
});
