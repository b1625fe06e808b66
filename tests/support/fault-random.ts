/**
 * A seeded source of randomness for fault-injection tests: the same seed gives the same choices
 * (which fault, when, how long), so a failing run can be replayed from the seed it printed.
 * SHA-256 over "seed:counter" is plenty for choosing faults and needs nothing beyond node:crypto.
 */
import { createHash, randomInt } from 'node:crypto';

export interface SeededRandom {
  readonly seed: string;
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(choices: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/** A fresh seed to print when none was given. */
export const newSeed = (): string => String(randomInt(1, 2 ** 31));

export const seededRandom = (seed: string): SeededRandom => {
  let counter = 0;
  const next = () => {
    const digest = createHash('sha256').update(`${seed}:${counter}`).digest();
    counter += 1;
    // 32 random bits scaled into [0, 1).
    return digest.readUInt32BE(0) / 2 ** 32;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: <T>(choices: readonly T[]): T => {
      if (choices.length === 0) throw new Error('nothing to pick from');
      return choices[int(0, choices.length - 1)] as T;
    },
    chance: (p) => next() < p,
  };
};
