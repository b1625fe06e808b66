import { afterEach, describe, expect, it, vi } from 'vitest';
import { inject } from 'vue';
import a4 from '../../../tests/fixtures/landmarks/person-a-4.json';
import recording from '../../../tests/fixtures/landmarks/replay-all-challenges.json';
import { ReplayVerifier } from '../face/replay';
import { faceFrom, type RecordedFace } from '../face/testing/synthetic-motion';
import type { FaceVerifier, FrameAnalysis } from '../face/types';
import { FACE_DEPS } from '../stores/identity';
import { mountKiosk, type MountedKiosk } from '../testing/mount-kiosk';
import { LANDMARK_REPLAY_GLOBAL, withLandmarkReplay } from './landmark-replay';

/** Stands in for the real engine: one still face, so any landmark change can only come from a replay. */
const realFace = faceFrom((a4 as RecordedFace).face.landmarks);
const fakeEngine = (): FaceVerifier => ({
  load: vi.fn(async () => undefined),
  analyse: vi.fn(async (_frame: ImageBitmap, at: number): Promise<FrameAnalysis> => ({ at, width: 640, height: 480, faces: [realFace], brightness: 120 })),
  describe: vi.fn(async () => new Float32Array(128)),
  describePhoto: vi.fn(async () => new Float32Array(128)),
  dispose: vi.fn(),
});

const globals = globalThis as Record<string, unknown>;
let kiosk: MountedKiosk | null = null;
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
  delete globals[LANDMARK_REPLAY_GLOBAL];
  vi.restoreAllMocks();
});

/** The engine the identity check would build, from the very app production creates. */
const engineOf = async (simulator: boolean): Promise<{ engine: FaceVerifier; inner: FaceVerifier }> => {
  const inner = fakeEngine();
  kiosk = await mountKiosk({ config: { simulator }, face: { verifier: () => inner } });
  const deps = kiosk.app.runWithContext(() => inject(FACE_DEPS));
  if (!deps) throw new Error('no face deps provided');
  return { engine: deps.verifier(), inner };
};

describe('landmark replay wiring (createKioskApp)', () => {
  it('without simulator mode an injected recording is ignored: the engine is the real one, landmarks untouched', async () => {
    globals[LANDMARK_REPLAY_GLOBAL] = recording;
    const { engine, inner } = await engineOf(false);
    expect(engine).toBe(inner);
    expect(engine).not.toBeInstanceOf(ReplayVerifier);
    const seen = await engine.analyse({} as ImageBitmap, 0);
    expect(seen.faces[0]?.landmarks).toEqual(realFace.landmarks);
  });

  it('without simulator mode even a malformed injection is never looked at', async () => {
    globals[LANDMARK_REPLAY_GLOBAL] = { not: 'a recording' };
    const { engine, inner } = await engineOf(false);
    expect(engine).toBe(inner);
  });

  it('simulator mode without a recording keeps the real engine', async () => {
    const { engine, inner } = await engineOf(true);
    expect(engine).toBe(inner);
  });

  it('simulator mode with an injected recording replays the landmarks on the real engine', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    globals[LANDMARK_REPLAY_GLOBAL] = recording;
    const { engine, inner } = await engineOf(true);
    expect(engine).toBeInstanceOf(ReplayVerifier);
    const seen = await engine.analyse({} as ImageBitmap, 0);
    // The real engine still ran on the frame and its box stands; only the landmarks are recorded ones.
    expect(inner.analyse).toHaveBeenCalledOnce();
    expect(seen.faces[0]?.box).toEqual(realFace.box);
    expect(seen.faces[0]?.landmarks).not.toEqual(realFace.landmarks);
    expect(console.warn).toHaveBeenCalledOnce();
  });
});

describe('withLandmarkReplay', () => {
  it('does not read the recording at all while the simulator flag is false (e.g. config not loaded yet)', () => {
    const inner = fakeEngine();
    const source = vi.fn(() => recording);
    expect(withLandmarkReplay(() => inner, { simulator: () => false, recording: source })()).toBe(inner);
    expect(source).not.toHaveBeenCalled();
  });

  it('a malformed recording in simulator mode throws before any engine is built', () => {
    const build = vi.fn(fakeEngine);
    const make = withLandmarkReplay(build, { simulator: () => true, recording: () => ({ frames: [] }) });
    expect(make).toThrow(TypeError);
    expect(build).not.toHaveBeenCalled();
  });
});
