/**
 * Active liveness (活体检测) as a pure state machine over FrameAnalysis sequences.
 *
 * 1. Baseline: a few frames with one face, eyes open and roughly frontal give the person's own open
 *    eye aspect ratio and frontal yaw (people's open eyes differ: narrow eyes, glasses, droopy lids).
 * 2. Challenges in a random order (injected random source): blink, turn left, turn right. Each
 *    has its own timeout; a still photo never blinks or turns, so it times out.
 * 3. Throughout: one face only; the tracked face may not jump (box continuity) nor be lost for
 *    long; after each challenge the caller's sameFace() check (descriptor against the reference)
 *    must pass, so a swapped photo or person fails.
 *
 * Time comes only from FrameAnalysis.at, so tests drive it with recorded or synthetic streams.
 */
import { countedFaces, DEFAULT_GUIDANCE_LIMITS, type GuidanceLimits } from './guidance.ts';
import { boxCentre, meanEyeAspectRatio, yawProxy } from './geometry.ts';
import type { Box, DetectedFace, FrameAnalysis } from './types.ts';

/** Directions are the person's own: 'turn_left' = the person turns to their left. */
export type Challenge = 'blink' | 'turn_left' | 'turn_right';

export type LivenessFailure =
  /** A challenge was not done in time (a still photo ends here). */
  | 'timeout'
  /** No usable face for the baseline in time. */
  | 'no_face'
  /** A face was there but the eyes never looked open: no baseline to blink against. */
  | 'eyes_not_open'
  /** The tracked face was gone for too long (a swap could happen out of view). */
  | 'face_lost'
  | 'second_face'
  /** Box jump between frames or the sameFace() check said no. */
  | 'face_changed';

export type LivenessStatus =
  | { readonly phase: 'baseline' }
  | { readonly phase: 'challenge'; readonly challenge: Challenge; readonly index: number; readonly total: number }
  | { readonly phase: 'passed'; readonly challenges: readonly Challenge[] }
  | { readonly phase: 'failed'; readonly reason: LivenessFailure; readonly challenge: Challenge | null };

export interface LivenessThresholds {
  /** Frames in the baseline window (median of these). */
  readonly baselineFrames: number;
  readonly baselineTimeoutMs: number;
  /** A baseline EAR below this is not "open" (closed eyes measure ~0.1, open ~0.25-0.35). */
  readonly minOpenEar: number;
  /** Baseline yaw must be within this of 0.5 (the person looks roughly at the camera). */
  readonly maxBaselineYawOffset: number;
  /** Eyes count as closed below blinkRatio x the person's open baseline... */
  readonly blinkRatio: number;
  /** ...and as open again at or above reopenRatio x baseline (hysteresis against landmark jitter). */
  readonly reopenRatio: number;
  /** A blink is at least this many closed frames (one frame can be a landmark glitch)... */
  readonly minClosedFrames: number;
  /** ...and no longer than this: eyes held shut are not a blink. */
  readonly maxClosedMs: number;
  /** A turn crosses this far from the person's own frontal yaw proxy... */
  readonly turnDelta: number;
  /** ...and returns to within this of it. */
  readonly returnDelta: number;
  readonly challengeTimeoutMs: number;
  readonly maxFaceLostMs: number;
  /** Centre movement between consecutive detections, in face widths, above which it is another face. */
  readonly maxJumpRatio: number;
  /** Width change factor between consecutive detections above which it is another face. */
  readonly maxScaleChange: number;
  /** Consecutive frames with a second face before failing (one frame can be a false detection). */
  readonly secondFaceFrames: number;
}

export const DEFAULT_LIVENESS_THRESHOLDS: LivenessThresholds = {
  baselineFrames: 5,
  baselineTimeoutMs: 5000,
  minOpenEar: 0.2,
  maxBaselineYawOffset: 0.15,
  blinkRatio: 0.6,
  reopenRatio: 0.85,
  minClosedFrames: 2,
  maxClosedMs: 1000,
  turnDelta: 0.12,
  returnDelta: 0.06,
  challengeTimeoutMs: 7000,
  maxFaceLostMs: 1000,
  maxJumpRatio: 0.5,
  maxScaleChange: 1.5,
  secondFaceFrames: 2,
};

export const ALL_CHALLENGES: readonly Challenge[] = ['blink', 'turn_left', 'turn_right'];

export interface LivenessOptions {
  /** Uniform [0, 1): the challenge order must not be predictable (inject a seeded one in tests). */
  readonly random: () => number;
  /** Is the face in front of the camera still the reference face? Asked after each challenge. */
  readonly sameFace?: () => boolean | Promise<boolean>;
  readonly pool?: readonly Challenge[];
  /** How many challenges of the pool to ask (distinct). */
  readonly count?: number;
  /** Frames are mirrored (selfie view) rather than straight from the camera: flips turn directions. */
  readonly mirrored?: boolean;
  readonly thresholds?: Partial<LivenessThresholds>;
  readonly guidanceLimits?: GuidanceLimits;
}

/** Fisher-Yates over a copy, then the first `count`: distinct challenges in a random order. */
export const pickChallenges = (pool: readonly Challenge[], count: number, random: () => number): Challenge[] => {
  const order = [...pool];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.min(i, Math.floor(random() * (i + 1)));
    [order[i], order[j]] = [order[j] as Challenge, order[i] as Challenge];
  }
  return order.slice(0, Math.max(1, Math.min(count, order.length)));
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

interface Sample {
  readonly ear: number;
  readonly yaw: number;
}

type BlinkState = { kind: 'open' } | { kind: 'closed'; since: number; frames: number } | { kind: 'held' };
type TurnState = 'centre' | 'turned';

export class LivenessCheck {
  readonly challenges: readonly Challenge[];
  private readonly limits: LivenessThresholds;
  private readonly guidanceLimits: GuidanceLimits;
  private current: LivenessStatus = { phase: 'baseline' };
  private queue: Promise<unknown> = Promise.resolve();

  private startedAt: number | null = null;
  private sawFace = false;
  private window: Sample[] = [];
  private baseline: Sample | null = null;

  private challengeIndex = 0;
  private challengeStartedAt = 0;
  private blink: BlinkState = { kind: 'open' };
  private turn: TurnState = 'centre';

  private lastBox: Box | null = null;
  private lastSeenAt: number | null = null;
  private secondFaceRun = 0;

  constructor(private readonly options: LivenessOptions) {
    this.limits = { ...DEFAULT_LIVENESS_THRESHOLDS, ...options.thresholds };
    this.guidanceLimits = options.guidanceLimits ?? DEFAULT_GUIDANCE_LIMITS;
    this.challenges = pickChallenges(options.pool ?? ALL_CHALLENGES, options.count ?? 2, options.random);
  }

  get status(): LivenessStatus {
    return this.current;
  }

  /** Feeds one frame. Pushes are serialised, so a slow sameFace() never sees frames out of order. */
  push(frame: FrameAnalysis): Promise<LivenessStatus> {
    const next = this.queue.then(() => this.step(frame));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private fail(reason: LivenessFailure): LivenessStatus {
    const challenge = this.current.phase === 'challenge' ? this.current.challenge : null;
    this.current = { phase: 'failed', reason, challenge };
    return this.current;
  }

  private async step(frame: FrameAnalysis): Promise<LivenessStatus> {
    if (this.current.phase === 'passed' || this.current.phase === 'failed') return this.current;
    this.startedAt ??= frame.at;

    const faces = countedFaces(frame, this.guidanceLimits);
    this.secondFaceRun = faces.length > 1 ? this.secondFaceRun + 1 : 0;
    if (this.secondFaceRun >= this.limits.secondFaceFrames) return this.fail('second_face');

    const face = faces[0];
    const tracking = this.track(face, frame.at);
    if (tracking) return this.fail(tracking);

    if (this.current.phase === 'baseline') return this.stepBaseline(face, frame.at);
    return this.stepChallenge(face, frame.at);
  }

  /** Box continuity and loss: returns a failure or null. */
  private track(face: DetectedFace | undefined, at: number): LivenessFailure | null {
    if (!face) {
      if (this.lastSeenAt !== null && at - this.lastSeenAt > this.limits.maxFaceLostMs) return 'face_lost';
      return null;
    }
    if (this.lastBox) {
      const before = boxCentre(this.lastBox);
      const now = boxCentre(face.box);
      const jump = Math.hypot(now.x - before.x, now.y - before.y) / this.lastBox.width;
      const scale = face.box.width / this.lastBox.width;
      if (jump > this.limits.maxJumpRatio || scale > this.limits.maxScaleChange || scale < 1 / this.limits.maxScaleChange) {
        return 'face_changed';
      }
    }
    this.lastBox = face.box;
    this.lastSeenAt = at;
    this.sawFace = true;
    return null;
  }

  private sample(face: DetectedFace): Sample {
    const yaw = yawProxy(face.landmarks);
    return { ear: meanEyeAspectRatio(face.landmarks), yaw: this.options.mirrored ? 1 - yaw : yaw };
  }

  private stepBaseline(face: DetectedFace | undefined, at: number): LivenessStatus {
    if (face) {
      this.window.push(this.sample(face));
      if (this.window.length > this.limits.baselineFrames) this.window.shift();
    }
    if (this.window.length === this.limits.baselineFrames) {
      const ear = median(this.window.map((s) => s.ear));
      const yaw = median(this.window.map((s) => s.yaw));
      if (ear >= this.limits.minOpenEar && Math.abs(yaw - 0.5) <= this.limits.maxBaselineYawOffset) {
        this.baseline = { ear, yaw };
        return this.startChallenge(0, at);
      }
    }
    if (at - (this.startedAt ?? at) > this.limits.baselineTimeoutMs) {
      if (!this.sawFace) return this.fail('no_face');
      const ear = this.window.length ? median(this.window.map((s) => s.ear)) : 0;
      return this.fail(ear < this.limits.minOpenEar ? 'eyes_not_open' : 'timeout');
    }
    return this.current;
  }

  private startChallenge(index: number, at: number): LivenessStatus {
    this.challengeIndex = index;
    this.challengeStartedAt = at;
    this.blink = { kind: 'open' };
    this.turn = 'centre';
    const challenge = this.challenges[index] as Challenge;
    this.current = { phase: 'challenge', challenge, index, total: this.challenges.length };
    return this.current;
  }

  private async stepChallenge(face: DetectedFace | undefined, at: number): Promise<LivenessStatus> {
    const challenge = this.challenges[this.challengeIndex] as Challenge;
    const done = face ? this.advance(challenge, this.sample(face), at) : false;
    if (done) {
      // The descriptor check is slow (a full describe), so it runs once per challenge, on the frame
      // that completed it: the face that blinked or turned is the face being matched.
      if (this.options.sameFace && !(await this.options.sameFace())) return this.fail('face_changed');
      if (this.challengeIndex + 1 >= this.challenges.length) {
        this.current = { phase: 'passed', challenges: this.challenges };
        return this.current;
      }
      return this.startChallenge(this.challengeIndex + 1, at);
    }
    if (at - this.challengeStartedAt > this.limits.challengeTimeoutMs) return this.fail('timeout');
    return this.current;
  }

  /** One frame of the current challenge; true when the challenge is complete. */
  private advance(challenge: Challenge, sample: Sample, at: number): boolean {
    const baseline = this.baseline as Sample;
    if (challenge === 'blink') return this.advanceBlink(sample.ear, baseline.ear, at);
    const sign = challenge === 'turn_left' ? 1 : -1;
    const offset = (sample.yaw - baseline.yaw) * sign;
    if (this.turn === 'centre') {
      if (offset > this.limits.turnDelta) this.turn = 'turned';
      return false;
    }
    return Math.abs(sample.yaw - baseline.yaw) < this.limits.returnDelta;
  }

  private advanceBlink(ear: number, open: number, at: number): boolean {
    const closed = ear < open * this.limits.blinkRatio;
    const reopened = ear >= open * this.limits.reopenRatio;
    const state = this.blink;
    if (state.kind === 'held') {
      // Eyes were shut too long: wait for them to open before a blink can count.
      if (reopened) this.blink = { kind: 'open' };
      return false;
    }
    if (state.kind === 'open') {
      if (closed) this.blink = { kind: 'closed', since: at, frames: 1 };
      return false;
    }
    if (at - state.since > this.limits.maxClosedMs) {
      this.blink = { kind: 'held' };
      return false;
    }
    if (closed) {
      this.blink = { ...state, frames: state.frames + 1 };
      return false;
    }
    if (!reopened) return false;
    if (state.frames >= this.limits.minClosedFrames) return true;
    this.blink = { kind: 'open' };
    return false;
  }
}
