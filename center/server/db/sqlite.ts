/**
 * The embedded SQLite database (the default for `npm start`): the only SQLite-specific code.
 * postgres.ts is its sibling for PostgreSQL; everything above this layer is the same on both.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect } from 'kysely';
import type { CentreDatabase } from './schema.ts';

export const openSqliteDatabase = (file: string): Kysely<CentreDatabase> => {
  // Created 0600 before SQLite sees it: the file holds applicants' personal data.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  const database = new Database(file);
  // WAL: readers do not block the writer; NORMAL is durable across process crashes in WAL mode.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Kysely<CentreDatabase>({ dialect: new SqliteDialect({ database }) });
};
