import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../../../domain/result.ts';

/**
 * Encrypted attachment format (version 1), see README.md:
 *
 *   header (77 bytes)
 *     magic "KSAF" (4) | version u8 = 1 | chunk size u32 BE | nonce prefix (8, random per file)
 *     | wrap nonce (12) | wrapped file key (32) | wrap tag (16)
 *   chunks: AES-256-GCM(file key, nonce = prefix || chunk index u32 BE,
 *                       aad = header || chunk index u32 BE || final flag u8) ciphertext || tag (16)
 *
 * The file key is random per file and wrapped with AES-256-GCM by the store's wrapping key, with the
 * attachment id in the wrap's AAD, so a file swapped for another attachment's file is rejected.
 * The index and final flag in each chunk's AAD make reordering, dropping and truncating chunks
 * (even at a chunk boundary) fail authentication. Every chunk is authenticated with the whole
 * header, so the header cannot be edited either.
 */
const MAGIC = Buffer.from('KSAF', 'ascii');
const VERSION = 1;
const KEY_BYTES = 32;
const TAG_BYTES = 16;
const NONCE_PREFIX_BYTES = 8;
const WRAP_NONCE_BYTES = 12;
export const HEADER_BYTES = MAGIC.length + 1 + 4 + NONCE_PREFIX_BYTES + WRAP_NONCE_BYTES + KEY_BYTES + TAG_BYTES;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

const chunkNonce = (prefix: Uint8Array, index: number): Buffer => {
  const nonce = Buffer.alloc(NONCE_PREFIX_BYTES + 4);
  nonce.set(prefix, 0);
  nonce.writeUInt32BE(index, NONCE_PREFIX_BYTES);
  return nonce;
};

const chunkAad = (header: Uint8Array, index: number, final: boolean): Buffer => {
  const suffix = Buffer.alloc(5);
  suffix.writeUInt32BE(index, 0);
  suffix.writeUInt8(final ? 1 : 0, 4);
  return Buffer.concat([header, suffix]);
};

/** The part of the header the wrapped key depends on, plus the attachment's identity. */
const wrapAad = (header: Uint8Array, context: string): Buffer =>
  Buffer.concat([header.subarray(0, MAGIC.length + 1 + 4 + NONCE_PREFIX_BYTES), Buffer.from(context, 'utf8')]);

export const sealAttachment = (
  plaintext: Uint8Array,
  wrapKey: Uint8Array,
  context: string,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
): Buffer => {
  if (wrapKey.length !== KEY_BYTES) throw new RangeError('wrapping key must be 32 bytes');
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) throw new RangeError('bad chunk size');
  const fileKey = randomBytes(KEY_BYTES);
  const header = Buffer.alloc(HEADER_BYTES);
  let at = MAGIC.copy(header, 0);
  at = header.writeUInt8(VERSION, at);
  at = header.writeUInt32BE(chunkBytes, at);
  const noncePrefix = randomBytes(NONCE_PREFIX_BYTES);
  at += noncePrefix.copy(header, at);
  const wrapNonce = randomBytes(WRAP_NONCE_BYTES);
  at += wrapNonce.copy(header, at);
  const wrapper = createCipheriv('aes-256-gcm', wrapKey, wrapNonce);
  wrapper.setAAD(wrapAad(header, context));
  at += Buffer.concat([wrapper.update(fileKey), wrapper.final()]).copy(header, at);
  wrapper.getAuthTag().copy(header, at);

  const chunkCount = Math.max(1, Math.ceil(plaintext.length / chunkBytes));
  const out = Buffer.alloc(HEADER_BYTES + plaintext.length + chunkCount * TAG_BYTES);
  header.copy(out, 0);
  let written = HEADER_BYTES;
  for (let index = 0; index < chunkCount; index += 1) {
    const cipher = createCipheriv('aes-256-gcm', fileKey, chunkNonce(noncePrefix, index));
    cipher.setAAD(chunkAad(header, index, index === chunkCount - 1));
    const piece = plaintext.subarray(index * chunkBytes, (index + 1) * chunkBytes);
    written += cipher.update(piece).copy(out, written);
    written += cipher.final().copy(out, written);
    written += cipher.getAuthTag().copy(out, written);
  }
  fileKey.fill(0);
  return out;
};

/** Any failure (wrong key, wrong attachment, edited, reordered or truncated) is one answer: tampered. */
export const openAttachment = (
  sealed: Uint8Array,
  wrapKey: Uint8Array,
  context: string,
): Result<Uint8Array, { code: 'tampered' }> => {
  const tampered = err({ code: 'tampered' as const });
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (data.length < HEADER_BYTES + TAG_BYTES) return tampered;
  if (!data.subarray(0, MAGIC.length).equals(MAGIC) || data.readUInt8(MAGIC.length) !== VERSION) return tampered;
  const header = data.subarray(0, HEADER_BYTES);
  let at = MAGIC.length + 1;
  const chunkBytes = header.readUInt32BE(at);
  at += 4;
  if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) return tampered;
  const noncePrefix = header.subarray(at, (at += NONCE_PREFIX_BYTES));
  const wrapNonce = header.subarray(at, (at += WRAP_NONCE_BYTES));
  const wrappedKey = header.subarray(at, (at += KEY_BYTES));
  const wrapTag = header.subarray(at, (at += TAG_BYTES));

  let fileKey: Buffer;
  try {
    const unwrapper = createDecipheriv('aes-256-gcm', wrapKey, wrapNonce);
    unwrapper.setAAD(wrapAad(header, context));
    unwrapper.setAuthTag(wrapTag);
    fileKey = Buffer.concat([unwrapper.update(wrappedKey), unwrapper.final()]);
  } catch {
    return tampered;
  }

  const body = data.subarray(HEADER_BYTES);
  const sealedChunk = chunkBytes + TAG_BYTES;
  const chunkCount = Math.max(1, Math.ceil(body.length / sealedChunk));
  const lastLength = body.length - (chunkCount - 1) * sealedChunk;
  if (lastLength < TAG_BYTES) return tampered;
  const out = Buffer.alloc(body.length - chunkCount * TAG_BYTES);
  let written = 0;
  try {
    for (let index = 0; index < chunkCount; index += 1) {
      const start = index * sealedChunk;
      const end = Math.min(start + sealedChunk, body.length);
      const decipher = createDecipheriv('aes-256-gcm', fileKey, chunkNonce(noncePrefix, index));
      decipher.setAAD(chunkAad(header, index, index === chunkCount - 1));
      decipher.setAuthTag(body.subarray(end - TAG_BYTES, end));
      written += decipher.update(body.subarray(start, end - TAG_BYTES)).copy(out, written);
      written += decipher.final().copy(out, written);
    }
  } catch {
    return tampered;
  } finally {
    fileKey.fill(0);
  }
  return ok(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
};
