/**
 * Schema migrations, one transaction per version, applied in order at start. Written with Kysely's
 * schema builder and portable types so the same list runs on PostgreSQL.
 */
import { sql, type Kysely } from 'kysely';
import type { CentreDatabase } from './schema.ts';

// Migrations see the database as it was then, not as the current schema types say.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

interface Migration {
  readonly version: number;
  up(db: AnyDb): Promise<void>;
}

const migrations: readonly Migration[] = [
  {
    version: 1,
    async up(db) {
      await db.schema
        .createTable('kiosks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('public_key', 'text', (c) => c.notNull().unique())
        .addColumn('station_name', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_seen_at', 'text')
        .execute();
      await db.schema
        .createTable('enrolment_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('kiosk_id', 'text', (c) => c.references('kiosks.id'))
        .execute();
      await db.schema
        .createTable('applications')
        .addColumn('application_id', 'text', (c) => c.primaryKey())
        .addColumn('acceptance_number', 'text', (c) => c.notNull().unique())
        .addColumn('kiosk_id', 'text', (c) => c.notNull().references('kiosks.id'))
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('content_sha256', 'text', (c) => c.notNull())
        .addColumn('local_number', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('received')`))
        .execute();
      await db.schema.createIndex('applications_kiosk').on('applications').column('kiosk_id').execute();
      await db.schema
        .createTable('attachments')
        .addColumn('attachment_id', 'text', (c) => c.primaryKey())
        .addColumn('application_id', 'text', (c) => c.notNull().references('applications.application_id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('material_id', 'text')
        .addColumn('page', 'integer', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('object_key', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_application').on('attachments').column('application_id').execute();
      await db.schema
        .createTable('uploads')
        .addColumn('upload_id', 'text', (c) => c.primaryKey())
        .addColumn('kiosk_id', 'text', (c) => c.notNull().references('kiosks.id'))
        .addColumn('application_id', 'text', (c) => c.notNull())
        .addColumn('attachment_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('acceptance_sequences')
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last_value', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('acceptance_sequences_pk', ['region_code', 'year'])
        .execute();
    },
  },
  {
    // The kiosk's last reported health (fleet page): JSON of HeartbeatRequest, no personal data.
    version: 2,
    async up(db) {
      await db.schema.alterTable('kiosks').addColumn('health', 'text').execute();
      await db.schema.alterTable('kiosks').addColumn('health_at', 'text').execute();
    },
  },
  {
    // Issue 5: people (accounts, sessions), the review of each application (cases), the audit trail.
    // `applications` stays the immutable intake as the kiosk sent it; its placeholder status goes.
    version: 3,
    async up(db) {
      await db.schema.alterTable('applications').dropColumn('status').execute();
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'staff', 'lawyer', 'technician')`))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .execute();
      await db.schema
        .createTable('account_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('account_sessions_account').on('account_sessions').column('account_id').execute();
      await db.schema
        .createTable('cases')
        .addColumn('application_id', 'text', (c) => c.primaryKey().references('applications.application_id'))
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('received', 'materials_requested', 'granted', 'assigned', 'refused', 'withdrawn')`),
        )
        .addColumn('applicant_key', 'text')
        .addColumn('received_on', 'text', (c) => c.notNull())
        .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('deadline', 'text')
        .addColumn('supplement_days', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('decision_due_on', 'text', (c) => c.notNull())
        .addColumn('materials_requested_at', 'text')
        .addColumn('materials_due_on', 'text')
        .addColumn('requested_materials', 'text')
        .addColumn('materials_note', 'text')
        .addColumn('materials_received_at', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decided_by', 'text', (c) => c.references('accounts.id'))
        .addColumn('refusal_reasons', 'text')
        .addColumn('assignment_due_on', 'text')
        .addColumn('lawyer_id', 'text', (c) => c.references('accounts.id'))
        .addColumn('assigned_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.createIndex('cases_status').on('cases').columns(['status', 'decision_due_on']).execute();
      await db.schema.createIndex('cases_lawyer').on('cases').column('lawyer_id').execute();
      await db.schema.createIndex('cases_applicant').on('cases').column('applicant_key').execute();
      await db.schema
        .createTable('audit_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('account', 'kiosk', 'public', 'system')`))
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text')
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('audit_events_subject').on('audit_events').columns(['subject_kind', 'subject_id', 'at']).execute();
      await db.schema.createIndex('audit_events_at').on('audit_events').column('at').execute();
    },
  },
  {
    // The public status page finds an application by the kiosk's local number (unique per kiosk only).
    version: 4,
    async up(db) {
      await db.schema.createIndex('applications_local_number').on('applications').column('local_number').execute();
    },
  },
  {
    // The work list sorts by the running clock, then by arrival: with the arrival instant on the case
    // the sort needs no join to applications (whose rows carry the whole record).
    version: 5,
    async up(db) {
      await db.schema.alterTable('cases').addColumn('received_at', 'text').execute();
      await sql`update cases set received_at = (select a.received_at from applications a where a.application_id = cases.application_id)`.execute(db);
    },
  },
  {
    // 第四十条: someone who applied for another person checks the status with their own card too.
    // Cases made before this version have no agent key (the HMAC needs the centre's key, not SQL).
    version: 6,
    async up(db) {
      await db.schema.alterTable('cases').addColumn('agent_key', 'text').execute();
      await db.schema.createIndex('cases_agent').on('cases').column('agent_key').execute();
    },
  },
  {
    // Issue 6: video consultations. Lawyers' dispatch profiles; one row per consultation with its
    // outcome (who answered, from which tier, how fast), the per-request timeline for reporting,
    // what the lawyer pushed to the kiosk's printer and the referrals; the recording arrives with
    // the kiosk's commit (content-addressed in the object store).
    version: 7,
    async up(db) {
      await db.schema
        .createTable('lawyer_profiles')
        .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('organisation', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('region_codes', 'text', (c) => c.notNull())
        .addColumn('matter_categories', 'text', (c) => c.notNull())
        .addColumn('languages', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('consultations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kiosk_id', 'text', (c) => c.notNull().references('kiosks.id'))
        .addColumn('station_name', 'text', (c) => c.notNull())
        .addColumn('region_code', 'text', (c) => c.notNull())
        .addColumn('matter_category', 'text', (c) => c.notNull())
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('ringing', 'queued', 'connected', 'ended', 'cancelled')`))
        .addColumn('lawyer_account_id', 'text', (c) => c.references('accounts.id'))
        .addColumn('answered_tier', 'text')
        .addColumn('answer_ms', 'integer')
        .addColumn('connected_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('end_reason', 'text')
        .addColumn('identity_verified_by_lawyer', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('notes_version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('rating', 'integer')
        .addColumn('recording_sha256', 'text')
        .addColumn('recording_bytes', 'integer')
        .addColumn('recording_duration_ms', 'integer')
        .addColumn('committed_at', 'text')
        .addColumn('commit_sha256', 'text')
        .execute();
      await db.schema.createIndex('consultations_lawyer').on('consultations').columns(['lawyer_account_id', 'requested_at']).execute();
      await db.schema.createIndex('consultations_requested').on('consultations').column('requested_at').execute();
      await db.schema
        .createTable('consultation_events')
        .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('since_request_ms', 'integer', (c) => c.notNull())
        .addColumn('tier', 'text')
        .addColumn('detail', 'text')
        .addPrimaryKeyConstraint('consultation_events_pk', ['consultation_id', 'seq'])
        .execute();
      await db.schema
        .createTable('consultation_pushes')
        .addColumn('push_id', 'text', (c) => c.primaryKey())
        .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('pushed_by', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .execute();
      await db.schema.createIndex('consultation_pushes_consultation').on('consultation_pushes').column('consultation_id').execute();
      await db.schema
        .createTable('consultation_referrals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('consultation_id', 'text', (c) => c.notNull().references('consultations.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('referral', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('consultation_referrals_consultation').on('consultation_referrals').column('consultation_id').execute();
    },
  },
];

export const LATEST_SCHEMA_VERSION = migrations.at(-1)?.version ?? 0;

/** Applies every pending migration, each with its version row in one transaction. */
export const migrate = async (db: Kysely<CentreDatabase>, now: () => string): Promise<number[]> => {
  await db.schema
    .createTable('schema_migrations')
    .ifNotExists()
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('applied_at', 'text', (c) => c.notNull())
    .execute();
  const applied = new Set((await db.selectFrom('schema_migrations').select('version').execute()).map((r) => r.version));
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    await db.transaction().execute(async (trx) => {
      await migration.up(trx);
      await trx.insertInto('schema_migrations').values({ version: migration.version, applied_at: now() }).execute();
    });
    done.push(migration.version);
  }
  return done;
};
