import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksLikeWebm } from './consultation-commit.ts';
import { regionCodeProblem } from './lawyer-profiles.ts';

const ebml = (docType: string, sizeByte = 0x80 | docType.length) =>
  Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, sizeByte]), Buffer.from(docType, 'latin1'), Buffer.alloc(40)]);

describe('looksLikeWebm', () => {
  it('accepts a real ffmpeg WebM and a NUL-padded DocType', () => {
    const fixture = readFileSync(join(import.meta.dirname, '../../../tests/fixtures/consult/recording.webm'));
    expect(looksLikeWebm(fixture.subarray(0, 64))).toBe(true);
    expect(looksLikeWebm(ebml('webm\0\0\0\0'))).toBe(true);
  });

  it('refuses Matroska, other files, a missing DocType and truncated headers', () => {
    expect(looksLikeWebm(ebml('matroska'))).toBe(false);
    expect(looksLikeWebm(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]))).toBe(false);
    expect(looksLikeWebm(Buffer.from('<html><video>webm</video></html>'))).toBe(false);
    expect(looksLikeWebm(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80]))).toBe(false);
    expect(looksLikeWebm(ebml('webm').subarray(0, 13))).toBe(false);
    expect(looksLikeWebm(ebml('web'))).toBe(false);
    expect(looksLikeWebm(Buffer.alloc(0))).toBe(false);
  });
});

describe('regionCodeProblem', () => {
  it('accepts mainland county and city codes', () => {
    for (const code of ['440106', '440100', '110101', '650102', '450109']) expect(regionCodeProblem(code)).toBeNull();
  });

  it('names what is wrong with the others', () => {
    expect(regionCodeProblem('990101')).toContain('no mainland province');
    expect(regionCodeProblem('810001')).toContain('no mainland province');
    expect(regionCodeProblem('000000')).toContain('no mainland province');
    expect(regionCodeProblem('440000')).toContain('whole province');
    expect(regionCodeProblem('44010')).toContain('6 digits');
    expect(regionCodeProblem('44010６')).toContain('6 digits');
  });
});
