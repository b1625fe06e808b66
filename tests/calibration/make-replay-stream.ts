/**
 * Writes tests/fixtures/landmarks/replay-all-challenges.json: a looping landmark stream in which
 * the person blinks, turns left and back, and turns right and back (~3.6 s per loop at 10 fps),
 * so any random challenge order finds its motion within one per-challenge timeout.
 * The points start from REAL landmarks (person-a-4, recorded by record-landmarks.ts); the motion
 * is SYNTHETIC (renderer/src/face/testing/synthetic-motion.ts). No real clip with a blink exists
 * in our fixtures.
 *
 *   node --import tsx tests/calibration/make-replay-stream.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { framesFrom, repeat, type Pose, type RecordedFace } from '../../renderer/src/face/testing/synthetic-motion.ts';

const dir = join(new URL('../fixtures/landmarks', import.meta.url).pathname);
const source = JSON.parse(readFileSync(join(dir, 'person-a-4.json'), 'utf8')) as RecordedFace;

const blink: Pose[] = [0.3, 0.8, 0.9, 0.8, 0.2, 0].map((closure) => ({ closure }));
const turn = (to: number): Pose[] => [5, 12, 20, 26, 20, 10, 3, 0].map((deg) => ({ yaw: (deg / 26) * to }));
const open = (n: number): Pose[] => repeat({}, n);
const poses = [...open(6), ...blink, ...open(4), ...turn(26), ...open(4), ...turn(-26), ...open(2)];

const frames = framesFrom(source, poses, { fps: 10, seed: 11 });
const round = (n: number): number => Math.round(n * 10) / 10;
const recording = {
  description:
    'SYNTHETIC motion (blink, turn left+back, turn right+back, looping) on REAL landmarks of ../shared/fixtures/faces/person-a-4.jpg; written by tests/calibration/make-replay-stream.ts',
  fps: 10,
  box: source.face.box,
  frames: frames.map((f) => ({ landmarks: f.faces[0]?.landmarks.map((p) => ({ x: round(p.x), y: round(p.y) })) ?? null })),
};
writeFileSync(join(dir, 'replay-all-challenges.json'), `${JSON.stringify(recording)}\n`);
process.stdout.write(`replay-all-challenges.json: ${recording.frames.length} frames\n`);
