import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_BYTES, HEADER_BYTES, openAttachment, sealAttachment } from './attachment-cipher.ts';

const key = randomBytes(32);
const TAG = 16;
const chunk = DEFAULT_CHUNK_BYTES;

const roundTrip = (plain: Uint8Array) => {
  const opened = openAttachment(sealAttachment(plain, key, 'att-1'), key, 'att-1');
  expect(opened.ok).toBe(true);
  return opened.ok ? Buffer.from(opened.value) : null;
};

describe('encrypted attachment files', () => {
  it.each([0, 1, chunk - 1, chunk, chunk + 1, 250_000])('round-trips %i bytes', (size) => {
    const plain = randomBytes(size);
    expect(roundTrip(plain)?.equals(plain)).toBe(true);
  });

  it('does not contain the plaintext', () => {
    const plain = Buffer.from('张三 110105199001011234 '.repeat(200), 'utf8');
    const sealed = sealAttachment(plain, key, 'att-1');
    expect(sealed.includes(Buffer.from('110105199001011234'))).toBe(false);
    expect(sealed.includes(Buffer.from('张三'))).toBe(false);
  });

  it('uses a fresh key and nonce per file: the same photo twice gives unrelated files', () => {
    const plain = randomBytes(1000);
    const a = sealAttachment(plain, key, 'att-1');
    const b = sealAttachment(plain, key, 'att-1');
    const wrapped = (x: Buffer) => x.subarray(HEADER_BYTES - 48, HEADER_BYTES);
    expect(wrapped(a).equals(wrapped(b))).toBe(false);
    expect(a.subarray(HEADER_BYTES).equals(b.subarray(HEADER_BYTES))).toBe(false);
  });

  it.each([
    ['magic', 0],
    ['chunk size', 6],
    ['nonce prefix', 10],
    ['wrapped key', HEADER_BYTES - 20],
    ['first ciphertext byte', HEADER_BYTES],
    ['a tag', HEADER_BYTES + chunk + 3],
    ['the last byte', -1],
  ])('detects a flipped bit in %s', (_where, offset) => {
    const sealed = sealAttachment(randomBytes(3 * chunk), key, 'att-1');
    const at = offset < 0 ? sealed.length + offset : offset;
    sealed[at]! ^= 0x01;
    expect(openAttachment(sealed, key, 'att-1')).toEqual({ ok: false, error: { code: 'tampered' } });
  });

  it('detects truncation, also exactly at a chunk boundary, and an emptied body', () => {
    const sealed = sealAttachment(randomBytes(3 * chunk + 100), key, 'att-1');
    for (const length of [HEADER_BYTES + 2 * (chunk + TAG), HEADER_BYTES + chunk + TAG, sealed.length - 1, HEADER_BYTES, 10]) {
      expect(openAttachment(sealed.subarray(0, length), key, 'att-1').ok).toBe(false);
    }
  });

  it('detects reordered chunks', () => {
    const sealed = sealAttachment(randomBytes(3 * chunk), key, 'att-1');
    const c = (i: number) => sealed.subarray(HEADER_BYTES + i * (chunk + TAG), HEADER_BYTES + (i + 1) * (chunk + TAG));
    const swapped = Buffer.concat([sealed.subarray(0, HEADER_BYTES), c(1), c(0), c(2)]);
    expect(swapped.length).toBe(sealed.length);
    expect(openAttachment(swapped, key, 'att-1').ok).toBe(false);
  });

  it('refuses another attachment id (a swapped file) and another key', () => {
    const sealed = sealAttachment(randomBytes(100), key, 'att-1');
    expect(openAttachment(sealed, key, 'att-2').ok).toBe(false);
    expect(openAttachment(sealed, randomBytes(32), 'att-1').ok).toBe(false);
  });
});
