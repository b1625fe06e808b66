/**
 * The kiosk's idempotent commit of a finished video consultation (issue 6): the rating, the print
 * outcomes of the lawyer's pushes and the recording (全程录音录像) uploaded by tus.
 *
 * The consultation row exists already (the dispatcher made it when the kiosk asked for a lawyer) and
 * must belong to the signing kiosk; anything else is "no such consultation". The recording's upload
 * must be finished, made by this kiosk for this consultation, and its bytes (hashed here, not
 * trusted) must have the claimed size and SHA-256 and start like WebM. Then the bytes go to the
 * content-addressed object store and one transaction records the outcome with an audit row.
 * A replay with the same content gets the stored answer; other content under the same id is a
 * conflict. The conditional update (commit_sha256 still null) decides races.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Kysely } from 'kysely';
import { type ConsultationCommit } from '../../../domain/consult/protocol.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';
import type { CentreLogger } from '../logger.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { sha256OfFile } from '../storage/object-store.ts';
import type { UploadService } from '../storage/uploads.ts';
import type { AuditService } from './audit.ts';
import { canonicalJson } from './canonical-json.ts';
import { recordingObjectKey } from './consultation-queries.ts';

export interface ConsultationCommitResult {
  readonly consultationId: string;
  readonly recordingStored: boolean;
  /** True when this content had been committed before (the stored answer). */
  readonly replay: boolean;
}

export interface ConsultationCommitService {
  commit(kioskId: string, body: ConsultationCommit): Promise<ConsultationCommitResult>;
}

/** What identifies a commit's content: everything but the upload the bytes travelled through. */
const contentHash = (body: ConsultationCommit): string => {
  const recording = body.recording === null ? null : { sha256: body.recording.sha256, bytes: body.recording.bytes, durationMs: body.recording.durationMs };
  return createHash('sha256').update(canonicalJson({ ...body, recording })).digest('hex');
};

/** Every EBML file starts with the EBML element id. */
const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3]);
/** The DocType element (id 42 82) says which EBML format: Matroska files are "matroska", ours "webm". */
const DOCTYPE_ID = Buffer.from([0x42, 0x82]);
/** The EBML header is a few dozen bytes; the DocType sits inside it. */
const HEADER_BYTES = 64;

const firstBytes = async (file: string, count: number): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const part of createReadStream(file, { start: 0, end: count - 1 })) parts.push(part as Buffer);
  return Buffer.concat(parts);
};

/** EBML magic, then a DocType "webm" in the header (its one-byte size 0x80|length, as encoders write it). */
export const looksLikeWebm = (head: Buffer): boolean => {
  if (!head.subarray(0, EBML_MAGIC.length).equals(EBML_MAGIC)) return false;
  const docType = head.indexOf(DOCTYPE_ID, EBML_MAGIC.length);
  if (docType < 0) return false;
  const sizeByte = head[docType + DOCTYPE_ID.length] ?? 0;
  const length = sizeByte & 0x7f;
  if ((sizeByte & 0x80) === 0 || length < 4) return false;
  const start = docType + DOCTYPE_ID.length + 1;
  // Some writers pad the DocType with NUL bytes.
  return head.subarray(start, start + length).toString('latin1').replace(/\0+$/, '') === 'webm';
};

export const createConsultationCommitService = (deps: {
  db: Kysely<CentreDatabase>;
  uploads: UploadService;
  objects: ObjectStore;
  audit: AuditService;
  now: () => number;
  logger: CentreLogger;
}): ConsultationCommitService => {
  const { db } = deps;
  const notFound = () => new CentreHttpError(404, 'not_found', 'no such consultation at this kiosk');

  /** The consultation of this kiosk; its stored answer when already committed (or a conflict). */
  const current = async (kioskId: string, consultationId: string, hash: string) => {
    const row = await db
      .selectFrom('consultations')
      .select(['id', 'kiosk_id', 'commit_sha256', 'recording_sha256'])
      .where('id', '=', consultationId)
      .executeTakeFirst();
    if (!row || row.kiosk_id !== kioskId) throw notFound();
    if (row.commit_sha256 === null) return null;
    if (row.commit_sha256 !== hash) throw new CentreHttpError(409, 'conflict', 'this consultationId was committed before with different content');
    return { consultationId, recordingStored: row.recording_sha256 !== null, replay: true };
  };

  /** Checks the recording's upload and stores its bytes; returns nothing when there is none. */
  const storeRecording = async (kioskId: string, body: ConsultationCommit): Promise<void> => {
    const claimed = body.recording;
    if (claimed === null) return;
    const upload = await deps.uploads.finished(kioskId, claimed.uploadId);
    if (upload === 'missing' || upload === 'incomplete') throw new CentreHttpError(409, 'upload_incomplete', `recording: the upload is ${upload}`);
    if (upload.consultationId !== body.consultationId) throw new CentreHttpError(409, 'upload_incomplete', 'recording: the upload was made for something else');
    if (upload.size !== claimed.bytes || (await sha256OfFile(upload.file)) !== claimed.sha256) {
      throw new CentreHttpError(422, 'hash_mismatch', 'recording: the uploaded bytes do not have the claimed size and SHA-256');
    }
    if (!looksLikeWebm(await firstBytes(upload.file, HEADER_BYTES))) {
      throw new CentreHttpError(415, 'invalid_input', 'recording: the bytes are not a WebM video');
    }
    // Content-addressed and idempotent: an object stored before a failed transaction is harmless.
    const key = await deps.objects.putFile(claimed.sha256, upload.file);
    // Playback finds the object by its hash alone: the address scheme must be the one it assumes.
    if (key !== recordingObjectKey(claimed.sha256)) throw new Error('object store keys are not sha256/<2>/<hash>');
  };

  return {
    async commit(kioskId, body) {
      const hash = contentHash(body);
      const clearStaging = () => deps.uploads.removeForConsultation(kioskId, body.consultationId).catch(() => 0);
      const replay = await current(kioskId, body.consultationId, hash);
      if (replay) {
        await clearStaging();
        return replay;
      }
      try {
        await storeRecording(kioskId, body);
      } catch (error) {
        // A concurrent commit of the same id may have finished and emptied the staging meanwhile:
        // then its answer stands (a replay, or a conflict), not this attempt's missing upload.
        const raced = await current(kioskId, body.consultationId, hash);
        if (raced) return raced;
        throw error;
      }

      const committedAt = new Date(deps.now()).toISOString();
      const updated = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('consultations')
          .select(['phase', 'ended_at', 'end_reason', 'connected_at', 'lawyer_account_id'])
          .where('id', '=', body.consultationId)
          .executeTakeFirstOrThrow();
        const result = await trx
          .updateTable('consultations')
          .set({
            rating: body.rating,
            recording_sha256: body.recording?.sha256 ?? null,
            recording_bytes: body.recording?.bytes ?? null,
            recording_duration_ms: body.recording?.durationMs ?? null,
            committed_at: committedAt,
            commit_sha256: hash,
            // The dispatcher ends the call when it hears the hangup; if that was lost, the kiosk's
            // account of the end stands. A call still ringing or queued is the dispatcher's to settle.
            phase: row.phase === 'connected' ? 'ended' : row.phase,
            ended_at: row.ended_at ?? (row.phase === 'connected' || row.phase === 'ended' ? body.endedAt : null),
            end_reason: row.end_reason ?? (row.phase === 'connected' || row.phase === 'ended' ? body.endReason : null),
            connected_at: row.connected_at ?? (row.lawyer_account_id !== null ? body.startedAt : null),
          })
          .where('id', '=', body.consultationId)
          .where('kiosk_id', '=', kioskId)
          .where('commit_sha256', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return false;
        let printed = 0;
        for (const entry of body.printed) {
          const push = await trx
            .updateTable('consultation_pushes')
            .set({ outcome: entry.outcome })
            .where('push_id', '=', entry.pushId)
            .where('consultation_id', '=', body.consultationId)
            .executeTakeFirst();
          printed += Number(push.numUpdatedRows);
        }
        await deps.audit.record(
          {
            actor: { kind: 'kiosk', id: kioskId },
            action: 'consultation.committed',
            subjectKind: 'consultation',
            subjectId: body.consultationId,
            detail: { recording: body.recording !== null, recordingBytes: body.recording?.bytes ?? null, rated: body.rating !== null, printed, unknownPushes: body.printed.length - printed },
          },
          trx,
        );
        return true;
      });
      if (!updated) {
        // A concurrent commit of the same id won the race: answer as a replay (or a conflict).
        const raced = await current(kioskId, body.consultationId, hash);
        if (raced) return raced;
        throw new CentreHttpError(409, 'conflict', 'the consultation changed during the commit; retry');
      }
      deps.logger('info', 'consultation.committed', { consultationId: body.consultationId, kioskId, recording: body.recording !== null });
      await clearStaging();
      return { consultationId: body.consultationId, recordingStored: body.recording !== null, replay: false };
    },
  };
};
