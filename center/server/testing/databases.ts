/**
 * The databases the centre's suites run on: the embedded SQLite file always, and PostgreSQL when
 * CENTRE_TEST_PG_URL names a server (`npm test` starts one: scripts/postgres-test.mjs). Each test
 * centre gets its own fresh PostgreSQL database, made from that URL's connection and dropped on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Kysely } from 'kysely';
import type { CentreDatabase } from '../db/schema.ts';
import { openPostgresDatabase } from '../db/postgres.ts';

export type CentreDatabaseKind = 'sqlite' | 'postgres';

/** The test process's PostgreSQL URL (tests are a composition root of their own). */
export const testPostgresUrl = (): string | undefined => process.env.CENTRE_TEST_PG_URL || undefined;

/**
 * ['sqlite', 'postgres'], or ['sqlite'] without CENTRE_TEST_PG_URL. Under CI a missing URL is an
 * error, not a quiet halving of the suites.
 */
export const centreDatabases = (): CentreDatabaseKind[] => {
  if (testPostgresUrl()) return ['sqlite', 'postgres'];
  if (process.env.CI) throw new Error('CENTRE_TEST_PG_URL is not set: the centre suites must run on PostgreSQL too (npm test starts the test cluster)');
  process.stderr.write('CENTRE_TEST_PG_URL is not set: centre suites run on SQLite only (node scripts/postgres-test.mjs prints it)\n');
  return ['sqlite'];
};

export interface ScratchPostgres {
  readonly url: string;
  readonly db: Kysely<CentreDatabase>;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

const adminQuery = async (url: string, text: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
};

/** A new, empty database on the test server, with a pool open on it. */
export const createScratchPostgres = async (options: { maxConnections?: number } = {}): Promise<ScratchPostgres> => {
  const adminUrl = testPostgresUrl();
  if (!adminUrl) throw new Error('CENTRE_TEST_PG_URL is not set');
  // Our own name (lower-case hex): safe to place in the statement.
  const name = `centre_t_${randomBytes(6).toString('hex')}`;
  // template0 with C collation: byte-wise text comparison like SQLite, whatever the server default.
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = openPostgresDatabase(url.toString(), options);
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
};
