/**
 * Synthetic motion on REAL landmarks (recorded from fixture photos into tests/fixtures/landmarks/):
 * eyelids closed by moving the lid points towards the eye's axis, head yaw by rotating the points
 * about a vertical axis with rough per-region depths. The starting points are real; the motion is
 * not. Used by the liveness tests and to write the replay streams; never by production code.
 */
import type { Box, DetectedFace, FrameAnalysis, Point } from '../types.ts';

export interface RecordedFace {
  readonly source: string;
  readonly width: number;
  readonly height: number;
  readonly brightness: number;
  readonly face: DetectedFace;
}

/** Upper and lower lid points of each eye, paired top/bottom: (37,41), (38,40), (43,47), (44,46). */
const LID_PAIRS: ReadonlyArray<readonly [number, number]> = [
  [37, 41],
  [38, 40],
  [43, 47],
  [44, 46],
];

/** closure 0 = as recorded, 1 = lids meet: each lid pair moves towards its midpoint. */
export const closeEyes = (landmarks: readonly Point[], closure: number): Point[] => {
  const out = landmarks.map((p) => ({ ...p }));
  for (const [top, bottom] of LID_PAIRS) {
    const a = out[top] as Point;
    const b = out[bottom] as Point;
    const midY = (a.y + b.y) / 2;
    out[top] = { x: a.x, y: a.y + (midY - a.y) * closure };
    out[bottom] = { x: b.x, y: b.y + (midY - b.y) * closure };
  }
  return out;
};

/** Rough depth (towards the camera) of each iBUG region, in eye-span units. */
const depthOf = (i: number): number => {
  if (i <= 16) return -0.35 + 0.3 * (1 - Math.abs(i - 8) / 8); // jaw: ears far back, chin forward
  if (i <= 26) return 0.12; // brows
  if (i <= 29) return 0.2 + (i - 27) * 0.12; // bridge rising towards the tip
  if (i === 30) return 0.55; // nose tip
  if (i <= 35) return 0.35; // nostrils
  if (i <= 47) return 0.1; // eyes
  return 0.25; // mouth
};

/**
 * Rotates the face by `yawDegrees` about a vertical axis through the eyes' midpoint. Positive =
 * the person turns to their own left = the nose moves towards image right on an unmirrored frame.
 */
export const turnHead = (landmarks: readonly Point[], yawDegrees: number): Point[] => {
  const right = landmarks[36] as Point;
  const left = landmarks[45] as Point;
  const span = left.x - right.x;
  const cx = (left.x + right.x) / 2;
  const theta = (yawDegrees * Math.PI) / 180;
  return landmarks.map((p, i) => ({ x: cx + (p.x - cx) * Math.cos(theta) + depthOf(i) * span * Math.sin(theta), y: p.y }));
};

export const shift = (landmarks: readonly Point[], dx: number, dy: number): Point[] => landmarks.map((p) => ({ x: p.x + dx, y: p.y + dy }));

/** Deterministic pseudo-random numbers (mulberry32), for jitter and challenge order in tests. */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Landmark jitter like a live detector's (about half a pixel), so tests do not run on perfect points. */
export const jitter = (landmarks: readonly Point[], random: () => number, pixels = 0.6): Point[] =>
  landmarks.map((p) => ({ x: p.x + (random() - 0.5) * 2 * pixels, y: p.y + (random() - 0.5) * 2 * pixels }));

/** The box around a landmark set, grown like the detector's (which includes the forehead). */
export const boxAround = (landmarks: readonly Point[]): Box => {
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  const width = Math.max(...xs) - x;
  const height = Math.max(...ys) - y;
  return { x, y: y - height * 0.2, width, height: height * 1.2 };
};

export const faceFrom = (landmarks: readonly Point[], score = 0.9): DetectedFace => ({ box: boxAround(landmarks), score, landmarks });

/** One frame's worth of motion in a scripted sequence. */
export interface Pose {
  /** 0 open .. 1 shut. */
  readonly closure?: number;
  readonly yaw?: number;
  readonly dx?: number;
  readonly dy?: number;
  /** No face detected in this frame. */
  readonly absent?: boolean;
  /** Draw this face instead of the recorded one (a swap). */
  readonly other?: RecordedFace;
  /** An extra face in the frame. */
  readonly second?: DetectedFace;
}

/**
 * Another face's landmarks moved and scaled onto `target`'s eye corners: a swap the box check
 * cannot see (same place, same size), which only the descriptor check (sameFace) can catch.
 */
export const alignOnto = (landmarks: readonly Point[], target: readonly Point[]): Point[] => {
  const span = (pts: readonly Point[]): number => (pts[45] as Point).x - (pts[36] as Point).x;
  const mid = (pts: readonly Point[]): Point => ({ x: ((pts[45] as Point).x + (pts[36] as Point).x) / 2, y: ((pts[45] as Point).y + (pts[36] as Point).y) / 2 });
  const k = span(target) / span(landmarks);
  const from = mid(landmarks);
  const to = mid(target);
  return landmarks.map((p) => ({ x: to.x + (p.x - from.x) * k, y: to.y + (p.y - from.y) * k }));
};

/** Frames at `fps` from a list of poses, starting at `start` ms, with seeded jitter. */
export const framesFrom = (recorded: RecordedFace, poses: readonly Pose[], options: { fps?: number; start?: number; seed?: number } = {}): FrameAnalysis[] => {
  const interval = 1000 / (options.fps ?? 10);
  const random = seeded(options.seed ?? 1);
  return poses.map((pose, i) => {
    const at = (options.start ?? 0) + Math.round(i * interval);
    const own = recorded.face.landmarks;
    const base = pose.other ? alignOnto(pose.other.face.landmarks, own) : own;
    let points = turnHead(closeEyes(base, pose.closure ?? 0), pose.yaw ?? 0);
    points = jitter(shift(points, pose.dx ?? 0, pose.dy ?? 0), random);
    const faces: DetectedFace[] = pose.absent ? [] : [faceFrom(points)];
    if (pose.second) faces.push(pose.second);
    faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
    return { at, width: recorded.width, height: recorded.height, faces, brightness: recorded.brightness };
  });
};

export const repeat = (pose: Pose, n: number): Pose[] => Array.from({ length: n }, () => pose);
