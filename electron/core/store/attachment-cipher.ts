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
  const out = Buffer.alloc(sealedLength(plaintext.length, chunkBytes));
  let written = 0;
  sealAttachmentParts([plaintext], wrapKey, context, (bytes) => (written += Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).copy(out, written)), chunkBytes);
  return out;
};

/** Size of the sealed file for `plainLength` bytes. */
export const sealedLength = (plainLength: number, chunkBytes: number = DEFAULT_CHUNK_BYTES): number =>
  HEADER_BYTES + plainLength + Math.max(1, Math.ceil(plainLength / chunkBytes)) * TAG_BYTES;

/**
 * The same format as sealAttachment, for plaintext given in parts (read as one run of bytes) and
 * written out piece by piece: a large file (a consultation's recording) is sealed without a second
 * copy of it in memory.
 */
export const sealAttachmentParts = (
  parts: readonly Uint8Array[],
  wrapKey: Uint8Array,
  context: string,
  write: (bytes: Uint8Array) => void,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
): void => {
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
  write(header);

  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const chunkCount = Math.max(1, Math.ceil(total / chunkBytes));
  let part = 0;
  let offset = 0;
  for (let index = 0; index < chunkCount; index += 1) {
    const cipher = createCipheriv('aes-256-gcm', fileKey, chunkNonce(noncePrefix, index));
    cipher.setAAD(chunkAad(header, index, index === chunkCount - 1));
    // The chunk's plaintext, taken across part boundaries without joining the parts.
    let wanted = Math.min(chunkBytes, total - index * chunkBytes);
    while (wanted > 0) {
      const current = parts[part] as Uint8Array;
      const take = Math.min(wanted, current.length - offset);
      if (take > 0) write(cipher.update(current.subarray(offset, offset + take)));
      offset += take;
      wanted -= take;
      if (offset === current.length) {
        part += 1;
        offset = 0;
      }
    }
    write(cipher.final());
    write(cipher.getAuthTag());
  }
  fileKey.fill(0);
};

/** Any failure (wrong key, wrong attachment, edited, reordered or truncated) is one answer: tampered. */
export const openAttachment = (
  sealed: Uint8Array,
  wrapKey: Uint8Array,
  context: string,
): Result<Uint8Array, { code: 'tampered' }> => {
  const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  return openAttachmentFrom((position, length) => data.subarray(position, position + length), data.length, wrapKey, context);
};

/**
 * openAttachment over a source read piece by piece (`read(position, length)`, `size` bytes in all),
 * e.g. a large file read chunk by chunk: only the plaintext is held in memory, not the sealed copy.
 */
export const openAttachmentFrom = (
  read: (position: number, length: number) => Buffer,
  size: number,
  wrapKey: Uint8Array,
  context: string,
): Result<Uint8Array, { code: 'tampered' }> => {
  const tampered = err({ code: 'tampered' as const });
  if (size < HEADER_BYTES + TAG_BYTES) return tampered;
  const header = Buffer.from(read(0, HEADER_BYTES));
  if (!header.subarray(0, MAGIC.length).equals(MAGIC) || header.readUInt8(MAGIC.length) !== VERSION) return tampered;
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

  const bodyLength = size - HEADER_BYTES;
  const sealedChunk = chunkBytes + TAG_BYTES;
  const chunkCount = Math.max(1, Math.ceil(bodyLength / sealedChunk));
  const lastLength = bodyLength - (chunkCount - 1) * sealedChunk;
  if (lastLength < TAG_BYTES) return tampered;
  const out = Buffer.alloc(bodyLength - chunkCount * TAG_BYTES);
  let written = 0;
  try {
    for (let index = 0; index < chunkCount; index += 1) {
      const start = index * sealedChunk;
      const end = Math.min(start + sealedChunk, bodyLength);
      const chunk = read(HEADER_BYTES + start, end - start);
      if (chunk.length !== end - start) return tampered;
      const decipher = createDecipheriv('aes-256-gcm', fileKey, chunkNonce(noncePrefix, index));
      decipher.setAAD(chunkAad(header, index, index === chunkCount - 1));
      decipher.setAuthTag(chunk.subarray(chunk.length - TAG_BYTES));
      written += decipher.update(chunk.subarray(0, chunk.length - TAG_BYTES)).copy(out, written);
      written += decipher.final().copy(out, written);
    }
  } catch {
    out.fill(0);
    return tampered;
  } finally {
    fileKey.fill(0);
  }
  return ok(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
};
