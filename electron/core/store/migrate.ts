import type Database from 'better-sqlite3-multiple-ciphers';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { Migration } from './migrations/index.ts';

/**
 * Brings the schema to the newest version this code knows, one transaction per version (the
 * `user_version` bump is part of it, so a failed migration leaves the previous version intact).
 * A database written by newer code is refused, never touched: downgrading the software must not
 * reinterpret data it does not understand.
 */
export const migrate = (
  db: Database.Database,
  list: readonly Migration[],
): Result<{ from: number; to: number }, { code: 'newer_schema'; found: number; known: number }> => {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} must be version ${i + 1}`);
  });
  const known = list.length;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > known) return err({ code: 'newer_schema', found: from, known });
  for (const migration of list.slice(from)) {
    db.transaction(() => {
      db.exec(migration.sql);
      // Integer from our own list, not input: safe to inline (pragmas take no parameters).
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return ok({ from, to: known });
};
