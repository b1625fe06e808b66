import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applicantKey, loadOrCreateLookupKey } from './lookup-key.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-key-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lookup key', () => {
  it('keys an ID number by HMAC: stable under one key, different under another, X in either case', () => {
    const key = Buffer.alloc(32, 1);
    const id = '11010519491231002X';
    expect(applicantKey(key, id)).toMatch(/^[0-9a-f]{64}$/);
    expect(applicantKey(key, id)).toBe(applicantKey(key, id.toLowerCase()));
    expect(applicantKey(key, id)).not.toBe(applicantKey(Buffer.alloc(32, 2), id));
    expect(applicantKey(key, id)).not.toContain('11010519491231');
  });

  it('creates a 32-byte key with mode 0600 once, then reads the same key', () => {
    const file = join(tempDir(), 'keys', 'lookup.key');
    const first = loadOrCreateLookupKey(file);
    expect(first.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
    expect(loadOrCreateLookupKey(file).equals(first)).toBe(true);
    expect(readFileSync(file).equals(first)).toBe(true);
  });

  it('refuses a key others can read or of the wrong length, rather than replacing it', () => {
    const dir = tempDir();
    const open = join(dir, 'open.key');
    writeFileSync(open, Buffer.alloc(32, 7), { mode: 0o644 });
    chmodSync(open, 0o644);
    expect(() => loadOrCreateLookupKey(open)).toThrow(/chmod 600/);
    const short = join(dir, 'short.key');
    writeFileSync(short, Buffer.alloc(16, 7), { mode: 0o600 });
    expect(() => loadOrCreateLookupKey(short)).toThrow(/32 bytes/);
    expect(readFileSync(short).length).toBe(16);
  });
});
