import { describe, expect, it } from 'vitest';
import { DEFAULT_GUIDANCE_LIMITS, guide } from './guidance.ts';
import type { DetectedFace, FrameAnalysis } from './types.ts';

const face = (x: number, y: number, width: number, score = 0.9): DetectedFace => ({
  box: { x, y, width, height: width * 1.2 },
  score,
  landmarks: [],
});

const frame = (faces: DetectedFace[], brightness = 120): FrameAnalysis => ({ at: 0, width: 640, height: 480, faces, brightness });

/** A face of the given width centred in the 640x480 frame. */
const centred = (width: number): DetectedFace => face(320 - width / 2, 240 - (width * 1.2) / 2, width);

describe('guide', () => {
  it('says ok for one centred face at a good size', () => {
    expect(guide(frame([centred(220)]))).toBe('ok');
  });

  it('says no_face when nothing is detected, or only below the score floor', () => {
    expect(guide(frame([]))).toBe('no_face');
    expect(guide(frame([face(200, 100, 220, 0.3)]))).toBe('no_face');
  });

  it('says too_dark before anything else, even without a face', () => {
    expect(guide(frame([], DEFAULT_GUIDANCE_LIMITS.minBrightness - 1))).toBe('too_dark');
    expect(guide(frame([centred(220)], DEFAULT_GUIDANCE_LIMITS.minBrightness - 1))).toBe('too_dark');
    expect(guide(frame([centred(220)], DEFAULT_GUIDANCE_LIMITS.minBrightness))).toBe('ok');
  });

  it('says multiple_faces for a second face of comparable size, not for a tiny one far behind', () => {
    expect(guide(frame([centred(220), face(10, 10, 120)]))).toBe('multiple_faces');
    expect(guide(frame([centred(220), face(10, 10, 40)]))).toBe('ok');
  });

  it('says too_far and too_close at the width limits', () => {
    const minWidth = 640 * DEFAULT_GUIDANCE_LIMITS.minFaceWidthRatio;
    const maxWidth = 640 * DEFAULT_GUIDANCE_LIMITS.maxFaceWidthRatio;
    expect(guide(frame([centred(minWidth - 2)]))).toBe('too_far');
    expect(guide(frame([centred(minWidth + 2)]))).toBe('ok');
    expect(guide(frame([centred(maxWidth + 2)]))).toBe('too_close');
  });

  it('says off_centre when the face sits to one side or too high', () => {
    expect(guide(frame([face(0, 150, 180)]))).toBe('off_centre');
    expect(guide(frame([face(230, 0, 180)]))).toBe('off_centre');
  });
});
