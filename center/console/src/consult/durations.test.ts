import { describe, expect, it } from 'vitest';
import { durationWords, megabytes } from './durations.ts';

describe('durations in words', () => {
  it('says seconds below a minute, rounded', () => {
    expect(durationWords(0)).toEqual({ key: 'history.seconds', n: 0 });
    expect(durationWords(4_400)).toEqual({ key: 'history.seconds', n: 4 });
    expect(durationWords(59_400)).toEqual({ key: 'history.seconds', n: 59 });
  });
  it('says minutes and seconds from a minute on', () => {
    expect(durationWords(60_000)).toEqual({ key: 'history.minutes', m: 1, s: 0 });
    expect(durationWords(754_000)).toEqual({ key: 'history.minutes', m: 12, s: 34 });
  });
  it('never goes negative', () => {
    expect(durationWords(-5_000)).toEqual({ key: 'history.seconds', n: 0 });
  });
  it('gives recording sizes in MB', () => {
    expect(megabytes(360 * 1024 * 1024)).toBe('360.0');
    expect(megabytes(1_572_864)).toBe('1.5');
  });
});
