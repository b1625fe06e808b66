/**
 * The outbox worker (issue 5, subsystems.md "Upload"): takes one due outbox row at a time, uploads
 * each attachment by tus (resuming), commits the application and marks the row done only after the
 * centre's answer (the acceptance number) is stored. Failures go back to the outbox with a backoff;
 * a crash at any point leaves a row that the next start retries, and the commit is idempotent.
 *
 * Logs carry ids, counts and codes only: never the payload, never file contents.
 */
import { MAX_ATTACHMENT_BYTES, type CommitAttachment, type CommitRequest, type CommitResponse } from '../../../domain/centre/protocol.ts';
import type { Result } from '../../../domain/result.ts';
import type { Logger } from '../services/logger.ts';
import type { KioskStore, OutboxItem } from '../store/index.ts';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import type { CentreFailure, CentreFailureCode } from './centre-client.ts';
import type { AttachmentUploader } from './tus-uploader.ts';

export type LocalFailureCode = 'application_missing' | 'attachment_missing' | 'attachment_tampered' | 'attachment_unreadable' | 'aborted';
export type UploadFailureCode = CentreFailureCode | LocalFailureCode;

/** Retrying will not help: the long backoff, and a log line for the technician page. */
export const PERMANENT_FAILURES: ReadonlySet<UploadFailureCode> = new Set([
  'conflict',
  'invalid_input',
  'too_large',
  'revoked',
  'not_enrolled',
  'application_missing',
  'attachment_missing',
  'attachment_tampered',
]);

/** The centre may hold wrong or no bytes: the next attempt starts the uploads afresh. */
const RESTART_UPLOADS: ReadonlySet<UploadFailureCode> = new Set(['hash_mismatch', 'upload_incomplete']);

/** Failures that mean "the centre was unreachable": retried as soon as it answers again. */
export const OFFLINE_FAILURES: readonly UploadFailureCode[] = ['network'];

export type WorkerStore = Pick<
  KioskStore,
  | 'outboxNext'
  | 'markOutboxFailed'
  | 'markOutboxDone'
  | 'getApplication'
  | 'readAttachment'
  | 'getUploadUrl'
  | 'forgetUploadUrls'
  | 'outboxNextDueAt'
  | 'outboxExpedite'
>;

export interface WorkerCentre {
  commit(request: CommitRequest): Promise<Result<CommitResponse, CentreFailure>>;
  health(): Promise<boolean>;
}

export interface OutboxWorkerDeps {
  store: WorkerStore;
  uploader: AttachmentUploader;
  centre: WorkerCentre;
  logger: Logger;
  now: () => number;
  /** In [0, 1): the jitter. */
  random: () => number;
  /** Resolves after `ms` or as soon as `wake` aborts. Injected so tests control time. */
  sleep?: (ms: number, wake: AbortSignal) => Promise<void>;
  backoff?: BackoffPolicy;
  /** Longest sleep with nothing due (rows may arrive without a nudge). */
  idlePollMs?: number;
  /** How often the centre's health is probed while it is unreachable. */
  healthPollMs?: number;
}

export type StepOutcome =
  | { kind: 'idle' }
  | { kind: 'done'; applicationId: string; acceptanceNumber: string }
  | { kind: 'failed'; applicationId: string; code: UploadFailureCode; permanent: boolean; nextAttemptAt: number };

export interface OutboxWorker {
  start(): void;
  /** Stops the loop; an upload in flight is aborted and the step finishes before this resolves. */
  stop(): Promise<void>;
  /** Something changed (a submit, the network is back): look at the outbox now. */
  nudge(): void;
  /** One step (tests and the loop): claims at most one due row and takes it as far as it goes. */
  runOnce(): Promise<StepOutcome>;
}

export const defaultSleep = (ms: number, wake: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (wake.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      wake.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    wake.addEventListener('abort', done);
  });

type Failure = { code: UploadFailureCode };

/** One lane of the outbox (applications; video consultations), as the shared loop drives it. */
export interface OutboxLane {
  /** Takes at most one due row as far as it goes; `idle` when nothing was due. */
  step(): Promise<{ kind: string }>;
  health(): Promise<boolean>;
  /** Rows waiting out a network backoff become due `now`; returns how many. */
  expedite(now: number): number;
  /** When the next pending row falls due (epoch ms), or null. */
  nextDueAt(): number | null;
}

export interface OutboxLoop {
  start(): void;
  /** Stops the loop; the step in flight sees `stepSignal` aborted and finishes before this resolves. */
  stop(): Promise<void>;
  nudge(): void;
  readonly stepSignal: AbortSignal;
  /** A step found the centre unreachable (true) or reachable (false). */
  setOffline(offline: boolean): void;
}

export interface OutboxLoopOptions {
  logger: Logger;
  now: () => number;
  sleep?: (ms: number, wake: AbortSignal) => Promise<void>;
  idlePollMs?: number;
  healthPollMs?: number;
  /** Log event names: the centre answers again; the loop died of a bug. */
  events: { reachable: string; stopped: string };
}

/**
 * The loop around a lane's steps: sleeps until the next row is due (or a nudge), and while the
 * centre is unreachable probes its health instead of burning attempts, then makes the rows that
 * waited for the network due at once.
 */
export const createOutboxLoop = (lane: OutboxLane, opts: OutboxLoopOptions): OutboxLoop => {
  const { logger, now } = opts;
  const sleep = opts.sleep ?? defaultSleep;
  const idlePollMs = opts.idlePollMs ?? 60_000;
  const healthPollMs = opts.healthPollMs ?? 15_000;
  let running = false;
  let loop: Promise<void> | null = null;
  let wake = new AbortController();
  /** Aborts the step in flight on stop(). */
  let stepAbort = new AbortController();
  let offline = false;

  const pause = async (ms: number) => {
    await sleep(Math.max(0, ms), wake.signal);
    if (wake.signal.aborted) wake = new AbortController();
  };

  const run = async () => {
    while (running) {
      if (offline) {
        if (await lane.health()) {
          offline = false;
          const expedited = lane.expedite(now());
          logger.info(opts.events.reachable, { expedited });
        } else {
          await pause(healthPollMs);
          continue;
        }
      }
      const outcome = await lane.step();
      if (!running || outcome.kind !== 'idle') continue;
      const due = lane.nextDueAt();
      await pause(due === null ? idlePollMs : Math.min(due - now(), offline ? healthPollMs : idlePollMs));
    }
  };

  return {
    get stepSignal() {
      return stepAbort.signal;
    },
    setOffline(value) {
      offline = value;
    },
    start() {
      if (running) return;
      running = true;
      stepAbort = new AbortController();
      loop = run().catch((error: unknown) => {
        running = false;
        logger.error(opts.events.stopped, { name: error instanceof Error ? error.name : 'unknown' });
      });
    },
    async stop() {
      running = false;
      stepAbort.abort();
      wake.abort();
      await loop;
      loop = null;
    },
    nudge() {
      // Rows waiting out a network backoff are due now; the loop re-probes the centre if needed.
      lane.expedite(now());
      offline = false;
      wake.abort();
    },
  };
};

export const createOutboxWorker = (deps: OutboxWorkerDeps): OutboxWorker => {
  const { store, uploader, centre, logger, now, random } = deps;
  const policy = deps.backoff ?? DEFAULT_BACKOFF;

  /** Everything up to the commit answer; null error = done. */
  const attempt = async (item: OutboxItem): Promise<Result<CommitResponse, Failure>> => {
    const app = store.getApplication(item.applicationId);
    if (!app) return { ok: false, error: { code: 'application_missing' } };
    if (app.acceptanceNumber !== null) {
      // Acknowledged before (e.g. the row was reset after markOutboxDone's transaction? It cannot
      // be, but a stored answer is the answer): nothing to send.
      return { ok: true, value: { applicationId: app.applicationId, acceptanceNumber: app.acceptanceNumber, receivedAt: app.uploadedAt ?? '', replay: true } };
    }
    if (app.payload === null) return { ok: false, error: { code: 'application_missing' } };
    const describe = (a: (typeof app.attachments)[number], uploadUrl: string): CommitAttachment => ({
      attachmentId: a.id,
      kind: a.kind,
      materialId: a.materialId,
      page: a.page,
      mime: a.mime,
      sha256: a.sha256,
      size: a.byteLength,
      uploadUrl,
    });

    // Every attachment has an upload from an earlier attempt: commit first. If that attempt's
    // commit reached the centre but its answer was lost, the replay answers now, and no byte is
    // sent again (the centre cleared its staged copies when it committed). If an upload is still
    // incomplete, the centre says so and the uploads resume below.
    const earlier = app.attachments.map((a) => store.getUploadUrl(a.id)?.uploadUrl ?? null);
    if (app.attachments.length > 0 && earlier.every((url) => url !== null)) {
      const committed = await centre.commit({
        applicationId: app.applicationId,
        record: app.payload,
        attachments: app.attachments.map((a, i) => describe(a, earlier[i] as string)),
      });
      if (committed.ok || committed.error.code !== 'upload_incomplete') return committed;
      if (loop.stepSignal.aborted) return { ok: false, error: { code: 'aborted' } };
    }

    const attachments: CommitAttachment[] = [];
    for (const a of app.attachments) {
      if (a.byteLength > MAX_ATTACHMENT_BYTES) return { ok: false, error: { code: 'too_large' } };
      const bytes = store.readAttachment(a.id);
      if (!bytes.ok) {
        const code = ({ missing: 'attachment_missing', tampered: 'attachment_tampered', io: 'attachment_unreadable' } as const)[bytes.error.code];
        return { ok: false, error: { code } };
      }
      const sent = await uploader.upload(
        { applicationId: app.applicationId, attachmentId: a.id, sha256: a.sha256, mime: a.mime, bytes: Buffer.from(bytes.value.buffer, bytes.value.byteOffset, bytes.value.byteLength) },
        loop.stepSignal,
      );
      if (!sent.ok) return sent;
      attachments.push(describe(a, sent.value.uploadUrl));
    }
    if (loop.stepSignal.aborted) return { ok: false, error: { code: 'aborted' } };
    return centre.commit({ applicationId: app.applicationId, record: app.payload, attachments });
  };

  const runOnce = async (): Promise<StepOutcome> => {
    const item = store.outboxNext(now());
    if (!item) return { kind: 'idle' };
    let result: Result<CommitResponse, Failure>;
    try {
      result = await attempt(item);
    } catch (error) {
      // A programming error must not wedge the row in 'uploading' until the next restart.
      logger.error('upload.crashed', { outboxId: item.id, name: error instanceof Error ? error.name : 'unknown' });
      result = { ok: false, error: { code: 'internal' } };
    }
    if (result.ok) {
      store.markOutboxDone(item.applicationId, result.value.acceptanceNumber);
      store.forgetUploadUrls(item.applicationId);
      loop.setOffline(false);
      logger.info('upload.done', { outboxId: item.id, applicationId: item.applicationId, attempts: item.attempts, replay: result.value.replay });
      return { kind: 'done', applicationId: item.applicationId, acceptanceNumber: result.value.acceptanceNumber };
    }
    const { code } = result.error;
    const permanent = PERMANENT_FAILURES.has(code);
    if (RESTART_UPLOADS.has(code)) store.forgetUploadUrls(item.applicationId);
    // Stopping is not the centre's fault: due again at once, for the next start.
    const delay = code === 'aborted' ? 0 : permanent ? policy.permanentMs : backoffDelay(item.attempts, random, policy);
    const nextAttemptAt = now() + delay;
    store.markOutboxFailed(item.applicationId, code, nextAttemptAt);
    if (OFFLINE_FAILURES.includes(code)) loop.setOffline(true);
    const fields = { outboxId: item.id, applicationId: item.applicationId, attempts: item.attempts, code, retryInMs: delay };
    if (permanent) logger.error('upload.failed_permanently', fields);
    else logger.warn('upload.failed', fields);
    return { kind: 'failed', applicationId: item.applicationId, code, permanent, nextAttemptAt };
  };

  const loop = createOutboxLoop(
    {
      step: runOnce,
      health: () => centre.health(),
      expedite: (at) => store.outboxExpedite(OFFLINE_FAILURES, at),
      nextDueAt: () => store.outboxNextDueAt(),
    },
    {
      logger,
      now,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.idlePollMs !== undefined ? { idlePollMs: deps.idlePollMs } : {}),
      ...(deps.healthPollMs !== undefined ? { healthPollMs: deps.healthPollMs } : {}),
      events: { reachable: 'upload.centre_reachable', stopped: 'upload.worker_stopped' },
    },
  );

  return {
    runOnce,
    start: () => loop.start(),
    stop: () => loop.stop(),
    nudge: () => loop.nudge(),
  };
};
