import { describe, expect, it } from 'vitest';
import { decodesCleanly, makeLiveWebm, probeDuration } from './testing.ts';
import { fixWebmDuration } from './webm-duration.ts';

describe('fixWebmDuration', () => {
  it('gives a live WebM (no duration, as MediaRecorder writes it) the duration ffprobe then reports', async () => {
    const live = await makeLiveWebm(3);
    expect(await probeDuration(live)).toBeNull();
    const fixed = fixWebmDuration(live);
    if (!fixed.ok) throw new Error(fixed.error.code);
    expect(fixed.value.durationMs).toBeGreaterThan(2_900);
    expect(fixed.value.durationMs).toBeLessThan(3_100);
    const probed = await probeDuration(fixed.value.bytes);
    expect(probed).not.toBeNull();
    expect(Math.abs((probed as number) - 3)).toBeLessThan(0.1);
    // The index entries after Info were shifted, not broken: every frame still decodes.
    expect(await decodesCleanly(fixed.value.bytes)).toBe(true);
  });

  it('replaces a duration that is already there in place (same length)', async () => {
    const live = await makeLiveWebm(2);
    const once = fixWebmDuration(live);
    if (!once.ok) throw new Error(once.error.code);
    const twice = fixWebmDuration(once.value.bytes);
    if (!twice.ok) throw new Error(twice.error.code);
    expect(twice.value.bytes.length).toBe(once.value.bytes.length);
    expect(twice.value.durationMs).toBe(once.value.durationMs);
  });

  it('uses what survived of a recording cut mid-cluster (a crash)', async () => {
    const live = await makeLiveWebm(3);
    const cut = live.subarray(0, Math.floor(live.length * 0.6));
    const fixed = fixWebmDuration(cut);
    if (!fixed.ok) throw new Error(fixed.error.code);
    expect(fixed.value.durationMs).toBeGreaterThan(500);
    expect(fixed.value.durationMs).toBeLessThan(2_500);
  });

  it('refuses what is not a WebM, and a WebM without any frame, with a code', () => {
    expect(fixWebmDuration(new Uint8Array(0))).toEqual({ ok: false, error: { code: 'not_webm' } });
    expect(fixWebmDuration(new TextEncoder().encode('<html>not a video</html>'))).toEqual({ ok: false, error: { code: 'not_webm' } });
    expect(fixWebmDuration(new Uint8Array(100_000).fill(0xff))).toMatchObject({ ok: false });
  });

  it('survives hostile bytes after a valid header without throwing', async () => {
    const live = await makeLiveWebm(1);
    for (let i = 0; i < 50; i += 1) {
      const damaged = Buffer.from(live);
      for (let j = 0; j < 20; j += 1) damaged[Math.floor(Math.random() * damaged.length)] = Math.floor(Math.random() * 256);
      expect(() => fixWebmDuration(damaged)).not.toThrow();
    }
  });
});
