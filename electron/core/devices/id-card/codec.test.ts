import { describe, expect, it } from 'vitest';
import {
  encodeCommand,
  encodeFrame,
  encodeReadResponse,
  encodeResponse,
  encodeSetMaxRfBytes,
  formatSamId,
  FrameDecoder,
  fromHex,
  hex,
  parseCommand,
  parseReadData,
  parseResponse,
  SW3,
  sw3Name,
  type DecodedItem,
} from './codec.ts';

const frames = (items: DecodedItem[]): string[] => items.flatMap((i) => (i.kind === 'frame' ? [hex(i.payload)] : []));
const kinds = (items: DecodedItem[]): string[] => items.map((i) => i.kind);

// Frames as recorded in identity.md.
const SAM_OK = fromHex('AAAAAA9669 0004 000090 94');
const FIND_OK = fromHex('AAAAAA9669 0008 00009F 00000000 97');
const SELECT_OK = fromHex('AAAAAA9669 000C 000090 0000000000000000 9C');

const textBlock = (): Uint8Array => Uint8Array.from({ length: 256 }, (_, i) => (i * 7) & 0xff);
const photoBlock = (): Uint8Array => Uint8Array.from({ length: 1024 }, (_, i) => (i * 13 + 5) & 0xff);

describe('command encoding (host -> SAM)', () => {
  it.each([
    ['reset', 'AA AA AA 96 69 00 03 10 FF EC'],
    ['sam_status', 'AA AA AA 96 69 00 03 11 FF ED'],
    ['sam_id', 'AA AA AA 96 69 00 03 12 FF EE'],
    ['find_card', 'AA AA AA 96 69 00 03 20 01 22'],
    ['select_card', 'AA AA AA 96 69 00 03 20 02 21'],
    ['read', 'AA AA AA 96 69 00 03 30 01 32'],
    ['read_with_fingerprint', 'AA AA AA 96 69 00 03 30 10 23'],
  ] as const)('%s is byte-exact', (name, expected) => {
    expect(hex(encodeCommand(name))).toBe(expected);
  });

  it('set max RF bytes carries its data byte', () => {
    expect(hex(encodeSetMaxRfBytes(0x50))).toBe('AA AA AA 96 69 00 04 61 FF 50 CA');
    expect(() => encodeSetMaxRfBytes(256)).toThrow(RangeError);
  });

  it('parses commands back (simulator side)', () => {
    const d = new FrameDecoder();
    const [item] = d.push(encodeSetMaxRfBytes(0x50));
    expect(item?.kind).toBe('frame');
    const parsed = parseCommand(item?.kind === 'frame' ? item.payload : new Uint8Array());
    expect(parsed.ok && parsed.value.name).toBe('set_max_rf_bytes');
    expect(parsed.ok && Array.from(parsed.value.data)).toEqual([0x50]);
    const unknown = parseCommand(Uint8Array.of(0x99, 0x01));
    expect(unknown.ok && unknown.value.name).toBeNull();
    expect(parseCommand(Uint8Array.of(0x10)).ok).toBe(false);
  });
});

describe('response encoding (SAM -> host)', () => {
  it('reproduces the observed SAM ok, find ok and select ok frames', () => {
    expect(encodeResponse(SW3.ok)).toEqual(SAM_OK);
    expect(encodeResponse(SW3.card_found, new Uint8Array(4))).toEqual(FIND_OK);
    expect(encodeResponse(SW3.ok, new Uint8Array(8))).toEqual(SELECT_OK);
  });

  it('builds a 1295-byte read response with the observed header and lengths', () => {
    const frame = encodeReadResponse({ text: textBlock(), photo: photoBlock(), fingerprint: null });
    expect(frame.length).toBe(1295);
    expect(hex(frame.subarray(0, 14))).toBe('AA AA AA 96 69 05 08 00 00 90 01 00 04 00');
  });

  it('builds a 2321-byte read response with fingerprints', () => {
    const frame = encodeReadResponse({ text: textBlock(), photo: photoBlock(), fingerprint: new Uint8Array(1024).fill(3) });
    expect(frame.length).toBe(2321);
    expect(hex(frame.subarray(5, 16))).toBe('09 0A 00 00 90 01 00 04 00 04 00');
  });

  it('encodeFrame refuses payloads that do not fit a 16-bit length', () => {
    expect(() => encodeFrame(new Uint8Array(0xffff))).toThrow(RangeError);
  });
});

describe('response parsing', () => {
  it('splits status words', () => {
    const r = parseResponse(fromHex('00 00 9F 01 02 03 04'));
    expect(r.ok && r.value.sw3).toBe(0x9f);
    expect(r.ok && Array.from(r.value.data)).toEqual([1, 2, 3, 4]);
    expect(parseResponse(fromHex('00 00')).ok).toBe(false);
  });

  it('names every SW3 code from the table and leaves unknown codes unnamed', () => {
    expect(sw3Name(0x90)).toBe('ok');
    expect(sw3Name(0x9f)).toBe('card_found');
    expect(sw3Name(0x41)).toBe('read_failed');
    expect(sw3Name(0x60)).toBe('sam_self_test_failed');
    expect(sw3Name(0x80)).toBe('find_failed');
    expect(sw3Name(0x81)).toBe('select_failed');
    expect(sw3Name(0x40)).toBe('unknown_card_type');
    expect(sw3Name(0x12)).toBeNull();
    expect(Object.keys(SW3)).toHaveLength(20);
  });

  it('splits a read response into text and photo', () => {
    const text = textBlock();
    const photo = photoBlock();
    const [item] = new FrameDecoder().push(encodeReadResponse({ text, photo, fingerprint: null }));
    if (item?.kind !== 'frame') throw new Error('expected a frame');
    const resp = parseResponse(item.payload);
    if (!resp.ok) throw new Error('expected a response');
    const blocks = parseReadData(resp.value.data, false);
    if (!blocks.ok) throw new Error(blocks.error);
    expect(blocks.value.text).toEqual(text);
    expect(blocks.value.photo).toEqual(photo);
    expect(blocks.value.fingerprint).toBeNull();
  });

  it('splits a read response with fingerprint', () => {
    const fp = Uint8Array.from({ length: 1024 }, (_, i) => i & 0xff);
    const data = encodeReadResponse({ text: textBlock(), photo: photoBlock(), fingerprint: fp }).subarray(10, -1);
    const blocks = parseReadData(data, true);
    expect(blocks.ok && blocks.value.fingerprint).toEqual(fp);
  });

  it('refuses read data with wrong lengths', () => {
    const good = encodeReadResponse({ text: textBlock(), photo: photoBlock(), fingerprint: null }).subarray(10, -1);
    expect(parseReadData(good.subarray(0, 3), false)).toEqual({ ok: false, error: 'too_short' });
    expect(parseReadData(good.subarray(0, 1000), false)).toEqual({ ok: false, error: 'length_mismatch' });
    const wrongSize = good.slice();
    wrongSize[1] = 0xff;
    expect(parseReadData(wrongSize, false)).toEqual({ ok: false, error: 'unexpected_block_size' });
    // Asking for fingerprints on a plain read must not silently succeed.
    expect(parseReadData(good, true).ok).toBe(false);
  });

  it('formats a SAM id', () => {
    const data = new Uint8Array(16);
    const view = new DataView(data.buffer);
    view.setUint16(0, 5, true);
    view.setUint16(2, 1, true);
    view.setUint32(4, 20101228, true);
    view.setUint32(8, 11142290, true);
    view.setUint32(12, 1310654361, true);
    expect(formatSamId(data)).toEqual({ ok: true, value: '05.01-20101228-0011142290-1310654361' });
    expect(formatSamId(new Uint8Array(4)).ok).toBe(false);
  });
});

describe('FrameDecoder', () => {
  it('decodes one whole frame', () => {
    const items = new FrameDecoder().push(SAM_OK);
    expect(items).toEqual([{ kind: 'frame', payload: fromHex('00 00 90') }]);
  });

  it('skips garbage before a frame and reports it', () => {
    const d = new FrameDecoder();
    const items = d.push(new Uint8Array([0x01, 0xaa, 0xaa, 0x55, 0x96, ...FIND_OK]));
    expect(items[0]).toEqual({ kind: 'garbage', length: 5 });
    expect(frames(items)).toEqual(['00 00 9F 00 00 00 00']);
    expect(d.pending).toBe(0);
  });

  it('reassembles a frame delivered byte by byte', () => {
    const d = new FrameDecoder();
    const frame = encodeReadResponse({ text: textBlock(), photo: photoBlock(), fingerprint: null });
    const out: DecodedItem[] = [];
    for (const b of frame) out.push(...d.push(Uint8Array.of(b)));
    expect(kinds(out)).toEqual(['frame']);
    expect(out[0]?.kind === 'frame' && out[0].payload.length).toBe(1287);
  });

  it('keeps a preamble split across chunks', () => {
    const d = new FrameDecoder();
    expect(d.push(fromHex('13 37 AA AA'))).toEqual([{ kind: 'garbage', length: 2 }]);
    expect(d.pending).toBe(2);
    expect(frames(d.push(SELECT_OK.subarray(2)))).toEqual(['00 00 90 00 00 00 00 00 00 00 00']);
  });

  it('decodes two frames in one chunk', () => {
    const items = new FrameDecoder().push(new Uint8Array([...SAM_OK, ...FIND_OK]));
    expect(frames(items)).toEqual(['00 00 90', '00 00 9F 00 00 00 00']);
  });

  it('reports a bad checksum and then decodes the next good frame', () => {
    const bad = FIND_OK.slice();
    bad[bad.length - 1] = 0x68;
    const items = new FrameDecoder().push(new Uint8Array([...bad, ...SAM_OK]));
    expect(items[0]).toEqual({ kind: 'checksum', expected: 0x97, actual: 0x68 });
    expect(frames(items)).toEqual(['00 00 90']);
  });

  it('reports an absurd length without waiting for it and resynchronises', () => {
    const d = new FrameDecoder();
    const items = d.push(new Uint8Array([...fromHex('AAAAAA9669 FFFF 000090'), ...SAM_OK]));
    expect(items[0]).toEqual({ kind: 'length', len: 0xffff });
    expect(frames(items)).toEqual(['00 00 90']);
    expect(d.pending).toBe(0);
  });

  it('reports a too-short length', () => {
    const items = new FrameDecoder().push(fromHex('AAAAAA9669 0001 00'));
    expect(items[0]).toEqual({ kind: 'length', len: 1 });
  });

  it('finds a good frame hidden behind a corrupted length once the bytes are in', () => {
    // The length says 0x20 bytes; the good frame that follows is consumed as "body", the checksum
    // then fails and the decoder must find the good frame inside what it had buffered.
    const d = new FrameDecoder();
    const out = [...d.push(fromHex('AAAAAA9669 0020 0000')), ...d.push(SAM_OK), ...d.push(new Uint8Array(32).fill(0x11))];
    expect(kinds(out)).toContain('checksum');
    expect(frames(out)).toEqual(['00 00 90']);
  });

  it('reset drops a partial frame', () => {
    const d = new FrameDecoder();
    d.push(FIND_OK.subarray(0, 9));
    expect(d.pending).toBe(9);
    d.reset();
    expect(d.pending).toBe(0);
    expect(frames(d.push(SAM_OK))).toEqual(['00 00 90']);
  });

  it('respects a smaller maxLen', () => {
    const items = new FrameDecoder({ maxLen: 8 }).push(SELECT_OK);
    expect(items[0]).toEqual({ kind: 'length', len: 12 });
  });
});
