/**
 * Live feedback for the camera screen: one FrameAnalysis -> one thing to tell the person. The
 * screen speaks and shows the hint; this module only decides which. Pure, so the thresholds are
 * tested directly.
 */
import { boxCentre } from './geometry.ts';
import type { FrameAnalysis } from './types.ts';

export type Guidance = 'no_face' | 'multiple_faces' | 'too_far' | 'too_close' | 'off_centre' | 'too_dark' | 'ok';

export interface GuidanceLimits {
  /** Mean luma below this (0..255) is too dark for the detector to be reliable. */
  readonly minBrightness: number;
  /** Face box width / frame width below this: the face is too small to describe well. */
  readonly minFaceWidthRatio: number;
  /** Face box width / frame width above this: parts of the head fall out of the frame on a turn. */
  readonly maxFaceWidthRatio: number;
  /** Face centre offset from the frame centre, as a fraction of the frame size, allowed on each axis. */
  readonly maxCentreOffset: number;
  /** A second face counts when its width is at least this fraction of the main face's width. */
  readonly secondFaceMinWidthRatio: number;
  /** Detections below this score are ignored as noise (the tiny detector runs at a low threshold). */
  readonly minScore: number;
}

export const DEFAULT_GUIDANCE_LIMITS: GuidanceLimits = {
  minBrightness: 50,
  minFaceWidthRatio: 0.2,
  maxFaceWidthRatio: 0.65,
  maxCentreOffset: 0.18,
  secondFaceMinWidthRatio: 0.35,
  minScore: 0.5,
};

/** Faces that count: confident detections; a tiny face far behind the person is not a second person. */
export const countedFaces = (frame: FrameAnalysis, limits: GuidanceLimits = DEFAULT_GUIDANCE_LIMITS) => {
  const confident = frame.faces.filter((face) => face.score >= limits.minScore);
  const main = confident[0];
  if (!main) return [];
  return confident.filter((face, i) => i === 0 || face.box.width >= main.box.width * limits.secondFaceMinWidthRatio);
};

export const guide = (frame: FrameAnalysis, limits: GuidanceLimits = DEFAULT_GUIDANCE_LIMITS): Guidance => {
  // Darkness first: in a dark booth "no face" would send the person looking for the wrong fix.
  if (frame.brightness < limits.minBrightness) return 'too_dark';
  const faces = countedFaces(frame, limits);
  const main = faces[0];
  if (!main) return 'no_face';
  if (faces.length > 1) return 'multiple_faces';
  const widthRatio = main.box.width / frame.width;
  if (widthRatio < limits.minFaceWidthRatio) return 'too_far';
  if (widthRatio > limits.maxFaceWidthRatio) return 'too_close';
  const centre = boxCentre(main.box);
  const dx = Math.abs(centre.x / frame.width - 0.5);
  const dy = Math.abs(centre.y / frame.height - 0.5);
  if (dx > limits.maxCentreOffset || dy > limits.maxCentreOffset) return 'off_centre';
  return 'ok';
};
