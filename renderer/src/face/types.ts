/**
 * The face-check seam (人证核验). Screens and the liveness machine depend only on these types, so
 * the model behind them (@vladmandic/face-api today, perhaps @vladmandic/human later) can change.
 * Everything here lives in memory for the current session only: no image or descriptor is ever
 * stored, uploaded or logged.
 */

/** A point in source-frame pixels. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DetectedFace {
  readonly box: Box;
  /** Detector confidence 0..1. */
  readonly score: number;
  /** The 68 landmarks in iBUG order (36-41 right eye, 42-47 left eye, 30 nose tip), pixels. */
  readonly landmarks: readonly Point[];
}

/** One camera frame after the cheap live pass (tiny detector + landmarks). */
export interface FrameAnalysis {
  /** Milliseconds, from the injected clock. */
  readonly at: number;
  readonly width: number;
  readonly height: number;
  /** Every face found, largest first. */
  readonly faces: readonly DetectedFace[];
  /** Mean luma 0..255, for "too dark". */
  readonly brightness: number;
}

/** 128-d face descriptor. */
export type Descriptor = Float32Array;

export interface FaceVerifier {
  /** Loads the models (checksums verified) once; later calls resolve at once. */
  load(): Promise<void>;
  /** Fast live pass over one frame. */
  analyse(frame: ImageBitmap, at: number): Promise<FrameAnalysis>;
  /** Full descriptor of the largest face in a camera frame; null when no face is found. */
  describe(frame: ImageBitmap): Promise<Descriptor | null>;
  /** Descriptor of the ID-card photo (small, old: upscaled and padded first); null if no face. */
  describePhoto(photo: ImageBitmap): Promise<Descriptor | null>;
  dispose(): void;
}

/** Euclidean distance between two descriptors. */
export const descriptorDistance = (a: Descriptor, b: Descriptor): number => {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  return Math.sqrt(sum);
};
