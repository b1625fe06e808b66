/**
 * The idempotent commit (subsystems.md, "Upload"): one application with its attachments, keyed by
 * the kiosk's applicationId. Every attachment's upload must be finished, created by this kiosk for
 * this attachment, and its bytes (hashed here, not trusted) must have the claimed SHA-256. Then the
 * objects are stored (content-addressed, idempotent) and one transaction records the application,
 * its attachments and its acceptance number. A replay with the same content gets the stored answer;
 * the same id with different content is a conflict. Primary keys back this up under races.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { CommitAttachment, CommitRequest, CommitResponse } from '../../../domain/centre/protocol.ts';
import { ApplicationRecordSchema } from '../../../domain/legal-aid/application.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError, issuePaths } from '../errors.ts';
import type { CentreLogger } from '../logger.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { sha256OfFile } from '../storage/object-store.ts';
import type { UploadService } from '../storage/uploads.ts';
import { canonicalJson } from './canonical-json.ts';
import { newCaseRow } from './case-intake.ts';

export interface CommitService {
  commit(kioskId: string, request: CommitRequest): Promise<CommitResponse>;
}

/** Acceptance numbers count per region and calendar year in China Standard Time (UTC+8, no DST). */
const chinaYear = (ms: number) => new Date(ms + 8 * 60 * 60_000).getUTCFullYear();

/** What identifies the content of a commit: everything but where the bytes travelled (upload URLs). */
const contentHash = (request: CommitRequest): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        applicationId: request.applicationId,
        record: request.record,
        attachments: request.attachments.map(({ uploadUrl: _url, ...rest }) => rest),
      }),
    )
    .digest('hex');

const MAGIC: Record<CommitAttachment['mime'], Buffer> = {
  'image/jpeg': Buffer.from([0xff, 0xd8, 0xff]),
  'image/png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
};

const startsWith = async (file: string, magic: Buffer): Promise<boolean> => {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(head, 0, magic.length, 0);
    return bytesRead === magic.length && head.equals(magic);
  } finally {
    await handle.close();
  }
};

export const createCommitService = (deps: {
  db: Kysely<CentreDatabase>;
  uploads: UploadService;
  objects: ObjectStore;
  now: () => number;
  logger: CentreLogger;
  /** Keys the case to the applicant's ID number for the kiosk's status look-up (lookup-key.ts). */
  lookupKey: Buffer;
}): CommitService => {
  const { db } = deps;

  /** The stored answer for this id, or a conflict; null when the id is new. */
  const previous = async (kioskId: string, applicationId: string, hash: string): Promise<CommitResponse | null> => {
    const row = await db
      .selectFrom('applications')
      .select(['application_id', 'acceptance_number', 'received_at', 'kiosk_id', 'content_sha256'])
      .where('application_id', '=', applicationId)
      .executeTakeFirst();
    if (!row) return null;
    if (row.kiosk_id !== kioskId || row.content_sha256 !== hash) {
      throw new CentreHttpError(409, 'conflict', 'this applicationId was committed before with different content');
    }
    return { applicationId: row.application_id, acceptanceNumber: row.acceptance_number, receivedAt: row.received_at, replay: true };
  };

  return {
    async commit(kioskId, request) {
      const parsed = ApplicationRecordSchema.safeParse(request.record);
      if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `record: invalid fields: ${issuePaths(parsed.error.issues)}`);
      const ids = request.attachments.map((a) => a.attachmentId);
      if (new Set(ids).size !== ids.length) throw new CentreHttpError(400, 'invalid_input', 'attachmentIds must be distinct');

      const hash = contentHash(request);
      // Staged bytes of a committed application are never needed again; a kiosk that lost a commit
      // answer uploads afresh before its replay, and a crash mid-creation abandons uploads.
      const clearStaging = () => deps.uploads.removeForApplication(kioskId, request.applicationId).catch(() => 0);
      const replay = await previous(kioskId, request.applicationId, hash);
      if (replay) {
        await clearStaging();
        return replay;
      }
      if (ids.length > 0) {
        const taken = await db.selectFrom('attachments').select('attachment_id').where('attachment_id', 'in', ids).executeTakeFirst();
        if (taken) throw new CentreHttpError(409, 'conflict', 'an attachmentId belongs to another application');
      }

      // Check every upload before storing anything.
      const verified: { attachment: CommitAttachment; uploadId: string; file: string }[] = [];
      for (const [index, attachment] of request.attachments.entries()) {
        const upload = await deps.uploads.finished(kioskId, attachment.uploadUrl);
        if (upload === 'missing' || upload === 'incomplete') {
          throw new CentreHttpError(409, 'upload_incomplete', `attachments.${index}: the upload is ${upload}`);
        }
        if (upload.applicationId !== request.applicationId || upload.attachmentId !== attachment.attachmentId) {
          throw new CentreHttpError(409, 'upload_incomplete', `attachments.${index}: the upload was made for another attachment`);
        }
        if (upload.size !== attachment.size || (await sha256OfFile(upload.file)) !== attachment.sha256) {
          throw new CentreHttpError(422, 'hash_mismatch', `attachments.${index}: the uploaded bytes do not have the claimed SHA-256`);
        }
        if (!(await startsWith(upload.file, MAGIC[attachment.mime]))) {
          throw new CentreHttpError(400, 'invalid_input', `attachments.${index}: the bytes are not ${attachment.mime}`);
        }
        verified.push({ attachment, uploadId: upload.uploadId, file: upload.file });
      }
      // Content-addressed and idempotent: objects stored before a failed transaction are harmless.
      const keys = new Map<string, string>();
      for (const { attachment, file } of verified) keys.set(attachment.attachmentId, await deps.objects.putFile(attachment.sha256, file));

      const now = deps.now();
      const receivedAt = new Date(now).toISOString();
      const record = parsed.data;
      let response: CommitResponse;
      try {
        response = await db.transaction().execute(async (trx) => {
          const year = chinaYear(now);
          const sequence = await trx
            .insertInto('acceptance_sequences')
            .values({ region_code: record.centreCode, year, last_value: 1 })
            .onConflict((oc) => oc.columns(['region_code', 'year']).doUpdateSet((eb) => ({ last_value: eb('acceptance_sequences.last_value', '+', 1) })))
            .returning('last_value')
            .executeTakeFirstOrThrow();
          const acceptanceNumber = `${record.centreCode}-${year}-${String(sequence.last_value).padStart(6, '0')}`;
          await trx
            .insertInto('applications')
            .values({
              application_id: request.applicationId,
              acceptance_number: acceptanceNumber,
              kiosk_id: kioskId,
              record: JSON.stringify(record),
              content_sha256: hash,
              local_number: record.localNumber,
              received_at: receivedAt,
            })
            .execute();
          for (const { attachment } of verified) {
            await trx
              .insertInto('attachments')
              .values({
                attachment_id: attachment.attachmentId,
                application_id: request.applicationId,
                kind: attachment.kind,
                material_id: attachment.materialId,
                page: attachment.page,
                mime: attachment.mime,
                sha256: attachment.sha256,
                size: attachment.size,
                object_key: keys.get(attachment.attachmentId) as string,
              })
              .execute();
          }
          // The review starts with the application: same transaction, so a replay (which inserts
          // nothing) cannot make a second case and no application is ever without one.
          await trx.insertInto('cases').values(newCaseRow(request.applicationId, record, receivedAt, deps.lookupKey)).execute();
          return { applicationId: request.applicationId, acceptanceNumber, receivedAt, replay: false };
        });
      } catch (error) {
        // A concurrent commit of the same id won the race: answer as a replay (or a conflict).
        const raced = await previous(kioskId, request.applicationId, hash);
        if (raced) return raced;
        throw error;
      }
      deps.logger('info', 'application.committed', { kioskId, attachments: verified.length });
      // The bytes are in the object store now; the partial-upload area is only a staging place.
      await clearStaging();
      return response;
    },
  };
};
