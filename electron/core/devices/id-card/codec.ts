/**
 * GA 467-style SAM frames: pure bytes <-> messages, no I/O.
 *
 * host -> SAM : AA AA AA 96 69 | LEN_H LEN_L | CMD PARA [DATA...] | CHK
 * SAM -> host : AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 [DATA...] | CHK
 * LEN counts the bytes after the length field including CHK (big-endian); CHK is the XOR of every
 * byte from LEN_H up to the byte before CHK. Both directions share the framing, so one encoder and
 * one streaming decoder serve the driver and the simulator alike.
 */
import { err, ok, type Result } from '../../../../domain/result.ts';

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
/** Preamble + two length bytes. */
export const HEADER_LENGTH = PREAMBLE.length + 2;

export const TEXT_LENGTH = 256;
export const PHOTO_LENGTH = 1024;
export const FINGERPRINT_LENGTH = 1024;

/**
 * The largest LEN a SAM sends: read with fingerprints is 3 status + 6 length + 2304 data + CHK
 * = 2314. Anything much larger is a corrupted length field; waiting for it would stall the stream.
 */
export const DEFAULT_MAX_LEN = 0x0a00;
/** The shortest legal body is CMD PARA CHK. */
export const MIN_LEN = 3;

// ---------------------------------------------------------------------------------------------
// Framing

const xor = (bytes: Uint8Array, from: number, to: number): number => {
  let chk = 0;
  for (let i = from; i < to; i++) chk ^= bytes[i]!;
  return chk;
};

/** Wraps a payload (the bytes between the length field and CHK) in a complete frame. */
export function encodeFrame(payload: Uint8Array): Uint8Array {
  const len = payload.length + 1;
  if (len > 0xffff) throw new RangeError(`payload too long for a SAM frame: ${payload.length}`);
  const frame = new Uint8Array(HEADER_LENGTH + len);
  frame.set(PREAMBLE, 0);
  frame[5] = len >> 8;
  frame[6] = len & 0xff;
  frame.set(payload, HEADER_LENGTH);
  frame[frame.length - 1] = xor(frame, 5, frame.length - 1);
  return frame;
}

// ---------------------------------------------------------------------------------------------
// Host -> SAM commands

export const COMMANDS = {
  reset: [0x10, 0xff],
  sam_status: [0x11, 0xff],
  sam_id: [0x12, 0xff],
  find_card: [0x20, 0x01],
  select_card: [0x20, 0x02],
  read: [0x30, 0x01],
  read_with_fingerprint: [0x30, 0x10],
  set_max_rf_bytes: [0x61, 0xff],
} as const satisfies Record<string, readonly [number, number]>;

export type CommandName = keyof typeof COMMANDS;

export function encodeCommand(name: CommandName, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const [cmd, para] = COMMANDS[name];
  const payload = new Uint8Array(2 + data.length);
  payload[0] = cmd;
  payload[1] = para;
  payload.set(data, 2);
  return encodeFrame(payload);
}

/** Set the maximum number of bytes per RF exchange (61 FF xx); readers ship with 0x50. */
export const encodeSetMaxRfBytes = (value: number): Uint8Array => {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`max RF bytes must be a byte: ${value}`);
  return encodeCommand('set_max_rf_bytes', Uint8Array.of(value));
};

export interface ParsedCommand {
  /** null when CMD PARA is not one we know (the SAM answers 21 "bad command"). */
  readonly name: CommandName | null;
  readonly cmd: number;
  readonly para: number;
  readonly data: Uint8Array;
}

/** Simulator side: what did the host ask for? */
export function parseCommand(payload: Uint8Array): Result<ParsedCommand, 'too_short'> {
  if (payload.length < 2) return err('too_short');
  const cmd = payload[0]!;
  const para = payload[1]!;
  const entry = Object.entries(COMMANDS).find(([, [c, p]]) => c === cmd && p === para);
  return ok({ name: entry ? (entry[0] as CommandName) : null, cmd, para, data: payload.subarray(2) });
}

// ---------------------------------------------------------------------------------------------
// SW3 status codes (SW1 = SW2 = 00)

export const SW3 = {
  ok: 0x90,
  no_content: 0x91,
  card_found: 0x9f,
  checksum_error: 0x10,
  length_error: 0x11,
  bad_command: 0x21,
  unauthorised: 0x23,
  unrecognised_error: 0x24,
  card_auth_failed: 0x31,
  sam_auth_failed: 0x32,
  info_verify_failed: 0x33,
  fingerprint_verify_error: 0x37,
  length_error_3f: 0x3f,
  unknown_card_type: 0x40,
  read_failed: 0x41,
  random_number_failed: 0x47,
  sam_self_test_failed: 0x60,
  sam_not_authorised: 0x66,
  find_failed: 0x80,
  select_failed: 0x81,
} as const;

export type Sw3Name = keyof typeof SW3;

const SW3_NAMES = new Map<number, Sw3Name>(Object.entries(SW3).map(([name, code]) => [code, name as Sw3Name]));

/** Names a status byte; unknown values stay visible as numbers rather than being folded into one. */
export const sw3Name = (sw3: number): Sw3Name | null => SW3_NAMES.get(sw3) ?? null;

/** Technician-facing wording (identity.md's table). */
export const SW3_DESCRIPTIONS: Readonly<Record<Sw3Name, string>> = {
  ok: 'ok',
  no_content: 'no such content',
  card_found: 'card found',
  checksum_error: 'SAM saw a checksum error',
  length_error: 'SAM saw a length error',
  bad_command: 'bad command',
  unauthorised: 'unauthorised',
  unrecognised_error: 'unrecognised error',
  card_auth_failed: 'card -> SAM authentication failed',
  sam_auth_failed: 'SAM -> card authentication failed',
  info_verify_failed: 'information verification failed',
  fingerprint_verify_error: 'fingerprint verification error',
  length_error_3f: 'length error',
  unknown_card_type: 'unknown card type',
  read_failed: 'read failed',
  random_number_failed: 'random number failure',
  sam_self_test_failed: 'SAM self-test failed',
  sam_not_authorised: 'SAM not authorised',
  find_failed: 'find failed (no card)',
  select_failed: 'select failed',
};

// ---------------------------------------------------------------------------------------------
// SAM -> host responses

export interface SamResponse {
  readonly sw1: number;
  readonly sw2: number;
  readonly sw3: number;
  readonly data: Uint8Array;
}

export function parseResponse(payload: Uint8Array): Result<SamResponse, 'too_short'> {
  if (payload.length < 3) return err('too_short');
  return ok({ sw1: payload[0]!, sw2: payload[1]!, sw3: payload[2]!, data: payload.subarray(3) });
}

export function encodeResponse(sw3: number, data: Uint8Array = new Uint8Array(0), sw1 = 0, sw2 = 0): Uint8Array {
  const payload = new Uint8Array(3 + data.length);
  payload[0] = sw1;
  payload[1] = sw2;
  payload[2] = sw3;
  payload.set(data, 3);
  return encodeFrame(payload);
}

export interface ReadBlocks {
  readonly text: Uint8Array;
  readonly photo: Uint8Array;
  readonly fingerprint: Uint8Array | null;
}

/** Builds the data of a read response: big-endian lengths first, then the blocks in that order. */
export function encodeReadData(blocks: ReadBlocks): Uint8Array {
  const parts = [blocks.text, blocks.photo, ...(blocks.fingerprint ? [blocks.fingerprint] : [])];
  const out = new Uint8Array(parts.length * 2 + parts.reduce((n, p) => n + p.length, 0));
  parts.forEach((p, i) => {
    out[i * 2] = p.length >> 8;
    out[i * 2 + 1] = p.length & 0xff;
  });
  let at = parts.length * 2;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const encodeReadResponse = (blocks: ReadBlocks): Uint8Array => encodeResponse(SW3.ok, encodeReadData(blocks));

export type ReadDataError = 'too_short' | 'length_mismatch' | 'unexpected_block_size';

/**
 * Splits the data of a successful read into text, photo and (with 30 10) fingerprint. The lengths
 * are checked against what the chip defines so a truncated or shifted frame is refused, not parsed.
 */
export function parseReadData(data: Uint8Array, withFingerprint: boolean): Result<ReadBlocks, ReadDataError> {
  const count = withFingerprint ? 3 : 2;
  if (data.length < count * 2) return err('too_short');
  const lengths = Array.from({ length: count }, (_, i) => (data[i * 2]! << 8) | data[i * 2 + 1]!);
  const expected = [TEXT_LENGTH, PHOTO_LENGTH, FINGERPRINT_LENGTH].slice(0, count);
  if (lengths.some((l, i) => l !== expected[i])) return err('unexpected_block_size');
  if (data.length !== count * 2 + lengths.reduce((a, b) => a + b, 0)) return err('length_mismatch');
  let at = count * 2;
  const take = (n: number): Uint8Array => {
    // Copy: the frame buffer is transient and the card data outlives it.
    const block = data.slice(at, at + n);
    at += n;
    return block;
  };
  const text = take(TEXT_LENGTH);
  const photo = take(PHOTO_LENGTH);
  const fingerprint = withFingerprint ? take(FINGERPRINT_LENGTH) : null;
  return ok({ text, photo, fingerprint });
}

/** Find answers 4 bytes, select 8, SAM id 16: the driver uses this to spot stale or foreign frames. */
export const RESPONSE_DATA_LENGTH = { find_card: 4, select_card: 8, sam_id: 16 } as const;

/**
 * Formats the 16-byte SAM id the way vendor tools print it on the reader's label:
 * two little-endian 16-bit parts, then three little-endian 32-bit parts.
 */
export function formatSamId(data: Uint8Array): Result<string, 'too_short'> {
  if (data.length < 16) return err('too_short');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number): string => String(view.getUint16(at, true)).padStart(2, '0');
  const u32 = (at: number, width: number): string => String(view.getUint32(at, true)).padStart(width, '0');
  return ok(`${u16(0)}.${u16(2)}-${u32(4, 8)}-${u32(8, 10)}-${u32(12, 10)}`);
}

// ---------------------------------------------------------------------------------------------
// Streaming decoder

export type DecodedItem =
  | { readonly kind: 'frame'; readonly payload: Uint8Array }
  /** Bytes dropped while looking for a preamble. */
  | { readonly kind: 'garbage'; readonly length: number }
  | { readonly kind: 'checksum'; readonly expected: number; readonly actual: number }
  | { readonly kind: 'length'; readonly len: number };

export interface FrameDecoderOptions {
  readonly maxLen?: number;
}

/**
 * Accepts arbitrary chunks and yields whole frames. Errors are values; the decoder always keeps
 * going. After a bad checksum or an absurd length it drops only the first preamble byte and
 * searches again, because a corrupted length may have swallowed the start of the next good frame.
 */
export class FrameDecoder {
  private buffer = new Uint8Array(0);
  private readonly maxLen: number;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxLen = options.maxLen ?? DEFAULT_MAX_LEN;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Forget buffered bytes, e.g. before a new command after a timeout (they can only be stale). */
  reset(): void {
    this.buffer = new Uint8Array(0);
  }

  push(chunk: Uint8Array): DecodedItem[] {
    const joined = new Uint8Array(this.buffer.length + chunk.length);
    joined.set(this.buffer, 0);
    joined.set(chunk, this.buffer.length);
    const items: DecodedItem[] = [];
    let at = 0;
    let garbage = 0;
    const flushGarbage = (): void => {
      if (garbage > 0) items.push({ kind: 'garbage', length: garbage });
      garbage = 0;
    };

    while (at < joined.length) {
      const start = findPreamble(joined, at);
      if (start === -1) {
        // Keep a tail that could be the beginning of a preamble split across chunks.
        const keep = partialPreambleTail(joined, at);
        garbage += joined.length - at - keep;
        at = joined.length - keep;
        break;
      }
      garbage += start - at;
      at = start;
      if (joined.length - at < HEADER_LENGTH) break;
      const len = (joined[at + 5]! << 8) | joined[at + 6]!;
      if (len < MIN_LEN || len > this.maxLen) {
        flushGarbage();
        items.push({ kind: 'length', len });
        at += 1;
        continue;
      }
      const end = at + HEADER_LENGTH + len;
      if (joined.length < end) break;
      const expected = xor(joined, at + 5, end - 1);
      const actual = joined[end - 1]!;
      flushGarbage();
      if (expected !== actual) {
        items.push({ kind: 'checksum', expected, actual });
        at += 1;
        continue;
      }
      items.push({ kind: 'frame', payload: joined.slice(at + HEADER_LENGTH, end - 1) });
      at = end;
    }
    flushGarbage();
    this.buffer = joined.slice(at);
    return items;
  }
}

function findPreamble(bytes: Uint8Array, from: number): number {
  outer: for (let i = from; i + PREAMBLE.length <= bytes.length; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) if (bytes[i + j] !== PREAMBLE[j]) continue outer;
    return i;
  }
  return -1;
}

/** Length of the longest suffix of bytes[from..] that is a proper prefix of the preamble. */
function partialPreambleTail(bytes: Uint8Array, from: number): number {
  const max = Math.min(PREAMBLE.length - 1, bytes.length - from);
  for (let n = max; n > 0; n--) {
    let match = true;
    for (let j = 0; j < n; j++) {
      if (bytes[bytes.length - n + j] !== PREAMBLE[j]) {
        match = false;
        break;
      }
    }
    if (match) return n;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Helpers for fixtures and logs (never used on card contents in logs)

export const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

export const fromHex = (text: string): Uint8Array => {
  const clean = text.replace(/[^0-9a-fA-F]/g, '');
  if (clean.length % 2 !== 0) throw new Error('odd number of hex digits');
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
};
