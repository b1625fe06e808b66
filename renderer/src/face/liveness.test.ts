/**
 * The liveness machine on landmark SEQUENCES. Every sequence starts from real landmarks recorded
 * by the production live pass on the fixture photos (tests/fixtures/landmarks/); the blinks, turns,
 * swaps and extra faces are synthesised on top of them (testing/synthetic-motion.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import a1 from '../../../tests/fixtures/landmarks/person-a-1.json';
import a4 from '../../../tests/fixtures/landmarks/person-a-4.json';
import b1 from '../../../tests/fixtures/landmarks/person-b-1.json';
import c1 from '../../../tests/fixtures/landmarks/person-c-1.json';
import f1 from '../../../tests/fixtures/landmarks/person-f-1.json';
import h1 from '../../../tests/fixtures/landmarks/person-h-1.json';
import { DEFAULT_LIVENESS_THRESHOLDS, LivenessCheck, pickChallenges, type Challenge, type LivenessOptions, type LivenessStatus } from './liveness.ts';
import { faceFrom, framesFrom, repeat, seeded, shift, type Pose, type RecordedFace } from './testing/synthetic-motion.ts';
import type { FrameAnalysis } from './types.ts';

const FACES: Record<string, RecordedFace> = { a1, a4, b1, c1, f1, h1 };
const person = a4 as RecordedFace;
const other = h1 as RecordedFace;

const OPEN: Pose = {};
const BASELINE = repeat(OPEN, 6);
/** Lids over ~0.6 s at 10 fps: 3 frames well shut, then open again. */
const BLINK: Pose[] = [0.3, 0.8, 0.9, 0.8, 0.2, 0].map((closure) => ({ closure }));
const turn = (to: number): Pose[] => [5, 12, 20, 26, 20, 10, 3, 0].map((deg) => ({ yaw: (deg / 26) * to }));
const MOTION: Record<Challenge, Pose[]> = { blink: BLINK, turn_left: turn(26), turn_right: turn(-26) };

const check = (options: Partial<LivenessOptions> = {}) => new LivenessCheck({ random: seeded(7), pool: ['blink'], count: 1, ...options });

const run = async (liveness: LivenessCheck, frames: readonly FrameAnalysis[]): Promise<LivenessStatus> => {
  let status = liveness.status;
  for (const frame of frames) status = await liveness.push(frame);
  return status;
};

/** Baseline, then the motions in order, then a few still frames. */
const script = (...motions: Pose[][]): Pose[] => [...BASELINE, ...motions.flat(), ...repeat(OPEN, 3)];

describe('liveness: genuine motion on real landmarks', () => {
  it.each(Object.keys(FACES))('a blink passes (%s)', async (key) => {
    const face = FACES[key] as RecordedFace;
    expect(await run(check(), framesFrom(face, script(BLINK)))).toEqual({ phase: 'passed', challenges: ['blink'] });
  });

  it.each(Object.keys(FACES))('a turn to the left and back passes (%s)', async (key) => {
    const face = FACES[key] as RecordedFace;
    const status = await run(check({ pool: ['turn_left'] }), framesFrom(face, script(turn(26))));
    expect(status.phase).toBe('passed');
  });

  it('a turn to the right passes, and turning the wrong way does not count', async () => {
    expect((await run(check({ pool: ['turn_right'] }), framesFrom(person, script(turn(-26))))).phase).toBe('passed');
    const wrongWay = framesFrom(person, [...script(turn(26)), ...repeat(OPEN, 80)]);
    expect(await run(check({ pool: ['turn_right'] }), wrongWay)).toMatchObject({ phase: 'failed', reason: 'timeout', challenge: 'turn_right' });
  });

  it('a half-hearted turn (8 degrees) does not pass', async () => {
    const frames = framesFrom(person, [...script(turn(8)), ...repeat(OPEN, 80)]);
    expect(await run(check({ pool: ['turn_left'] }), frames)).toMatchObject({ phase: 'failed', reason: 'timeout' });
  });

  it('mirrored frames flip the direction', async () => {
    expect((await run(check({ pool: ['turn_left'], mirrored: true }), framesFrom(person, script(turn(-26))))).phase).toBe('passed');
  });

  it('asks the challenges in a random order and passes when each is done in turn', async () => {
    const orders = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => pickChallenges(['blink', 'turn_left', 'turn_right'], 2, seeded(seed)).join()));
    expect(orders.size).toBeGreaterThan(2);
    const liveness = new LivenessCheck({ random: seeded(3), count: 2 });
    const [first, second] = liveness.challenges as [Challenge, Challenge];
    expect(first).not.toBe(second);
    expect(await run(liveness, framesFrom(person, script(MOTION[first], repeat(OPEN, 2), MOTION[second])))).toMatchObject({ phase: 'passed' });
  });
});

describe('liveness: attacks and failures', () => {
  it('a still face (a photo held up: jitter, no blink, no turn) times out as failed', async () => {
    const liveness = new LivenessCheck({ random: seeded(5), count: 2 });
    const status = await run(liveness, framesFrom(person, repeat(OPEN, 100)));
    expect(status).toMatchObject({ phase: 'failed', reason: 'timeout', challenge: liveness.challenges[0] });
  });

  it('eyes closed throughout give no open baseline and fail', async () => {
    const status = await run(check(), framesFrom(person, repeat({ closure: 0.85 }, 80)));
    expect(status).toMatchObject({ phase: 'failed', reason: 'eyes_not_open' });
  });

  it('eyes held shut for over a second are not a blink', async () => {
    const held = [...repeat({ closure: 0.9 }, 15), OPEN, OPEN];
    const status = await run(check(), framesFrom(person, [...script(held), ...repeat(OPEN, 60)]));
    expect(status).toMatchObject({ phase: 'failed', reason: 'timeout' });
  });

  it('a one-frame dip (a landmark glitch) is not a blink', async () => {
    const glitch = [OPEN, { closure: 0.9 }, OPEN, OPEN];
    const status = await run(check(), framesFrom(person, [...script(glitch), ...repeat(OPEN, 80)]));
    expect(status).toMatchObject({ phase: 'failed', reason: 'timeout' });
  });

  it('a face swapped in mid-challenge at the same place fails on the descriptor check', async () => {
    let swapped = false;
    const sameFace = vi.fn(() => !swapped);
    const liveness = check({ sameFace });
    const frames = framesFrom(person, [...BASELINE, OPEN, OPEN, ...BLINK.slice(0, 2)]);
    await run(liveness, frames);
    expect(liveness.status.phase).toBe('challenge');
    swapped = true;
    // The other person's real landmarks, aligned onto the same eye corners: the box does not jump.
    const after = framesFrom(person, [...BLINK.slice(2), OPEN, OPEN].map((p) => ({ ...p, other })), { start: frames.at(-1)!.at + 100 });
    expect(await run(liveness, after)).toMatchObject({ phase: 'failed', reason: 'face_changed', challenge: 'blink' });
    expect(sameFace).toHaveBeenCalledTimes(1);
  });

  it('asks sameFace once per completed challenge and accepts an async yes', async () => {
    const sameFace = vi.fn(async () => true);
    const liveness = new LivenessCheck({ random: seeded(3), count: 2, sameFace });
    const [first, second] = liveness.challenges as [Challenge, Challenge];
    expect((await run(liveness, framesFrom(person, script(MOTION[first], MOTION[second])))).phase).toBe('passed');
    expect(sameFace).toHaveBeenCalledTimes(2);
  });

  it('a face that jumps across the frame between two frames is another face', async () => {
    const jump = [OPEN, { dx: 200 }, { dx: 200 }];
    expect(await run(check(), framesFrom(person, [...script(jump)]))).toMatchObject({ phase: 'failed', reason: 'face_changed' });
  });

  it('a second face entering fails after two frames; one stray detection does not', async () => {
    const second = faceFrom(shift(other.face.landmarks, 0, 0));
    const stray = await run(check(), framesFrom(person, script([{ second }], BLINK)));
    expect(stray.phase).toBe('passed');
    const entering = await run(check(), framesFrom(person, script([OPEN, { second }, { second }, { second }])));
    expect(entering).toMatchObject({ phase: 'failed', reason: 'second_face', challenge: 'blink' });
  });

  it('a face gone for longer than maxFaceLostMs fails; a short gap does not', async () => {
    const shortGap = repeat({ absent: true }, 5);
    expect((await run(check(), framesFrom(person, script(shortGap, BLINK)))).phase).toBe('passed');
    const longGap = repeat({ absent: true }, 12);
    expect(await run(check(), framesFrom(person, script(longGap, BLINK)))).toMatchObject({ phase: 'failed', reason: 'face_lost' });
  });

  it('no face at all fails as no_face once the baseline time is up', async () => {
    const status = await run(check(), framesFrom(person, repeat({ absent: true }, 60)));
    expect(status).toMatchObject({ phase: 'failed', reason: 'no_face', challenge: null });
  });
});

describe('liveness: per-challenge timeouts', () => {
  const timeout = DEFAULT_LIVENESS_THRESHOLDS.challengeTimeoutMs;
  /** Waits `ms` of still frames (10 fps) inside the challenge before blinking. */
  const blinkAfter = (ms: number) => framesFrom(person, script(repeat(OPEN, ms / 100), BLINK));

  it('a blink that completes just inside the timeout passes', async () => {
    expect((await run(check(), blinkAfter(timeout - 1000))).phase).toBe('passed');
  });

  it('a blink after the timeout is too late', async () => {
    expect(await run(check(), blinkAfter(timeout + 500))).toMatchObject({ phase: 'failed', reason: 'timeout', challenge: 'blink' });
  });

  it('each challenge has its own clock: a slow first challenge does not eat the second one', async () => {
    const liveness = new LivenessCheck({ random: seeded(3), count: 2 });
    const [first, second] = liveness.challenges as [Challenge, Challenge];
    const frames = framesFrom(person, script(repeat(OPEN, (timeout - 1500) / 100), MOTION[first], repeat(OPEN, (timeout - 1500) / 100), MOTION[second]));
    expect((await run(liveness, frames)).phase).toBe('passed');
  });

  it('stays failed once failed', async () => {
    const liveness = check();
    await run(liveness, framesFrom(person, repeat(OPEN, 100)));
    expect((await run(liveness, framesFrom(person, script(BLINK), { start: 20_000 }))).phase).toBe('failed');
  });
});
