/**
 * The match decision: best of N live-frame descriptors against the ID-photo descriptor, a
 * configured threshold and a borderline band, and a bounded number of attempts. Only distances
 * leave this module (for the session record); descriptors stay in memory with the caller.
 */
import { descriptorDistance, type Descriptor } from './types.ts';

export interface MatchConfig {
  /** Distance at or below which the faces match (a calibration result: docs/face-calibration.md). */
  readonly threshold: number;
  /** Distances above threshold and at or below this are "verify another way", never a yes. */
  readonly borderline: number;
  /** Attempts (each with its best-of-N frames) before the person is sent the other way. */
  readonly maxAttempts: number;
}

export type MatchDecision = 'match' | 'borderline' | 'no_match';

/** Smallest distance over the live frames: the best-lit, most frontal frame speaks for the person. */
export const bestDistance = (photo: Descriptor, frames: readonly Descriptor[]): number | null => {
  let best: number | null = null;
  for (const frame of frames) {
    const d = descriptorDistance(photo, frame);
    if (best === null || d < best) best = d;
  }
  return best;
};

export const decide = (distance: number, config: MatchConfig): MatchDecision => {
  if (distance <= config.threshold) return 'match';
  if (distance <= config.borderline) return 'borderline';
  return 'no_match';
};

export const assertMatchConfig = (config: MatchConfig): void => {
  if (!(config.threshold > 0) || !(config.borderline >= config.threshold)) {
    throw new RangeError('face match config: need 0 < threshold <= borderline');
  }
  if (!Number.isInteger(config.maxAttempts) || config.maxAttempts < 1) throw new RangeError('face match config: maxAttempts >= 1');
};

/**
 * What to do after an attempt:
 *  - 'verified': match.
 *  - 'retry': no usable frame or no match, attempts remain.
 *  - 'alternative': borderline (at once: a near miss is not evidence either way, so the person is
 *    offered the lawyer or the counter rather than coaxed into more tries), or attempts used up.
 */
export type MatchOutcome = 'verified' | 'retry' | 'alternative';

export interface AttemptResult {
  readonly attempt: number;
  /** null when no live frame yielded a descriptor. */
  readonly distance: number | null;
  readonly decision: MatchDecision | null;
  readonly outcome: MatchOutcome;
  readonly attemptsLeft: number;
}

export class MatchAttempts {
  private attempts = 0;
  private finished = false;

  constructor(private readonly config: MatchConfig) {
    assertMatchConfig(config);
  }

  get attemptsUsed(): number {
    return this.attempts;
  }

  /** Scores one attempt; throws once the outcome is final so a caller bug cannot buy extra tries. */
  record(photo: Descriptor, frames: readonly Descriptor[]): AttemptResult {
    if (this.finished) throw new Error('face match already decided');
    this.attempts += 1;
    const distance = bestDistance(photo, frames);
    const decision = distance === null ? null : decide(distance, this.config);
    const attemptsLeft = this.config.maxAttempts - this.attempts;
    let outcome: MatchOutcome;
    if (decision === 'match') outcome = 'verified';
    else if (decision === 'borderline' || attemptsLeft === 0) outcome = 'alternative';
    else outcome = 'retry';
    if (outcome !== 'retry') this.finished = true;
    return { attempt: this.attempts, distance, decision, outcome, attemptsLeft: outcome === 'retry' ? attemptsLeft : 0 };
  }
}
