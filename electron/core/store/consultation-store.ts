/**
 * Video consultations in the kiosk store (migration 003): the rows, the recording files and the
 * consultations' lane of the upload outbox.
 *
 * Recording files, in `<recordingsDir>`, never in plain text:
 *   <id>.spool  while the call is on: one record per recorder chunk, appended in seq order:
 *               seq u32 BE | length u32 BE | the chunk sealed like an attachment (attachment-cipher.ts,
 *               its own wrapped file key, context `recording/<id>/<seq>`, so a record moved to
 *               another place or another consultation does not open)
 *   <id>.rec    after the call: the whole WebM with its duration fixed, sealed as one attachment
 *               (context `recording/<id>`), written under .tmp and renamed
 * A crash mid-call leaves a spool whose last record may be torn: reading stops there.
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { EndReason, MatterCategory } from '../../../domain/consult/protocol.ts';
import { openAttachment, openAttachmentFrom, sealAttachment, sealAttachmentParts } from './attachment-cipher.ts';
import type { FileOps } from './file-ops.ts';
import { localTimestamp } from './local-time.ts';
import { storageFailure } from './open-database.ts';

export type PrintedPush = { pushId: string; outcome: 'completed' | 'queued' | 'failed' | 'printer_offline' | 'out_of_paper' };

export interface StoredConsultation {
  consultationId: string;
  matterCategory: string;
  startedAt: string;
  state: 'active' | 'pending' | 'uploading' | 'done';
  endedAt: string | null;
  endReason: EndReason | null;
  rating: number | null;
  printed: PrintedPush[];
  recording: { state: 'none' | 'spooling' | 'sealed' | 'deleted'; bytes: number | null; sha256: string | null; durationMs: number | null };
  uploadUrl: string | null;
  attempts: number;
}

export type AppendOutcome = { kind: 'written'; bytes: number } | { kind: 'duplicate'; bytes: number };
export type RecordingError = { code: 'unknown' | 'closed' | 'disk_full' | 'io' };

/** Turns the spooled WebM into the final one (duration fixed); null keeps it as it is. */
/** The final WebM as parts written one after the other (see webmDurationParts). */
export type FinalizeRecording = (webm: Uint8Array) => { parts: Uint8Array[]; durationMs: number } | null;

export interface FinishInput {
  consultationId: string;
  endedMs: number;
  endReason: EndReason;
  rating: number | null;
  /** The renderer's own count, used when the file cannot tell. */
  durationHintMs: number;
  finalize: FinalizeRecording;
}

export interface ConsultationStore {
  /** A new consultation, state active; `duplicate` when the id is known. */
  begin(input: { consultationId: string; matterCategory: MatterCategory; startedMs: number }): Result<void, { code: 'duplicate' | 'disk_full' | 'io' }>;
  get(consultationId: string): StoredConsultation | null;
  /** Appends one recorder chunk; a seq at or below the last written is a duplicate (ignored). Gaps are the caller's to log. */
  appendChunk(consultationId: string, seq: number, bytes: Uint8Array): Result<AppendOutcome & { gap: boolean }, RecordingError>;
  /** Highest seq written, or null. */
  lastSeq(consultationId: string): number | null;
  recordPrinted(consultationId: string, printed: PrintedPush): void;
  /**
   * Closes the call: seals the recording (finalised) and queues the row for the centre. Idempotent:
   * a consultation already queued answers `alreadyQueued`.
   */
  finish(input: FinishInput): Result<{ alreadyQueued: boolean; recordingBytes: number | null }, RecordingError>;
  /** Consultations still `active` (the core stopped during a call): to be finished at start. */
  interrupted(): string[];
  readRecording(consultationId: string): Result<Uint8Array, { code: 'missing' | 'tampered' | 'io' }>;
  outboxNext(now: number): StoredConsultation | null;
  markFailed(consultationId: string, errorCode: string, nextAttemptAt: number): void;
  /** The centre stored it: done, and the local recording goes (the copy of record is the centre's). */
  markDone(consultationId: string): void;
  saveUploadUrl(consultationId: string, uploadUrl: string | null): void;
  nextDueAt(): number | null;
  expedite(errorCodes: readonly string[], now: number): number;
  stats(): { pending: number };
  /** Closes open spool files (the store is closing). */
  closeAll(): void;
}

interface Row {
  consultation_id: string;
  matter_category: string;
  started_at: string;
  state: StoredConsultation['state'];
  ended_at: string | null;
  end_reason: EndReason | null;
  rating: number | null;
  printed: string;
  recording_state: StoredConsultation['recording']['state'];
  recording_bytes: number | null;
  recording_sha256: string | null;
  recording_duration_ms: number | null;
  upload_url: string | null;
  attempts: number;
}

const RECORD_HEADER_BYTES = 8;
/** A recorder chunk is 1 s of video: far below this; anything larger in a spool is damage. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

const toStored = (row: Row): StoredConsultation => ({
  consultationId: row.consultation_id,
  matterCategory: row.matter_category,
  startedAt: row.started_at,
  state: row.state,
  endedAt: row.ended_at,
  endReason: row.end_reason,
  rating: row.rating,
  printed: JSON.parse(row.printed) as PrintedPush[],
  recording: { state: row.recording_state, bytes: row.recording_bytes, sha256: row.recording_sha256, durationMs: row.recording_duration_ms },
  uploadUrl: row.upload_url,
  attempts: row.attempts,
});

interface OpenSpool {
  fd: number;
  length: number;
  lastSeq: number | null;
}

/**
 * Visits a spool's records in order, read one at a time from the file (never the whole file at
 * once), stopping at a torn or unreadable tail. `validBytes` is where the good records end. Each
 * record's plaintext is zeroed after the visit. A missing file has no records.
 */
export const visitSpool = (
  path: string,
  wrapKey: Uint8Array,
  consultationId: string,
  visit: (seq: number, bytes: Uint8Array) => void,
): { validBytes: number; lastSeq: number | null; fileBytes: number } => {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { validBytes: 0, lastSeq: null, fileBytes: 0 };
    throw error;
  }
  let at = 0;
  let lastSeq: number | null = null;
  let size = 0;
  try {
    size = fstatSync(fd).size;
    const header = Buffer.alloc(RECORD_HEADER_BYTES);
    while (at + RECORD_HEADER_BYTES <= size) {
      readSync(fd, header, 0, RECORD_HEADER_BYTES, at);
      const seq = header.readUInt32BE(0);
      const length = header.readUInt32BE(4);
      if (length > MAX_RECORD_BYTES || at + RECORD_HEADER_BYTES + length > size) break;
      const body = Buffer.alloc(length);
      readSync(fd, body, 0, length, at + RECORD_HEADER_BYTES);
      const opened = openAttachment(body, wrapKey, `recording/${consultationId}/${seq}`);
      if (!opened.ok) break;
      visit(seq, opened.value);
      opened.value.fill(0);
      lastSeq = seq;
      at += RECORD_HEADER_BYTES + length;
    }
  } finally {
    closeSync(fd);
  }
  return { validBytes: at, lastSeq, fileBytes: size };
};

/** The spool's recording as one buffer (the file's size bounds it: each record is larger than its plaintext). */
const joinSpool = (path: string, wrapKey: Uint8Array, consultationId: string): Buffer => {
  let target: Buffer | null = null;
  let written = 0;
  visitSpool(path, wrapKey, consultationId, (_seq, bytes) => {
    target ??= Buffer.alloc(statSync(path).size);
    written += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).copy(target, written);
  });
  return target === null ? Buffer.alloc(0) : (target as Buffer).subarray(0, written);
};

/** Opens a sealed file chunk by chunk: the sealed copy is never in memory as a whole. */
const openSealedFile = (path: string, wrapKey: Uint8Array, context: string): Result<Uint8Array, { code: 'tampered' }> => {
  const fd = openSync(path, constants.O_RDONLY);
  try {
    const read = (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const got = readSync(fd, buffer, 0, length, position);
      return buffer.subarray(0, got);
    };
    return openAttachmentFrom(read, fstatSync(fd).size, wrapKey, context);
  } finally {
    closeSync(fd);
  }
};

/** Writes `parts` sealed (attachment format) to a new file, fsync'd, without joining them first. */
const writeSealedDurable = (path: string, parts: readonly Uint8Array[], wrapKey: Uint8Array, context: string) => {
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    sealAttachmentParts(parts, wrapKey, context, (bytes) => {
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

const storageError = (error: unknown): RecordingError => ({ code: storageFailure(error) ?? 'io' });

export const createConsultationStore = (ctx: {
  db: Database.Database;
  dir: string;
  wrapKey: Uint8Array;
  files: FileOps;
  now: () => number;
  timeZone: string;
  /** Test seam: the write of a spool record (a test makes it fail with ENOSPC). */
  write?: (fd: number, buffer: Uint8Array, offset: number, length: number) => number;
}): ConsultationStore => {
  const { db, dir, wrapKey, files, now, timeZone } = ctx;
  const write = ctx.write ?? ((fd: number, buffer: Uint8Array, offset: number, length: number) => writeSync(fd, buffer, offset, length));
  const spoolPath = (id: string) => join(dir, `${id}.spool`);
  const finalPath = (id: string) => join(dir, `${id}.rec`);
  const stamp = (ms: number) => localTimestamp(ms, timeZone);
  const spools = new Map<string, OpenSpool>();

  const q = {
    insert: db.prepare(`INSERT INTO consultation (consultation_id, matter_category, started_at, started_ms) VALUES (?, ?, ?, ?)`),
    get: db.prepare<[string], Row>('SELECT * FROM consultation WHERE consultation_id = ?'),
    spooling: db.prepare(`UPDATE consultation SET recording_state = 'spooling' WHERE consultation_id = ? AND recording_state = 'none'`),
    printed: db.prepare(`UPDATE consultation SET printed = json_insert(printed, '$[#]', json(?)) WHERE consultation_id = ?`),
    finish: db.prepare(`
      UPDATE consultation SET state = 'pending', ended_at = @endedAt, end_reason = @endReason, rating = @rating,
        recording_state = @recordingState, recording_bytes = @bytes, recording_sha256 = @sha256, recording_duration_ms = @durationMs,
        next_attempt_at = @endedMs
      WHERE consultation_id = @id AND state = 'active'`),
    interrupted: db.prepare<[], string>(`SELECT consultation_id FROM consultation WHERE state = 'active'`).pluck(),
    due: db.prepare<[number], Row>(`SELECT * FROM consultation WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 1`),
    claim: db.prepare(`UPDATE consultation SET state = 'uploading', attempts = attempts + 1 WHERE consultation_id = ?`),
    failed: db.prepare(`UPDATE consultation SET state = 'pending', last_error_code = ?, next_attempt_at = ? WHERE consultation_id = ? AND state <> 'done'`),
    done: db.prepare(`
      UPDATE consultation SET state = 'done', done_at = ?, last_error_code = NULL, upload_url = NULL,
        recording_state = CASE recording_state WHEN 'sealed' THEN 'deleted' ELSE recording_state END,
        recording_sha256 = CASE recording_state WHEN 'sealed' THEN NULL ELSE recording_sha256 END
      WHERE consultation_id = ?`),
    uploadUrl: db.prepare('UPDATE consultation SET upload_url = ? WHERE consultation_id = ?'),
    nextDue: db.prepare<[], number | null>(`SELECT min(next_attempt_at) FROM consultation WHERE state = 'pending'`).pluck(),
    stats: db.prepare<[], number>(`SELECT count(*) FROM consultation WHERE state IN ('pending', 'uploading')`).pluck(),
  };
  // A step interrupted by a restart is simply tried again (the centre's commit is idempotent).
  db.prepare(`UPDATE consultation SET state = 'pending' WHERE state = 'uploading'`).run();

  const openSpool = (id: string): Result<OpenSpool, RecordingError> => {
    const known = spools.get(id);
    if (known) return ok(known);
    try {
      const fd = openSync(spoolPath(id), constants.O_RDWR | constants.O_CREAT | constants.O_APPEND, 0o600);
      // After a restart: carry on after the records already there (a torn tail is cut off).
      const { validBytes: length, lastSeq } = visitSpool(spoolPath(id), wrapKey, id, () => undefined);
      if (fstatSync(fd).size !== length) ftruncateSync(fd, length);
      const spool: OpenSpool = { fd, length, lastSeq };
      spools.set(id, spool);
      return ok(spool);
    } catch (error) {
      return err(storageError(error));
    }
  };

  const closeSpool = (id: string) => {
    const spool = spools.get(id);
    if (!spool) return;
    spools.delete(id);
    try {
      fsyncSync(spool.fd);
    } catch {
      // Reading the spool back tolerates a torn tail.
    }
    closeSync(spool.fd);
  };

  return {
    begin({ consultationId, matterCategory, startedMs }) {
      if (q.get.get(consultationId)) return err({ code: 'duplicate' });
      try {
        q.insert.run(consultationId, matterCategory, stamp(startedMs), startedMs);
        return ok(undefined);
      } catch (error) {
        const failure = storageFailure(error);
        if (failure) return err({ code: failure });
        throw error;
      }
    },

    get(consultationId) {
      const row = q.get.get(consultationId);
      return row ? toStored(row) : null;
    },

    appendChunk(consultationId, seq, bytes) {
      const row = q.get.get(consultationId);
      if (!row) return err({ code: 'unknown' });
      if (row.state !== 'active') return err({ code: 'closed' });
      const opened = openSpool(consultationId);
      if (!opened.ok) return opened;
      const spool = opened.value;
      if (spool.lastSeq !== null && seq <= spool.lastSeq) return ok({ kind: 'duplicate', bytes: spool.length, gap: false });
      const gap = seq !== (spool.lastSeq ?? -1) + 1;
      const sealed = sealAttachment(bytes, wrapKey, `recording/${consultationId}/${seq}`);
      const header = Buffer.alloc(RECORD_HEADER_BYTES);
      header.writeUInt32BE(seq, 0);
      header.writeUInt32BE(sealed.length, 4);
      const record = Buffer.concat([header, sealed]);
      try {
        let written = 0;
        while (written < record.length) written += write(spool.fd, record, written, record.length - written);
      } catch (error) {
        // Half a record must not stay: the next chunk would follow garbage.
        try {
          ftruncateSync(spool.fd, spool.length);
        } catch {
          // Reading stops at the torn record anyway.
        }
        return err(storageError(error));
      }
      if (row.recording_state === 'none') q.spooling.run(consultationId);
      spool.length += record.length;
      spool.lastSeq = seq;
      return ok({ kind: 'written', bytes: spool.length, gap });
    },

    lastSeq(consultationId) {
      return spools.get(consultationId)?.lastSeq ?? null;
    },

    recordPrinted(consultationId, printed) {
      q.printed.run(JSON.stringify(printed), consultationId);
    },

    finish(input) {
      const row = q.get.get(input.consultationId);
      if (!row) return err({ code: 'unknown' });
      if (row.state !== 'active') return ok({ alreadyQueued: true, recordingBytes: row.recording_bytes });
      closeSpool(input.consultationId);
      const spool = spoolPath(input.consultationId);
      let sealed: { bytes: number; sha256: string; durationMs: number } | null = null;
      try {
        const webm = joinSpool(spool, wrapKey, input.consultationId);
        if (webm.length > 0) {
          const fixed = input.finalize(webm);
          const parts = fixed ? fixed.parts : [webm];
          const durationMs = fixed ? fixed.durationMs : input.durationHintMs;
          const hash = createHash('sha256');
          let bytes = 0;
          for (const part of parts) {
            hash.update(part);
            bytes += part.length;
          }
          const temp = join(dir, `${input.consultationId}.rec.tmp`);
          files.remove(temp);
          writeSealedDurable(temp, parts, wrapKey, `recording/${input.consultationId}`);
          files.rename(temp, finalPath(input.consultationId));
          files.syncDirectory(dir);
          sealed = { bytes, sha256: hash.digest('hex'), durationMs };
          webm.fill(0);
        }
      } catch (error) {
        return err(storageError(error));
      }
      const endedMs = input.endedMs;
      q.finish.run({
        id: input.consultationId,
        endedAt: stamp(endedMs),
        endedMs,
        endReason: input.endReason,
        rating: input.rating,
        recordingState: sealed ? 'sealed' : 'none',
        bytes: sealed?.bytes ?? null,
        sha256: sealed?.sha256 ?? null,
        durationMs: sealed?.durationMs ?? null,
      });
      // After the row points at the sealed file: a crash in between leaves a spool to seal again.
      files.remove(spool);
      return ok({ alreadyQueued: false, recordingBytes: sealed?.bytes ?? null });
    },

    interrupted() {
      return q.interrupted.all();
    },

    readRecording(consultationId) {
      let opened: Result<Uint8Array, { code: 'tampered' }>;
      try {
        opened = openSealedFile(finalPath(consultationId), wrapKey, `recording/${consultationId}`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return err({ code: 'missing' });
        if (storageFailure(error)) return err({ code: 'io' });
        throw error;
      }
      if (!opened.ok) return opened;
      const row = q.get.get(consultationId);
      if (!row || opened.value.length !== row.recording_bytes || createHash('sha256').update(opened.value).digest('hex') !== row.recording_sha256) {
        return err({ code: 'tampered' });
      }
      return opened;
    },

    outboxNext(at) {
      return db.transaction((): StoredConsultation | null => {
        const row = q.due.get(at);
        if (!row) return null;
        q.claim.run(row.consultation_id);
        return toStored({ ...row, state: 'uploading', attempts: row.attempts + 1 });
      }).immediate();
    },

    markFailed(consultationId, errorCode, nextAttemptAt) {
      q.failed.run(errorCode, nextAttemptAt, consultationId);
    },

    markDone(consultationId) {
      q.done.run(stamp(now()), consultationId);
      files.remove(finalPath(consultationId));
      try {
        files.syncDirectory(dir);
      } catch {
        // The removal stands; durability of it is best effort.
      }
    },

    saveUploadUrl(consultationId, uploadUrl) {
      q.uploadUrl.run(uploadUrl, consultationId);
    },

    nextDueAt() {
      return q.nextDue.get() ?? null;
    },

    expedite(errorCodes, at) {
      if (errorCodes.length === 0) return 0;
      const marks = errorCodes.map(() => '?').join(', ');
      return db
        .prepare(`UPDATE consultation SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ? AND last_error_code IN (${marks})`)
        .run(at, at, ...errorCodes).changes;
    },

    stats() {
      return { pending: q.stats.get() ?? 0 };
    },

    closeAll() {
      for (const id of [...spools.keys()]) closeSpool(id);
    },
  };
};
