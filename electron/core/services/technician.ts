import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';

export interface TechnicianOptions {
  readonly pin: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxAttempts?: number;
  readonly lockoutMs?: number;
  /** A technician page left alone expires like a citizen session. */
  readonly tokenIdleMs?: number;
}

/**
 * The technician entrance: a PIN from configuration, compared in constant time, with a lockout
 * after repeated failures (a kiosk stands in a public hall), and short-lived bearer tokens.
 */
export class TechnicianAccess {
  readonly #opts: Required<TechnicianOptions>;
  #failures = 0;
  #lockedUntil = 0;
  readonly #tokens = new Map<string, number>();

  constructor(opts: TechnicianOptions) {
    this.#opts = { maxAttempts: 5, lockoutMs: 5 * 60_000, tokenIdleMs: 10 * 60_000, ...opts };
  }

  unlock(pin: string): Result<string, 'wrong_pin' | 'locked_out'> {
    const now = this.#opts.clock.now();
    if (now < this.#lockedUntil) return err('locked_out');
    if (!sameSecret(pin, this.#opts.pin)) {
      this.#failures += 1;
      this.#opts.logger.warn('technician.wrong_pin', { failures: this.#failures });
      if (this.#failures >= this.#opts.maxAttempts) {
        this.#failures = 0;
        this.#lockedUntil = now + this.#opts.lockoutMs;
        return err('locked_out');
      }
      return err('wrong_pin');
    }
    this.#failures = 0;
    const token = randomBytes(24).toString('hex');
    this.#tokens.set(token, now);
    this.#opts.logger.info('technician.unlocked');
    return ok(token);
  }

  /** Valid tokens slide their expiry on use. */
  check(token: string): boolean {
    const now = this.#opts.clock.now();
    const last = this.#tokens.get(token);
    if (last === undefined) return false;
    if (now - last > this.#opts.tokenIdleMs) {
      this.#tokens.delete(token);
      return false;
    }
    this.#tokens.set(token, now);
    return true;
  }

  lock(token: string): void {
    this.#tokens.delete(token);
  }
}

/** Constant-time comparison of two secrets of any length (hash first so lengths match). */
export const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
