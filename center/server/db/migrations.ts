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
