import { describe, expect, it } from 'vitest';
import { parseByteRange } from './consultations.ts';

describe('parseByteRange', () => {
  const size = 1000;
  it('reads one range, an open end and a suffix, clamped to the file', () => {
    expect(parseByteRange('bytes=0-99', size)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=900-', size)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=900-5000', size)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-100', size)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=-5000', size)).toEqual({ start: 0, end: 999 });
    expect(parseByteRange(' bytes=5-5 ', size)).toEqual({ start: 5, end: 5 });
  });

  it('is unsatisfiable beyond the end or for an empty suffix', () => {
    expect(parseByteRange('bytes=1000-', size)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=5000-6000', size)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-0', size)).toBe('unsatisfiable');
  });

  it('ignores what it does not serve: no header, other units, several ranges, nonsense', () => {
    for (const header of [undefined, '', 'items=0-5', 'bytes=0-5,10-20', 'bytes=-', 'bytes=9-3', 'bytes=a-b', 'bytes=0x10-20', `bytes=${'9'.repeat(400)}-`]) {
      const parsed = parseByteRange(header, size);
      expect(parsed === null || parsed === 'unsatisfiable').toBe(true);
    }
    expect(parseByteRange('bytes=9-3', size)).toBeNull();
  });
});
