/**
 * Replay of a recorded landmark stream through the real engine, for simulator and test mode only
 * (an honest end-to-end liveness pass on a machine without a person in front of the camera).
 *
 * What stays REAL: every camera frame still goes through the inner verifier's analyse(): whether a
 * face is there, how many faces, where the face is and how big (box, score), the brightness; and
 * describe()/describePhoto() are the inner verifier's, so the match and the sameFace() checks run
 * on the real camera frames.
 * What is REPLAYED: the 68 landmarks of the largest face, taken one recorded frame per analyse()
 * call, scaled and moved onto the real face's box. Those drive the blink (EAR) and the turn (yaw).
 *
 * Never wire this into production: a replayed blink proves nothing about the person.
 */
import type { DetectedFace, FaceVerifier, FrameAnalysis, Point } from './types.ts';

export interface RecordedFrame {
  /** Landmarks of the face in this recorded frame; null when the recording had no face. */
  readonly landmarks: readonly Point[] | null;
}

export interface LandmarkRecording {
  readonly description: string;
  /** The frame rate it was recorded or synthesised at (informative: replay advances per call). */
  readonly fps: number;
  /** Reference box of the recorded face (first frame), used to map points onto the live face. */
  readonly box: { readonly x: number; readonly y: number; readonly width: number; readonly height: number };
  readonly frames: readonly RecordedFrame[];
}

export interface ReplayOptions {
  /** Start again at the end (default true), so a challenge asked late still sees its motion. */
  readonly loop?: boolean;
}

const isPoint = (p: unknown): p is Point =>
  typeof p === 'object' && p !== null && Number.isFinite((p as Point).x) && Number.isFinite((p as Point).y);

/** Validates a landmark recording (JSON from tests/fixtures/landmarks/replay-*.json). */
export const parseLandmarkRecording = (json: unknown): LandmarkRecording => {
  const r = json as Partial<LandmarkRecording> | null;
  const box = r?.box;
  if (!r || typeof r.description !== 'string' || !Number.isFinite(r.fps) || !Array.isArray(r.frames) || r.frames.length === 0) {
    throw new TypeError('landmark recording: need description, fps and frames');
  }
  if (!box || ![box.x, box.y, box.width, box.height].every(Number.isFinite) || box.width <= 0) throw new TypeError('landmark recording: bad box');
  for (const frame of r.frames) {
    if (frame.landmarks !== null && !(Array.isArray(frame.landmarks) && frame.landmarks.length === 68 && frame.landmarks.every(isPoint))) {
      throw new TypeError('landmark recording: every frame needs 68 points or null');
    }
  }
  return r as LandmarkRecording;
};

/** Moves recorded points from the recording's reference box onto the live box (one scale: EAR and yaw stay as recorded). */
const mapOnto = (points: readonly Point[], from: LandmarkRecording['box'], onto: DetectedFace['box']): Point[] => {
  const scale = onto.width / from.width;
  const fx = from.x + from.width / 2;
  const fy = from.y + from.height / 2;
  const ox = onto.x + onto.width / 2;
  const oy = onto.y + onto.height / 2;
  return points.map((p) => ({ x: ox + (p.x - fx) * scale, y: oy + (p.y - fy) * scale }));
};

export class ReplayVerifier implements FaceVerifier {
  private index = 0;

  constructor(
    private readonly inner: FaceVerifier,
    private readonly recording: LandmarkRecording,
    private readonly options: ReplayOptions = {},
  ) {}

  load(): Promise<void> {
    return this.inner.load();
  }

  async analyse(frame: ImageBitmap, at: number): Promise<FrameAnalysis> {
    const real = await this.inner.analyse(frame, at);
    const main = real.faces[0];
    if (!main) return real;
    const recorded = this.next();
    // The recording lost its face here: so does the replay (the real face stays unseen this frame).
    if (!recorded.landmarks) return { ...real, faces: real.faces.slice(1) };
    const replayed: DetectedFace = { ...main, landmarks: mapOnto(recorded.landmarks, this.recording.box, main.box) };
    return { ...real, faces: [replayed, ...real.faces.slice(1)] };
  }

  describe(frame: ImageBitmap): Promise<Float32Array | null> {
    return this.inner.describe(frame);
  }

  describePhoto(photo: ImageBitmap): Promise<Float32Array | null> {
    return this.inner.describePhoto(photo);
  }

  dispose(): void {
    this.inner.dispose();
  }

  private next(): RecordedFrame {
    const frames = this.recording.frames;
    const loop = this.options.loop ?? true;
    const i = loop ? this.index % frames.length : Math.min(this.index, frames.length - 1);
    this.index++;
    return frames[i] as RecordedFrame;
  }
}

/** Simulator/test mode only: the real verifier with recorded landmark motion on top. */
export const createReplayVerifier = (inner: FaceVerifier, recording: unknown, options: ReplayOptions = {}): ReplayVerifier =>
  new ReplayVerifier(inner, parseLandmarkRecording(recording), options);
