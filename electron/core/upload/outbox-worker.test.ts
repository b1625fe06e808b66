import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { CommitRequest, CommitResponse } from '../../../domain/centre/protocol.ts';
import { silentLogger, type LogFields } from '../services/logger.ts';
import { openKioskStore, type KioskStore } from '../store/index.ts';
import { makeStoreDir, sampleInput, samplePerson } from '../store/testing.ts';
import { DEFAULT_BACKOFF } from './backoff.ts';
import type { CentreFailure } from './centre-client.ts';
import { createOutboxWorker, type OutboxWorkerDeps } from './outbox-worker.ts';
import type { AttachmentToUpload, AttachmentUploader } from './tus-uploader.ts';

const T0 = Date.UTC(2026, 10, 23, 6, 0, 0);
const stores: KioskStore[] = [];
afterEach(() => stores.splice(0).forEach((s) => s.close()));

const setup = (overrides: Partial<OutboxWorkerDeps> = {}) => {
  let clock = T0;
  const dir = makeStoreDir('outbox-worker-');
  const opened = openKioskStore({ ...dir, key: randomBytes(32), now: () => clock });
  if (!opened.ok) throw new Error(opened.error.code);
  const store = opened.value;
  stores.push(store);
  const input = sampleInput({ attachmentBytes: [randomBytes(3000), randomBytes(500)] });
  // The real service numbers signature pages from 1 too; the protocol requires page >= 1.
  input.attachments = input.attachments.map((a) => ({ ...a, page: Math.max(1, a.page) }));
  const submitted = store.submitApplication(input);
  if (!submitted.ok) throw new Error(submitted.error.code);

  const uploads: AttachmentToUpload[] = [];
  const uploader: AttachmentUploader = {
    upload: (a) => {
      uploads.push(a);
      return Promise.resolve(ok({ uploadUrl: `http://centre.test/api/kiosk/uploads/${a.attachmentId}` }));
    },
  };
  const commits: CommitRequest[] = [];
  let commitAnswer: () => Result<CommitResponse, CentreFailure> = () =>
    ok({ applicationId: input.applicationId, acceptanceNumber: 'FY2026-000001', receivedAt: '2026-11-23T14:00:00+08:00', replay: false });
  const logs: { event: string; fields?: LogFields }[] = [];
  const logger = { ...silentLogger, info: (event: string, fields?: LogFields) => logs.push({ event, fields }), warn: (event: string, fields?: LogFields) => logs.push({ event, fields }), error: (event: string, fields?: LogFields) => logs.push({ event, fields }) };
  let healthy = true;
  const worker = createOutboxWorker({
    store,
    uploader,
    centre: {
      commit: (request) => {
        commits.push(request);
        // The row must still be pending while the centre is answering.
        expect(store.getApplication(input.applicationId)?.acceptanceNumber).toBeNull();
        return Promise.resolve(commitAnswer());
      },
      health: () => Promise.resolve(healthy),
    },
    logger,
    now: () => clock,
    random: () => 0.5,
    ...overrides,
  });
  return {
    store,
    worker,
    input,
    uploads,
    commits,
    logs,
    advance: (ms: number) => (clock += ms),
    setCommit: (f: () => Result<CommitResponse, CentreFailure>) => (commitAnswer = f),
    setHealthy: (h: boolean) => (healthy = h),
  };
};

describe('outbox worker', () => {
  it('uploads every attachment, commits, and marks done with the acceptance number', async () => {
    const t = setup();
    const outcome = await t.worker.runOnce();
    expect(outcome).toEqual({ kind: 'done', applicationId: t.input.applicationId, acceptanceNumber: 'FY2026-000001' });
    expect(t.uploads.map((u) => u.bytes.length)).toEqual([3000, 500]);
    expect(t.commits).toHaveLength(1);
    const [commit] = t.commits;
    expect(commit?.attachments.map((a) => [a.kind, a.size])).toEqual([['material', 3000], ['signature', 500]]);
    expect(t.store.getApplication(t.input.applicationId)?.acceptanceNumber).toBe('FY2026-000001');
    expect(t.store.outboxStats().pending).toBe(0);
    expect(await t.worker.runOnce()).toEqual({ kind: 'idle' });
  });

  it('does not mark done when the commit has no answer; retries with jittered backoff', async () => {
    const t = setup();
    t.setCommit(() => err({ code: 'network' }));
    const first = await t.worker.runOnce();
    expect(first).toMatchObject({ kind: 'failed', code: 'network', permanent: false });
    // attempt 1, random 0.5: half of the 5 s base.
    expect(first.kind === 'failed' && first.nextAttemptAt - T0).toBe(2_500);
    expect(t.store.getApplication(t.input.applicationId)?.acceptanceNumber).toBeNull();
    expect(await t.worker.runOnce()).toEqual({ kind: 'idle' });
    t.advance(2_500);
    const second = await t.worker.runOnce();
    expect(second.kind === 'failed' && second.nextAttemptAt - (T0 + 2_500)).toBe(5_000);
    t.advance(5_000);
    t.setCommit(() => ok({ applicationId: t.input.applicationId, acceptanceNumber: 'FY2026-000009', receivedAt: 'x', replay: true }));
    expect(await t.worker.runOnce()).toMatchObject({ kind: 'done', acceptanceNumber: 'FY2026-000009' });
  });

  it('a commit whose answer was lost is committed again first: the replay answers and no byte is uploaded again', async () => {
    const t = setup();
    // The earlier attempt uploaded everything (the URLs stay stored until done) and lost the answer.
    const stored = t.store.getApplication(t.input.applicationId)!.attachments;
    for (const a of stored) t.store.saveUploadUrl(a.id, `http://centre.test/api/kiosk/uploads/${a.id}`);
    t.setCommit(() => ok({ applicationId: t.input.applicationId, acceptanceNumber: 'FY2026-000003', receivedAt: 'x', replay: true }));
    expect(await t.worker.runOnce()).toMatchObject({ kind: 'done', acceptanceNumber: 'FY2026-000003' });
    expect(t.uploads).toEqual([]);
    expect(t.commits.map((c) => c.attachments.map((a) => a.uploadUrl))).toEqual([stored.map((a) => `http://centre.test/api/kiosk/uploads/${a.id}`)]);
    expect(stored.map((a) => t.store.getUploadUrl(a.id))).toEqual([null, null]);
  });

  it('when the centre says an earlier upload is incomplete, the uploads resume and the commit follows', async () => {
    const t = setup();
    const stored = t.store.getApplication(t.input.applicationId)!.attachments;
    for (const a of stored) t.store.saveUploadUrl(a.id, `http://centre.test/api/kiosk/uploads/${a.id}`);
    let answers = 0;
    t.setCommit(() =>
      (answers += 1) === 1
        ? err({ code: 'upload_incomplete', status: 409 })
        : ok({ applicationId: t.input.applicationId, acceptanceNumber: 'FY2026-000004', receivedAt: 'x', replay: false }),
    );
    expect(await t.worker.runOnce()).toMatchObject({ kind: 'done', acceptanceNumber: 'FY2026-000004' });
    expect(t.uploads.map((u) => u.bytes.length)).toEqual([3000, 500]);
    expect(t.commits).toHaveLength(2);
  });

  it('treats conflict and invalid_input as permanent: long backoff, logged by code only', async () => {
    for (const code of ['conflict', 'invalid_input'] as const) {
      const t = setup();
      t.setCommit(() => err({ code, status: 409 }));
      const outcome = await t.worker.runOnce();
      expect(outcome).toMatchObject({ kind: 'failed', code, permanent: true });
      expect(outcome.kind === 'failed' && outcome.nextAttemptAt - T0).toBe(DEFAULT_BACKOFF.permanentMs);
      const line = JSON.stringify(t.logs);
      expect(line).toContain('upload.failed_permanently');
      expect(line).not.toContain(samplePerson.name);
      expect(line).not.toContain(samplePerson.idNumber);
    }
  });

  it('nudge makes rows waiting out a network backoff due again', async () => {
    const t = setup();
    t.setCommit(() => err({ code: 'network' }));
    await t.worker.runOnce();
    expect(await t.worker.runOnce()).toEqual({ kind: 'idle' });
    t.worker.nudge();
    expect(await t.worker.runOnce()).toMatchObject({ kind: 'failed', code: 'network' });
  });

  it('the loop polls the centre while offline and retries when it answers; stop waits', async () => {
    const sleeps: number[] = [];
    let wokeAfterHealth!: () => void;
    const healthBack = new Promise<void>((resolve) => (wokeAfterHealth = resolve));
    const t: ReturnType<typeof setup> = setup({
      healthPollMs: 15_000,
      sleep: (ms) => {
        sleeps.push(ms);
        t.advance(ms);
        // Third sleep: the centre comes back.
        if (sleeps.length === 2) {
          t.setHealthy(true);
          t.setCommit(() => ok({ applicationId: t.input.applicationId, acceptanceNumber: 'FY2026-000002', receivedAt: 'x', replay: false }));
        }
        if (sleeps.length >= 3) wokeAfterHealth();
        return new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    t.setHealthy(false);
    t.setCommit(() => err({ code: 'network' }));
    t.worker.start();
    await healthBack;
    await t.worker.stop();
    expect(sleeps.slice(0, 2)).toEqual([15_000, 15_000]);
    expect(t.store.getApplication(t.input.applicationId)?.acceptanceNumber).toBe('FY2026-000002');
    expect(t.commits.length).toBe(2);
  });

  it('hash_mismatch forgets the upload URLs so the next attempt uploads afresh', async () => {
    const t = setup();
    const [first] = t.store.getApplication(t.input.applicationId)!.attachments;
    t.store.saveUploadUrl(first!.id, 'http://centre.test/api/kiosk/uploads/old');
    t.setCommit(() => err({ code: 'hash_mismatch', status: 409 }));
    expect(await t.worker.runOnce()).toMatchObject({ kind: 'failed', code: 'hash_mismatch', permanent: false });
    expect(t.store.getUploadUrl(first!.id)).toBeNull();
  });

  it('a tampered attachment is a permanent local failure and nothing is committed', async () => {
    const t = setup();
    const store = t.store;
    const worker = createOutboxWorker({
      store: { ...store, readAttachment: () => err({ code: 'tampered' }) } as unknown as KioskStore,
      uploader: { upload: () => Promise.reject(new Error('must not upload')) },
      centre: { commit: () => Promise.reject(new Error('must not commit')), health: () => Promise.resolve(true) },
      logger: silentLogger,
      now: () => T0,
      random: () => 0,
    });
    expect(await worker.runOnce()).toMatchObject({ kind: 'failed', code: 'attachment_tampered', permanent: true });
  });
});
