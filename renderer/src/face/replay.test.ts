import { describe, expect, it, vi } from 'vitest';
import a4 from '../../../tests/fixtures/landmarks/person-a-4.json';
import h1 from '../../../tests/fixtures/landmarks/person-h-1.json';
import recording from '../../../tests/fixtures/landmarks/replay-all-challenges.json';
import { LivenessCheck, type LivenessStatus } from './liveness.ts';
import { createReplayVerifier, parseLandmarkRecording } from './replay.ts';
import { faceFrom, seeded, shift, type RecordedFace } from './testing/synthetic-motion.ts';
import type { DetectedFace, FaceVerifier, FrameAnalysis } from './types.ts';

/** A "real" engine that sees a still face (a photo held up: it never blinks or turns). */
const stillCamera = (faces: () => DetectedFace[]): FaceVerifier => ({
  load: vi.fn(async () => undefined),
  analyse: vi.fn(async (_frame: ImageBitmap, at: number): Promise<FrameAnalysis> => ({ at, width: 640, height: 480, faces: faces(), brightness: 120 })),
  describe: vi.fn(async () => new Float32Array(128)),
  describePhoto: vi.fn(async () => new Float32Array(128)),
  dispose: vi.fn(),
});

/** A person-h face (another recorded face, elsewhere in the frame, another size) as the camera's face. */
const liveFace = faceFrom(shift((h1 as RecordedFace).face.landmarks, 100, 40));
const frame = {} as ImageBitmap;

const drive = async (verifier: FaceVerifier, seed: number, seconds = 20): Promise<LivenessStatus> => {
  const liveness = new LivenessCheck({ random: seeded(seed), count: 3 });
  let status = liveness.status;
  for (let at = 0; at < seconds * 1000 && status.phase !== 'passed' && status.phase !== 'failed'; at += 80) {
    status = await liveness.push(await verifier.analyse(frame, at));
  }
  return status;
};

describe('replay verifier', () => {
  it('the still camera alone fails liveness (the control)', async () => {
    expect(await drive(stillCamera(() => [liveFace]), 1)).toMatchObject({ phase: 'failed', reason: 'timeout' });
  });

  it.each([1, 2, 3, 4])('the recorded stream on the real face passes all three challenges in any order (seed %i)', async (seed) => {
    const replay = createReplayVerifier(stillCamera(() => [liveFace]), recording);
    expect(await drive(replay, seed)).toMatchObject({ phase: 'passed' });
  });

  it('keeps the real box, count and brightness; replaces only the landmarks, mapped onto the real box', async () => {
    const inner = stillCamera(() => [liveFace]);
    const replay = createReplayVerifier(inner, recording);
    const out = await replay.analyse(frame, 5);
    const face = out.faces[0]!;
    expect(face.box).toEqual(liveFace.box);
    expect(face.landmarks).not.toEqual(liveFace.landmarks);
    const xs = face.landmarks.map((p) => p.x);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(liveFace.box.x - liveFace.box.width * 0.2);
    expect(Math.max(...xs)).toBeLessThanOrEqual(liveFace.box.x + liveFace.box.width * 1.2);
    expect(out).toMatchObject({ at: 5, brightness: 120 });
  });

  it('replays nothing when the camera sees no face, and keeps a real second face (which fails liveness)', async () => {
    const none = createReplayVerifier(stillCamera(() => []), recording);
    expect((await none.analyse(frame, 0)).faces).toEqual([]);
    const second = faceFrom(shift((a4 as RecordedFace).face.landmarks, -250, 0));
    const two = createReplayVerifier(stillCamera(() => [liveFace, second]), recording);
    expect((await two.analyse(frame, 0)).faces).toHaveLength(2);
    expect(await drive(createReplayVerifier(stillCamera(() => [liveFace, second]), recording), 1)).toMatchObject({ reason: 'second_face' });
  });

  it('passes describe, describePhoto, load and dispose through to the real engine', async () => {
    const inner = stillCamera(() => [liveFace]);
    const replay = createReplayVerifier(inner, recording);
    await replay.load();
    await replay.describe(frame);
    await replay.describePhoto(frame);
    replay.dispose();
    expect(inner.load).toHaveBeenCalled();
    expect(inner.describe).toHaveBeenCalledWith(frame);
    expect(inner.describePhoto).toHaveBeenCalledWith(frame);
    expect(inner.dispose).toHaveBeenCalled();
  });

  it('refuses a malformed recording', () => {
    expect(() => parseLandmarkRecording({ description: 'x', fps: 10, box: recording.box, frames: [{ landmarks: [{ x: 1, y: 2 }] }] })).toThrow(TypeError);
    expect(() => parseLandmarkRecording({ description: 'x', fps: 10, frames: [] })).toThrow(TypeError);
  });
});
