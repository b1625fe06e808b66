/**
 * Landmark geometry the liveness check reads: eye aspect ratio (blinks) and a yaw proxy (head
 * turns). Pure functions over the 68 iBUG points; no DOM, no model.
 */
import type { Box, DetectedFace, Point } from './types.ts';

/** iBUG 68 indices. 36-41: the subject's right eye (image left on an unmirrored camera), 42-47: left eye. */
export const RIGHT_EYE = [36, 37, 38, 39, 40, 41] as const;
export const LEFT_EYE = [42, 43, 44, 45, 46, 47] as const;
export const NOSE_TIP = 30;
export const RIGHT_EYE_OUTER = 36;
export const LEFT_EYE_OUTER = 45;

const distance = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

const at = (landmarks: readonly Point[], index: number): Point => {
  const point = landmarks[index];
  if (!point) throw new RangeError(`landmark ${index} missing: expected 68 points`);
  return point;
};

/**
 * EAR = (|p2-p6| + |p3-p5|) / (2 |p1-p4|) over one eye's six points p1..p6 (Soukupova & Cech).
 * Scale-free, so it does not change as the person moves nearer; ~0.3 open, near 0 closed.
 */
export const eyeAspectRatio = (landmarks: readonly Point[], eye: readonly number[]): number => {
  const [p1, p2, p3, p4, p5, p6] = eye.map((i) => at(landmarks, i)) as [Point, Point, Point, Point, Point, Point];
  const width = distance(p1, p4);
  if (width === 0) return 0;
  return (distance(p2, p6) + distance(p3, p5)) / (2 * width);
};

/** Mean EAR of both eyes: one eye's landmarks can wobble, a real blink closes both. */
export const meanEyeAspectRatio = (landmarks: readonly Point[]): number =>
  (eyeAspectRatio(landmarks, RIGHT_EYE) + eyeAspectRatio(landmarks, LEFT_EYE)) / 2;

/**
 * Yaw proxy (nose30.x - eye36.x) / (eye45.x - eye36.x): ~0.5 when frontal. On an unmirrored
 * camera frame, the person turning to their own left moves the nose towards image right (the
 * value rises); to their right, it falls. A flat photo tilted in front of the camera keeps nose
 * and eyes in one plane, so the ratio barely moves: that is why a turn tells a head from a print.
 */
export const yawProxy = (landmarks: readonly Point[]): number => {
  const outerRight = at(landmarks, RIGHT_EYE_OUTER);
  const outerLeft = at(landmarks, LEFT_EYE_OUTER);
  const span = outerLeft.x - outerRight.x;
  if (span === 0) return 0.5;
  return (at(landmarks, NOSE_TIP).x - outerRight.x) / span;
};

export const boxCentre = (box: Box): Point => ({ x: box.x + box.width / 2, y: box.y + box.height / 2 });

/** The face the checks follow: the largest one (FrameAnalysis lists faces largest first). */
export const primaryFace = (faces: readonly DetectedFace[]): DetectedFace | undefined => faces[0];
