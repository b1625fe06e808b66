/**
 * The records side of video consultations (issue 6), wired in one place so app.ts needs one call:
 * the kiosk's signed commit of a finished consultation, the console's history, detail, notes,
 * recording playback and push templates, and the lawyer-profile routes.
 *
 * The account hook (http/account-auth.ts) has checked the session, the CSRF header and the
 * capability; which consultations an account may see is decided again per row
 * (services/consultation-queries.ts).
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Capability } from '../../../domain/centre/console-api.ts';
import {
  CONSULT_PATHS,
  ConsultationCommitSchema,
  ConsultationListQuerySchema,
  MatterCategorySchema,
  NotesBodySchema,
  RECORDING_MIME,
} from '../../../domain/consult/protocol.ts';
import { loadPushTemplates, type PushTemplates } from '../consult-templates/load.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError, issuePaths } from '../errors.ts';
import { accountOf } from '../http/account-auth.ts';
import { kioskOf } from '../http/device-auth.ts';
import type { CentreLogger } from '../logger.ts';
import type { AuditService } from '../services/audit.ts';
import { createConsultationCommitService } from '../services/consultation-commit.ts';
import { createConsultationQueries } from '../services/consultation-queries.ts';
import { createLawyerProfileService } from '../services/lawyer-profiles.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { UploadService } from '../storage/uploads.ts';
import { registerLawyerProfileRoutes } from './lawyer-profiles.ts';

export interface ConsultationRecordDeps {
  readonly db: Kysely<CentreDatabase>;
  readonly audit: AuditService;
  readonly uploads: UploadService;
  readonly objects: ObjectStore;
  readonly now: () => number;
  readonly logger: CentreLogger;
  /** Default: the JSON templates in center/server/consult-templates. */
  readonly pushTemplates?: PushTemplates;
  /** The dispatcher's hook after a lawyer profile was saved (consult/dispatcher.ts profileChanged). */
  readonly profileChanged?: (accountId: string) => Promise<void> | void;
}

const READ: readonly Capability[] = ['consult', 'readAllConsultations'];
const IdParams = z.strictObject({ id: z.string().uuid() });
const TemplateQuery = z.strictObject({ matter: MatterCategorySchema.optional() });

const parse = <S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> => {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `invalid ${what}: ${issuePaths(parsed.error.issues)}`);
  return parsed.data;
};

const notFound = () => new CentreHttpError(404, 'not_found', 'no such consultation');

/** One byte range, inclusive, within a file of `size` bytes. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * An HTTP Range header (RFC 9110 §14) for one range of bytes: null means "send it all" (no header,
 * other units, several ranges or a malformed one may be ignored by a server), 'unsatisfiable' a 416.
 */
export const parseByteRange = (header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null => {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return end < start ? null : { start, end };
};

export const registerConsultationRecordRoutes = (app: FastifyInstance, deps: ConsultationRecordDeps): void => {
  const queries = createConsultationQueries({ db: deps.db });
  const commits = createConsultationCommitService({ db: deps.db, uploads: deps.uploads, objects: deps.objects, audit: deps.audit, now: deps.now, logger: deps.logger });
  const templates = deps.pushTemplates ?? loadPushTemplates();
  const profiles = createLawyerProfileService({ db: deps.db, audit: deps.audit, now: deps.now });
  registerLawyerProfileRoutes(app, { profiles, logger: deps.logger, ...(deps.profileChanged ? { profileChanged: deps.profileChanged } : {}) });

  app.post(CONSULT_PATHS.commit, { config: { auth: 'kiosk' } }, async (request, reply) => {
    const body = parse(ConsultationCommitSchema, request.body, 'fields');
    const { replay, ...answer } = await commits.commit(kioskOf(request), body);
    return reply.code(replay ? 200 : 201).send(answer);
  });

  const base = CONSULT_PATHS.consultations;
  const read = { config: { auth: 'account' as const, capability: READ } };

  app.get(base, read, async (request) => queries.list(accountOf(request), parse(ConsultationListQuerySchema, request.query, 'query')));

  app.get(`${base}/:id`, read, async (request) => {
    const { id } = parse(IdParams, request.params, 'path');
    const account = accountOf(request);
    const detail = await queries.get(account, id);
    if (!detail) throw notFound();
    await deps.audit.record({ actor: { kind: 'account', id: account.id }, action: 'consultation.viewed', subjectKind: 'consultation', subjectId: id });
    return detail;
  });

  app.put(`${base}/:id/notes`, { config: { auth: 'account', capability: 'consult' } }, async (request) => {
    const { id } = parse(IdParams, request.params, 'path');
    const body = parse(NotesBodySchema, request.body, 'fields');
    const account = accountOf(request);
    const version = await queries.saveNotes(account, id, body.notes, body.version);
    // The notes themselves may hold what the citizen told the lawyer: the audit keeps the version only.
    await deps.audit.record({ actor: { kind: 'account', id: account.id }, action: 'consultation.notes_saved', subjectKind: 'consultation', subjectId: id, detail: { version } });
    const detail = await queries.get(account, id);
    if (!detail) throw notFound();
    return detail;
  });

  app.get(`${base}/:id/recording`, { config: { auth: 'account', capability: 'playRecordings' } }, async (request, reply) => {
    const { id } = parse(IdParams, request.params, 'path');
    const account = accountOf(request);
    const recording = await queries.recording(account, id);
    if (!recording) throw new CentreHttpError(404, 'not_found', 'no recording for this consultation');
    const range = parseByteRange(request.headers.range, recording.bytes);
    // A <video> asks again for every seek; the play itself starts at byte 0 (or with no range). A
    // HEAD only asks about the file.
    if (request.method === 'GET' && (range === null || (range !== 'unsatisfiable' && range.start === 0))) {
      await deps.audit.record({ actor: { kind: 'account', id: account.id }, action: 'recording.played', subjectKind: 'consultation', subjectId: id });
    }
    // Inert: only ever the declared video type, never cached, never framed into anything that runs.
    void reply
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'same-origin')
      .header('content-disposition', 'inline; filename="consultation-recording.webm"')
      .header('accept-ranges', 'bytes');
    if (range === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${recording.bytes}`).send();
    }
    const file = deps.objects.pathOf(recording.objectKey);
    void reply.header('content-type', RECORDING_MIME);
    if (range === null) return reply.header('content-length', String(recording.bytes)).send(createReadStream(file));
    return reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${recording.bytes}`)
      .header('content-length', String(range.end - range.start + 1))
      .send(createReadStream(file, { start: range.start, end: range.end }));
  });

  app.get(CONSULT_PATHS.pushTemplates, { config: { auth: 'account', capability: 'consult' } }, async (request) => {
    const { matter } = parse(TemplateQuery, request.query, 'query');
    return { templates: templates.list(matter) };
  });
};
