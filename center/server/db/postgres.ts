/**
 * PostgreSQL for a production centre (and the tests' second database): the only PostgreSQL-specific
 * code. Everything above returns to the same `Kysely<CentreDatabase>` as sqlite.ts.
 *
 * The database should be created with `LC_COLLATE 'C'` (the test cluster is): text then compares
 * byte-wise as in SQLite, so ISO-8601 timestamps and every ORDER BY on text agree between the two.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { CentreDatabase } from './schema.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * count(*) and sum() come back as int8/numeric, which pg hands over as strings (they may exceed
 * 2^53). Our counts never do, and SQLite gives numbers: parse them here, for this pool only.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  /** Pool size: connections this centre may hold at once. */
  readonly maxConnections?: number;
}

export const openPostgresDatabase = (url: string, options: PostgresOptions = {}): Kysely<CentreDatabase> => {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    // Timestamps are ISO text we write ourselves; the session zone only matters for now() (unused).
    options: '-c TimeZone=UTC',
  });
  // An idle client losing its connection (server restart) must not crash the process; the pool
  // replaces it and the next query reports any lasting failure.
  pool.on('error', () => undefined);
  return new Kysely<CentreDatabase>({ dialect: new PostgresDialect({ pool }) });
};

/** True for a postgres:// or postgresql:// URL (how start.ts and the tests choose the database). */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//.test(value);
