/**
 * MediaRecorder's WebM has no duration (it is written live: Segment and Clusters of unknown size,
 * no Duration in Segment Info), so players show no length and seek badly. This patches the file in
 * JS (the kiosk also runs on Windows, where no ffmpeg is at hand): the duration is read from the
 * file itself (the latest block timestamp) and written as Segment Info's Duration element.
 *
 * Adding the element makes Info longer, so everything after it moves: a Segment of known size
 * grows by the same amount, and positions that point past Info (SeekHead entries, Cues' cluster
 * positions) are shifted in place with their original width. A position that no longer fits its
 * width turns its whole SeekHead or Cues into a Void element of the same size: both are optional
 * indexes (players scan without them), while a wrong position would mislead them.
 */
import { err, ok, type Result } from '../../../domain/result.ts';

const ID = {
  ebml: 0x1a45dfa3,
  segment: 0x18538067,
  seekHead: 0x114d9b74,
  seek: 0x4dbb,
  seekPosition: 0x53ac,
  info: 0x1549a966,
  timecodeScale: 0x2ad7b1,
  duration: 0x4489,
  cluster: 0x1f43b675,
  clusterTimecode: 0xe7,
  simpleBlock: 0xa3,
  blockGroup: 0xa0,
  block: 0xa1,
  cues: 0x1c53bb6b,
  cuePoint: 0xbb,
  cueTrackPositions: 0xb7,
  cueClusterPosition: 0xf1,
  void: 0xec,
} as const;

const DEFAULT_TIMECODE_SCALE = 1_000_000; // ns per tick: 1 ms

export type WebmFixError = { code: 'not_webm' | 'no_info' | 'no_blocks' };

interface Element {
  id: number;
  /** Offset of the element's first ID byte. */
  start: number;
  /** Offset of its data. */
  dataStart: number;
  /** Data size; null when unknown (live writing). */
  size: number | null;
  /** Bytes used by the size field (to rewrite it). */
  sizeLength: number;
}

const readId = (b: Uint8Array, at: number): { id: number; length: number } | null => {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23; // 1 for 0b1xxxxxxx ... 4 for 0b0001xxxx
  if (length < 1 || length > 4 || at + length > b.length) return null;
  let id = 0;
  for (let i = 0; i < length; i += 1) id = id * 256 + (b[at + i] as number);
  return { id, length };
};

const readSize = (b: Uint8Array, at: number): { size: number | null; length: number } | null => {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length < 1 || length > 8 || at + length > b.length) return null;
  let value = first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let i = 1; i < length; i += 1) {
    const byte = b[at + i] as number;
    if (byte !== 0xff) allOnes = false;
    value = value * 256 + byte;
  }
  return { size: allOnes ? null : value, length };
};

const readElement = (b: Uint8Array, at: number): Element | null => {
  const id = readId(b, at);
  if (!id) return null;
  const size = readSize(b, at + id.length);
  if (!size) return null;
  return { id: id.id, start: at, dataStart: at + id.length + size.length, size: size.size, sizeLength: size.length };
};

const readUint = (b: Uint8Array, at: number, length: number): number => {
  let value = 0;
  for (let i = 0; i < length; i += 1) value = value * 256 + (b[at + i] as number);
  return value;
};

const writeUint = (b: Uint8Array, at: number, length: number, value: number): boolean => {
  if (value >= 2 ** (8 * length)) return false;
  let rest = value;
  for (let i = length - 1; i >= 0; i -= 1) {
    b[at + i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return true;
};

/** Size field of `length` bytes (1..8) holding `value`. */
const encodeSize = (value: number, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  writeUint(out, 0, length, value);
  out[0] = (out[0] as number) | (0x80 >> (length - 1));
  return out;
};

const minimalSizeLength = (value: number): number => {
  for (let length = 1; length <= 8; length += 1) if (value < 2 ** (7 * length) - 1) return length;
  throw new RangeError('size too large');
};

const idBytes = (id: number): Uint8Array => {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const out = new Uint8Array(length);
  writeUint(out, 0, length, id);
  return out;
};

/** Children of a known-size master element. */
const childrenOf = (b: Uint8Array, parent: Element): Element[] => {
  const out: Element[] = [];
  const end = Math.min(b.length, parent.dataStart + (parent.size ?? 0));
  let at = parent.dataStart;
  while (at < end) {
    const child = readElement(b, at);
    if (!child || child.size === null) break;
    out.push(child);
    at = child.dataStart + child.size;
  }
  return out;
};

/** A level-1 element (4-byte id) ends an unknown-size Cluster. */
const isTopLevelId = (id: number) => id > 0xffffff;

interface Scan {
  segment: Element;
  info: Element | null;
  seekHeads: Element[];
  cues: Element[];
  timecodeScale: number;
  /** Latest block time in ticks, or null without blocks. */
  lastTick: number | null;
}

const blockTick = (b: Uint8Array, block: Element, clusterTick: number): number | null => {
  const track = readSize(b, block.dataStart);
  if (!track) return null;
  const at = block.dataStart + track.length;
  if (at + 2 > b.length) return null;
  const relative = ((b[at] as number) << 24) >> 16 | (b[at + 1] as number); // signed 16 bit
  return clusterTick + relative;
};

const scan = (b: Uint8Array): Result<Scan, WebmFixError> => {
  const header = readElement(b, 0);
  if (!header || header.id !== ID.ebml || header.size === null) return err({ code: 'not_webm' });
  const segment = readElement(b, header.dataStart + header.size);
  if (!segment || segment.id !== ID.segment) return err({ code: 'not_webm' });
  const segmentEnd = segment.size === null ? b.length : Math.min(b.length, segment.dataStart + segment.size);
  const result: Scan = { segment, info: null, seekHeads: [], cues: [], timecodeScale: DEFAULT_TIMECODE_SCALE, lastTick: null };
  const seeBlock = (tick: number | null) => {
    if (tick !== null && (result.lastTick === null || tick > result.lastTick)) result.lastTick = tick;
  };

  let at = segment.dataStart;
  while (at < segmentEnd) {
    const el = readElement(b, at);
    if (!el) break; // a torn tail (the recording was cut): what came before still counts
    if (el.id === ID.cluster) {
      // Children until the cluster's end, or (unknown size) the next level-1 element.
      const end = el.size === null ? segmentEnd : Math.min(segmentEnd, el.dataStart + el.size);
      let clusterTick = 0;
      let inner = el.dataStart;
      while (inner < end) {
        const child = readElement(b, inner);
        if (!child || child.size === null || (el.size === null && isTopLevelId(child.id))) break;
        if (child.dataStart + child.size > b.length) break;
        if (child.id === ID.clusterTimecode) clusterTick = readUint(b, child.dataStart, child.size);
        else if (child.id === ID.simpleBlock) seeBlock(blockTick(b, child, clusterTick));
        else if (child.id === ID.blockGroup) {
          const block = childrenOf(b, child).find((c) => c.id === ID.block);
          if (block) seeBlock(blockTick(b, block, clusterTick));
        }
        inner = child.dataStart + child.size;
      }
      at = inner;
      continue;
    }
    if (el.size === null) break;
    if (el.id === ID.info) {
      result.info = el;
      const scale = childrenOf(b, el).find((c) => c.id === ID.timecodeScale);
      if (scale && scale.size !== null && scale.size > 0 && scale.size <= 6) result.timecodeScale = readUint(b, scale.dataStart, scale.size) || DEFAULT_TIMECODE_SCALE;
    } else if (el.id === ID.seekHead) result.seekHeads.push(el);
    else if (el.id === ID.cues) result.cues.push(el);
    at = el.dataStart + el.size;
  }
  return ok(result);
};

/** Rewrites positions (relative to the Segment's data) beyond `after` by `delta`, in place; false if one no longer fits. */
const shiftPositions = (b: Uint8Array, index: Element, positionId: number, containerIds: readonly number[], after: number, delta: number): boolean => {
  const visit = (el: Element): boolean => {
    for (const child of childrenOf(b, el)) {
      if (child.id === positionId && child.size !== null && child.size >= 1 && child.size <= 6) {
        const position = readUint(b, child.dataStart, child.size);
        if (position > after && !writeUint(b, child.dataStart, child.size, position + delta)) return false;
      } else if (containerIds.includes(child.id) && !visit(child)) return false;
    }
    return true;
  };
  return visit(index);
};

/** Overwrites an element with a Void of the same total size. */
const voidOut = (b: Uint8Array, el: Element) => {
  const total = el.dataStart + (el.size ?? 0) - el.start;
  const sizeLength = total >= 9 ? 8 : 1;
  b[el.start] = ID.void;
  b.set(encodeSize(total - 1 - sizeLength, sizeLength), el.start + 1);
  b.fill(0, el.start + 1 + sizeLength, el.start + total);
};

const durationElement = (ticks: number): Uint8Array => {
  const out = new Uint8Array(2 + 1 + 8);
  out.set(idBytes(ID.duration), 0);
  out[2] = 0x88; // size 8
  new DataView(out.buffer).setFloat64(3, ticks);
  return out;
};

/**
 * The same WebM with Segment Info's Duration set from the file's last block. `durationMs` is what
 * was written. A file that already has a Duration gets it replaced (in place).
 */
export const fixWebmDuration = (input: Uint8Array): Result<{ bytes: Uint8Array; durationMs: number }, WebmFixError> => {
  const patched = webmDurationParts(input);
  return patched.ok ? ok({ bytes: concat(patched.value.parts), durationMs: patched.value.durationMs }) : patched;
};

/**
 * As fixWebmDuration, but the result as parts to be written one after the other: views of the input
 * with the few changed elements (Info, an index, the Segment size) in between. A long recording is
 * then fixed without a second copy of it in memory.
 */
export const webmDurationParts = (input: Uint8Array): Result<{ parts: Uint8Array[]; durationMs: number }, WebmFixError> => {
  const scanned = scan(input);
  if (!scanned.ok) return scanned;
  const { segment, info, seekHeads, cues, timecodeScale, lastTick } = scanned.value;
  if (!info || info.size === null) return err({ code: 'no_info' });
  if (lastTick === null) return err({ code: 'no_blocks' });
  const ticks = Math.max(0, lastTick);
  const durationMs = Math.round((ticks * timecodeScale) / 1e6);
  /** Replacements of [start, end) of the input, in the input's coordinates. */
  const edits: { start: number; end: number; bytes: Uint8Array }[] = [];

  const existing = childrenOf(input, info).find((c) => c.id === ID.duration);
  if (existing && (existing.size === 8 || existing.size === 4)) {
    const value = new Uint8Array(existing.size);
    const view = new DataView(value.buffer);
    if (existing.size === 8) view.setFloat64(0, ticks);
    else view.setFloat32(0, ticks);
    edits.push({ start: existing.dataStart, end: existing.dataStart + existing.size, bytes: value });
    return ok({ parts: applyEdits(input, edits), durationMs });
  }

  // Info's data without an odd-sized Duration, plus a float64 Duration.
  const kept = childrenOf(input, info)
    .filter((c) => c.id !== ID.duration)
    .map((c) => input.subarray(c.start, c.dataStart + (c.size ?? 0)));
  const data = concat([...kept, durationElement(ticks)]);
  const newInfo = concat([idBytes(ID.info), encodeSize(data.length, minimalSizeLength(data.length)), data]);
  const infoEnd = info.dataStart + info.size;
  const delta = newInfo.length - (infoEnd - info.start);
  edits.push({ start: info.start, end: infoEnd, bytes: newInfo });

  // Indexes keep their size; positions past Info move by delta (or the index becomes a Void).
  const infoRelative = info.start - segment.dataStart;
  const patchIndex = (el: Element, positionId: number, containers: readonly number[]) => {
    const end = el.dataStart + (el.size ?? 0);
    const copy = input.slice(el.start, end);
    const local: Element = { ...el, start: 0, dataStart: el.dataStart - el.start };
    if (!shiftPositions(copy, local, positionId, containers, infoRelative, delta)) voidOut(copy, local);
    edits.push({ start: el.start, end, bytes: copy });
  };
  for (const seekHead of seekHeads) patchIndex(seekHead, ID.seekPosition, [ID.seek]);
  for (const cue of cues) patchIndex(cue, ID.cueClusterPosition, [ID.cuePoint, ID.cueTrackPositions]);
  if (segment.size !== null) {
    // A known Segment size grows with Info; keep the field's width (8 bytes in practice).
    const grown = segment.size + delta;
    if (grown >= 2 ** (7 * segment.sizeLength) - 1) return err({ code: 'not_webm' });
    edits.push({ start: segment.dataStart - segment.sizeLength, end: segment.dataStart, bytes: encodeSize(grown, segment.sizeLength) });
  }
  return ok({ parts: applyEdits(input, edits), durationMs });
};

const applyEdits = (input: Uint8Array, edits: { start: number; end: number; bytes: Uint8Array }[]): Uint8Array[] => {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    if (edit.start > at) parts.push(input.subarray(at, edit.start));
    parts.push(edit.bytes);
    at = edit.end;
  }
  if (at < input.length) parts.push(input.subarray(at));
  return parts;
};

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
