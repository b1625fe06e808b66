/**
 * What the console reads and writes about video consultations after the call (issue 6): the
 * history (newest first, paged, by phase and date), one consultation in full (timeline, notes,
 * pushes with their print outcomes, referrals, recording), the lawyer's notes with an optimistic
 * version, and where a recording's bytes are.
 *
 * Visibility is decided here, once: a lawyer sees only the consultations they took; roles that may
 * read all consultations see every one. Anything else looks as if it did not exist (404).
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { can, type AccountRole } from '../../../domain/centre/console-api.ts';
import {
  MatterCategorySchema,
  PushSchema,
  RECORDING_MIME,
  ReferralSchema,
  PrintOutcomeSchema,
  type ConsultationDetail,
  type ConsultationList,
  type ConsultationListQuery,
  type ConsultationSummary,
} from '../../../domain/consult/protocol.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';

export interface ConsultationViewer {
  readonly id: string;
  readonly role: AccountRole;
}

type Db = Kysely<CentreDatabase>;
type Scope = ExpressionBuilder<CentreDatabase & { c: CentreDatabase['consultations'] }, 'c'>;

/** The object store's content address (storage/object-store.ts); the commit checks it is still so. */
export const recordingObjectKey = (sha256: string): string => `sha256/${sha256.slice(0, 2)}/${sha256}`;

const visibleTo = (viewer: ConsultationViewer) => (eb: Scope) =>
  can(viewer.role, 'readAllConsultations') ? eb.lit(true) : eb('c.lawyer_account_id', '=', viewer.id);

/** Midnight China time (UTC+8, no DST) of an IsoDate, as the UTC instant requested_at is stored in. */
const chinaMidnight = (isoDate: string, plusDays = 0): string => {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + plusDays) - 8 * 60 * 60_000).toISOString();
};

const summarySelect = (db: Db) =>
  db
    .selectFrom('consultations as c')
    .leftJoin('accounts as a', 'a.id', 'c.lawyer_account_id')
    .leftJoin('lawyer_profiles as p', 'p.account_id', 'c.lawyer_account_id')
    .selectAll('c')
    .select(['a.display_name as account_name', 'p.display_name as profile_name']);

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summarySelect>['executeTakeFirstOrThrow']>>;

const durationOf = (row: SummaryRow): number | null => {
  if (row.connected_at !== null && row.ended_at !== null) return Math.max(0, Date.parse(row.ended_at) - Date.parse(row.connected_at));
  return row.recording_duration_ms === null ? null : Number(row.recording_duration_ms);
};

const summaryOf = (row: SummaryRow): ConsultationSummary => ({
  consultationId: row.id,
  requestedAt: row.requested_at,
  matterCategory: MatterCategorySchema.parse(row.matter_category),
  station: { name: row.station_name, regionCode: row.region_code },
  phase: row.phase,
  lawyer:
    row.lawyer_account_id === null
      ? null
      : // The name citizens and staff know the lawyer by: the profile's, else the account's.
        { accountId: row.lawyer_account_id, displayName: row.profile_name ?? row.account_name ?? '' },
  answeredTier: row.answered_tier,
  answerMs: row.answer_ms === null ? null : Number(row.answer_ms),
  durationMs: durationOf(row),
  rating: row.rating === null ? null : Number(row.rating),
  hasRecording: row.recording_sha256 !== null,
});

/** The timeline's stored detail is JSON `{ lawyerIds?, detail? }`; the console shows the reason code. */
const timelineDetail = (json: string | null): string | undefined => {
  if (json === null) return undefined;
  const value: unknown = JSON.parse(json);
  const detail = value !== null && typeof value === 'object' ? (value as { detail?: unknown }).detail : undefined;
  return typeof detail === 'string' ? detail : undefined;
};

export interface StoredRecording {
  readonly objectKey: string;
  readonly bytes: number;
}

export interface ConsultationQueries {
  list(viewer: ConsultationViewer, query: ConsultationListQuery): Promise<ConsultationList>;
  /** The consultation in full if this viewer may see it, else null (the caller answers 404). */
  get(viewer: ConsultationViewer, consultationId: string): Promise<ConsultationDetail | null>;
  /** Saves the notes of the viewer's own consultation; a stale version is a 409, someone else's a 404. Returns the new version. */
  saveNotes(viewer: ConsultationViewer, consultationId: string, notes: string, version: number | undefined): Promise<number>;
  /** Where the recording of a consultation this viewer may see is, or null (no such consultation or no recording). */
  recording(viewer: ConsultationViewer, consultationId: string): Promise<StoredRecording | null>;
}

export const createConsultationQueries = (deps: { db: Db }): ConsultationQueries => {
  const { db } = deps;
  return {
    async list(viewer, query) {
      let scoped = db.selectFrom('consultations as c').where(visibleTo(viewer));
      if (query.phase !== undefined) scoped = scoped.where('c.phase', '=', query.phase);
      if (query.from !== undefined) scoped = scoped.where('c.requested_at', '>=', chinaMidnight(query.from));
      if (query.to !== undefined) scoped = scoped.where('c.requested_at', '<', chinaMidnight(query.to, 1));
      const page = await scoped.select('c.id').orderBy('c.requested_at', 'desc').orderBy('c.id', 'desc').limit(query.limit).offset(query.offset).execute();
      const ids = page.map((r) => r.id);
      const rows = ids.length === 0 ? [] : await summarySelect(db).where('c.id', 'in', ids).execute();
      const position = new Map(ids.map((id, i) => [id, i]));
      rows.sort((x, y) => (position.get(x.id) ?? 0) - (position.get(y.id) ?? 0));
      const total = Number((await scoped.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      return { items: rows.map(summaryOf), total };
    },

    async get(viewer, consultationId) {
      const row = await summarySelect(db).where('c.id', '=', consultationId).where(visibleTo(viewer)).executeTakeFirst();
      if (!row) return null;
      const [events, pushes, referrals] = await Promise.all([
        db.selectFrom('consultation_events').selectAll().where('consultation_id', '=', consultationId).orderBy('seq').execute(),
        db.selectFrom('consultation_pushes').selectAll().where('consultation_id', '=', consultationId).orderBy('at').orderBy('push_id').execute(),
        db.selectFrom('consultation_referrals').selectAll().where('consultation_id', '=', consultationId).orderBy('at').orderBy('id').execute(),
      ]);
      return {
        ...summaryOf(row),
        timeline: events.map((e) => {
          const detail = timelineDetail(e.detail);
          return { kind: e.kind, at: e.at, sinceRequestMs: Number(e.since_request_ms), ...(e.tier === null ? {} : { tier: e.tier }), ...(detail === undefined ? {} : { detail }) };
        }),
        notes: row.notes,
        notesVersion: Number(row.notes_version),
        pushes: pushes.map((p) => ({
          pushId: p.push_id,
          at: p.at,
          push: PushSchema.parse({ kind: p.kind, title: p.title, body: p.body, items: JSON.parse(p.items) as unknown }),
          outcome: p.outcome === null ? null : PrintOutcomeSchema.parse(p.outcome),
        })),
        referrals: referrals.map((r) => ({ at: r.at, referral: ReferralSchema.parse(JSON.parse(r.referral)) })),
        identityVerifiedByLawyer: Number(row.identity_verified_by_lawyer) === 1,
        recording:
          row.recording_sha256 === null
            ? null
            : { bytes: Number(row.recording_bytes ?? 0), durationMs: Number(row.recording_duration_ms ?? 0), mime: RECORDING_MIME },
      };
    },

    async saveNotes(viewer, consultationId, notes, version) {
      // Only the lawyer who took the call writes its notes; readers of all consultations only read.
      let update = db
        .updateTable('consultations')
        .set((eb) => ({ notes, notes_version: eb('notes_version', '+', 1) }))
        .where('id', '=', consultationId)
        .where('lawyer_account_id', '=', viewer.id);
      if (version !== undefined) update = update.where('notes_version', '=', version);
      const result = await update.returning('notes_version').executeTakeFirst();
      if (result) return Number(result.notes_version);
      const own = await db.selectFrom('consultations').select('id').where('id', '=', consultationId).where('lawyer_account_id', '=', viewer.id).executeTakeFirst();
      if (!own) throw new CentreHttpError(404, 'not_found', 'no such consultation');
      throw new CentreHttpError(409, 'stale', 'the notes have changed since you opened them; reload and write again');
    },

    async recording(viewer, consultationId) {
      const row = await db
        .selectFrom('consultations as c')
        .select(['c.recording_sha256', 'c.recording_bytes'])
        .where('c.id', '=', consultationId)
        .where(visibleTo(viewer))
        .executeTakeFirst();
      if (!row || row.recording_sha256 === null) return null;
      return { objectKey: recordingObjectKey(row.recording_sha256), bytes: Number(row.recording_bytes ?? 0) };
    },
  };
};
