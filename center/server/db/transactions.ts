/**
 * Transactions that keep an invariant over several rows (e.g. "one administrator stays active":
 * read a count, then change a row the count covers). SQLite has one writer, so its transactions are
 * serializable anyway; PostgreSQL runs READ COMMITTED unless asked, and two such transactions could
 * each see the other's row unchanged. So these ask for SERIALIZABLE (SQLite's driver ignores the
 * setting) and run again when PostgreSQL aborts one of two conflicting transactions.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Transaction } from 'kysely';
import type { CentreDatabase } from './schema.ts';

/** PostgreSQL's serialization_failure and deadlock_detected: the work may simply run again. */
const RETRYABLE = new Set(['40001', '40P01']);

const isRetryable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && RETRYABLE.has(error.code);

export const serializableTransaction = async <T>(
  db: Kysely<CentreDatabase>,
  work: (trx: Transaction<CentreDatabase>) => Promise<T>,
  attempts = 10,
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      // A little jitter, so the same transactions do not collide again in lockstep.
      await sleep(Math.random() * 5 * attempt);
    }
  }
};
