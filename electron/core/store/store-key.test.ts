import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStoreKey, loadStoreKey } from './store-key.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'store-key-'));

describe('store key file', () => {
  it('creates 32 random bytes as 64 hex chars, mode 0600, and loads them back', () => {
    const file = join(dir(), 'store.key');
    const key = createStoreKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const loaded = loadStoreKey(file);
    expect(loaded.ok && Buffer.from(loaded.value).equals(Buffer.from(key))).toBe(true);
    expect(Buffer.from(createStoreKey(join(dir(), 'other.key'))).equals(Buffer.from(key))).toBe(false);
  });

  it('never overwrites an existing key', () => {
    const file = join(dir(), 'store.key');
    const key = createStoreKey(file);
    expect(() => createStoreKey(file)).toThrow();
    const loaded = loadStoreKey(file);
    expect(loaded.ok && Buffer.from(loaded.value).equals(Buffer.from(key))).toBe(true);
  });

  it('reports a missing file', () => {
    expect(loadStoreKey(join(dir(), 'absent.key'))).toEqual({ ok: false, error: { code: 'missing' } });
  });

  it.each(['abc', 'zz'.repeat(32), 'ab'.repeat(33), ''])('reports malformed content %j', (text) => {
    const file = join(dir(), 'store.key');
    writeFileSync(file, text, { mode: 0o600 });
    expect(loadStoreKey(file)).toEqual({ ok: false, error: { code: 'malformed' } });
  });

  it.each([0o640, 0o604, 0o644])('refuses a key file with mode %o', (mode) => {
    const file = join(dir(), 'store.key');
    createStoreKey(file);
    chmodSync(file, mode);
    expect(loadStoreKey(file)).toEqual({ ok: false, error: { code: 'insecure_permissions' } });
  });
});
