import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CentreHttpError } from '../errors.ts';
import type { CentreDatabase } from './schema.ts';
import { serializableTransaction } from './transactions.ts';

/** A stand-in for Kysely's transaction builder that records the isolation level asked for. */
const fakeDb = (outcomes: Array<() => unknown>) => {
  const levels: string[] = [];
  let call = 0;
  const db = {
    transaction: () => ({
      setIsolationLevel: (level: string) => ({
        execute: async (work: (trx: unknown) => Promise<unknown>) => {
          levels.push(level);
          const outcome = outcomes[Math.min(call++, outcomes.length - 1)]!;
          return work(outcome());
        },
      }),
    }),
  } as unknown as Kysely<CentreDatabase>;
  return { db, levels, calls: () => call };
};

const pgError = (code: string) => Object.assign(new Error('could not serialize access'), { code });

describe('serializableTransaction', () => {
  it('asks for SERIALIZABLE and runs the work again after a serialization failure or deadlock', async () => {
    const { db, levels } = fakeDb([
      () => {
        throw pgError('40001');
      },
      () => {
        throw pgError('40P01');
      },
      () => 'trx',
    ]);
    await expect(serializableTransaction(db, async (trx) => `done with ${String(trx)}`)).resolves.toBe('done with trx');
    expect(levels).toEqual(['serializable', 'serializable', 'serializable']);
  });

  it('does not repeat work that failed for its own reasons (a refusal, a constraint)', async () => {
    const refusal = fakeDb([() => 'trx']);
    await expect(
      serializableTransaction(refusal.db, async () => {
        throw new CentreHttpError(409, 'conflict', 'no');
      }),
    ).rejects.toBeInstanceOf(CentreHttpError);
    expect(refusal.calls()).toBe(1);
    const unique = fakeDb([
      () => {
        throw pgError('23505');
      },
    ]);
    await expect(serializableTransaction(unique.db, async () => 1)).rejects.toMatchObject({ code: '23505' });
    expect(unique.calls()).toBe(1);
  });

  it('gives up after the allowed attempts', async () => {
    const { db, calls } = fakeDb([
      () => {
        throw pgError('40001');
      },
    ]);
    await expect(serializableTransaction(db, async () => 1, 3)).rejects.toMatchObject({ code: '40001' });
    expect(calls()).toBe(3);
  });
});
