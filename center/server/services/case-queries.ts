/**
 * What the console reads about applications under review: the sorted work list and one case in
 * full. Visibility is decided here, once: staff and admins see every application, a lawyer only
 * those assigned to them (anything else looks as if it did not exist).
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { z } from 'zod';
import {
  CASE_STATUSES,
  type AccountRole,
  type ApplicationList,
  type ApplicationListQuery,
  type ApplicationSummary,
  type AttachmentInfo,
  type CaseStatus,
} from '../../../domain/centre/console-api.ts';
import { ApplicationRecordSchema, type ApplicationRecord } from '../../../domain/legal-aid/application.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { chinaDateOf, runningClock } from './case-clocks.ts';

export interface Viewer {
  readonly id: string;
  readonly role: AccountRole;
}

export interface CaseRow {
  readonly summary: ApplicationSummary;
  readonly record: ApplicationRecord;
  readonly caseRow: CentreDatabase['cases'];
  readonly decidedByName: string | null;
}

type Db = Kysely<CentreDatabase>;
type Scope = ExpressionBuilder<CentreDatabase & { c: CentreDatabase['cases'] }, 'c'>;

/** A lawyer's view is limited to their own cases; everyone else who may read sees all. */
const visibleTo = (viewer: Viewer) => (eb: Scope) => (viewer.role === 'lawyer' ? eb('c.lawyer_id', '=', viewer.id) : eb.lit(true));

const baseSelect = (db: Db) =>
  db
    .selectFrom('cases as c')
    .innerJoin('applications as a', 'a.application_id', 'c.application_id')
    .innerJoin('kiosks as k', 'k.id', 'a.kiosk_id')
    .leftJoin('accounts as l', 'l.id', 'c.lawyer_id')
    .leftJoin('accounts as d', 'd.id', 'c.decided_by')
    .selectAll('c')
    .select(['a.acceptance_number', 'a.local_number', 'a.record', 'k.station_name', 'l.display_name as lawyer_name', 'd.display_name as decided_by_name']);

type JoinedRow = Awaited<ReturnType<ReturnType<typeof baseSelect>['executeTakeFirstOrThrow']>>;

/** What the work list needs of a record: validated, but not the whole record on every row. */
const SummaryFieldsSchema = z.object({ applicant: z.object({ name: z.string() }), answers: z.object({ matterId: z.string() }) });

const summaryOf = (row: JoinedRow, fields: z.infer<typeof SummaryFieldsSchema>, today: string): ApplicationSummary => ({
  applicationId: row.application_id,
  acceptanceNumber: row.acceptance_number,
  localNumber: row.local_number,
  receivedAt: row.received_at,
  status: row.status,
  applicantName: fields.applicant.name,
  matterId: fields.answers.matterId,
  urgent: row.urgent === 1,
  deadline: row.deadline,
  clock: runningClock(row, today),
  stationName: row.station_name,
  lawyerName: row.lawyer_name,
});

const toCaseRow = (row: JoinedRow, today: string): CaseRow => {
  const { acceptance_number: _a, local_number: _l, record, station_name: _s, lawyer_name: _n, decided_by_name, ...caseRow } = row;
  const parsed = ApplicationRecordSchema.parse(JSON.parse(record));
  return { record: parsed, caseRow, decidedByName: decided_by_name, summary: summaryOf(row, parsed, today) };
};

export interface CaseQueries {
  list(viewer: Viewer, query: ApplicationListQuery): Promise<ApplicationList>;
  /** The case if this viewer may see it, else null (the caller answers 404 either way). */
  get(viewer: Viewer, applicationId: string): Promise<CaseRow | null>;
  attachments(applicationId: string): Promise<(AttachmentInfo & { objectKey: string })[]>;
}

export const createCaseQueries = (deps: { db: Db; now: () => number }): CaseQueries => {
  const { db } = deps;
  return {
    async list(viewer, query) {
      // Filtered and sorted on the cases table alone; only the page's rows are joined with their
      // records (a sort joined to applications measured about 4x slower at 10k cases on SQLite).
      let scoped = db.selectFrom('cases as c').where(visibleTo(viewer));
      if (query.status !== undefined) scoped = scoped.where('c.status', '=', query.status);
      if (query.number !== undefined) {
        const number = query.number;
        scoped = scoped.where('c.application_id', 'in', (eb) =>
          eb
            .selectFrom('applications as a')
            .select('a.application_id')
            .where((w) => w.or([w('a.acceptance_number', '=', number), w('a.local_number', '=', number)])),
        );
      }
      // The clock that runs now, as one expression: portable CASE instead of per-dialect NULLS LAST.
      const page = await scoped
        .select('c.application_id')
        .orderBy((eb) => eb.case().when(eb.and([eb('c.urgent', '=', 1), eb('c.status', 'in', ['received', 'materials_requested', 'granted'])])).then(0).else(1).end())
        .orderBy((eb) =>
          eb
            .case()
            .when('c.status', '=', 'received')
            .then(eb.ref('c.decision_due_on'))
            .when('c.status', '=', 'materials_requested')
            .then(eb.ref('c.materials_due_on'))
            .when('c.status', '=', 'granted')
            .then(eb.ref('c.assignment_due_on'))
            .else('9999-12-31')
            .end(),
        )
        .orderBy('c.received_at', 'asc')
        .orderBy('c.application_id', 'asc')
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      const ids = page.map((r) => r.application_id);
      const rows = ids.length === 0 ? [] : await baseSelect(db).where('c.application_id', 'in', ids).execute();
      const position = new Map(ids.map((id, i) => [id, i]));
      rows.sort((x, y) => (position.get(x.application_id) ?? 0) - (position.get(y.application_id) ?? 0));
      const total = Number((await scoped.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

      // Counts per status over everything the viewer may see (the console's tabs), not the filter.
      const grouped = await db
        .selectFrom('cases as c')
        .where(visibleTo(viewer))
        .select(['c.status', (eb) => eb.fn.countAll().as('n')])
        .groupBy('c.status')
        .execute();
      const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
      for (const g of grouped) counts[g.status] = Number(g.n);

      const today = chinaDateOf(deps.now());
      return { items: rows.map((row) => summaryOf(row, SummaryFieldsSchema.parse(JSON.parse(row.record)), today)), total, counts };
    },

    async get(viewer, applicationId) {
      const row = await baseSelect(db).where(visibleTo(viewer)).where('c.application_id', '=', applicationId).executeTakeFirst();
      return row ? toCaseRow(row, chinaDateOf(deps.now())) : null;
    },

    async attachments(applicationId) {
      const rows = await db
        .selectFrom('attachments')
        .select(['attachment_id', 'kind', 'material_id', 'page', 'mime', 'size', 'object_key'])
        .where('application_id', '=', applicationId)
        .orderBy('kind')
        .orderBy('material_id')
        .orderBy('page')
        .execute();
      return rows.map((r) => ({
        attachmentId: r.attachment_id,
        kind: r.kind,
        materialId: r.material_id,
        page: r.page,
        mime: r.mime,
        size: r.size,
        objectKey: r.object_key,
      }));
    },
  };
};
