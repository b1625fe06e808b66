/**
 * UTF-8 without TextEncoder/TextDecoder: domain/ compiles without DOM or Node typings, and a
 * bundle's JSON and SVG text must be decoded strictly (malformed bytes are refused, not replaced).
 */

export const encodeUtf8 = (text: string): Uint8Array => {
  const out: number[] = [];
  for (const char of text) {
    const c = char.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return Uint8Array.from(out);
};

/** Strict decoding: undefined for any malformed, overlong or surrogate sequence. */
export const decodeUtf8 = (bytes: Uint8Array): string | undefined => {
  const codes: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return undefined;
    let c = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return undefined;
      c = (c << 6) | (next & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need]!;
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return undefined;
    codes.push(c);
    i += need + 1;
  }
  let text = '';
  for (let k = 0; k < codes.length; k += 4096) text += String.fromCodePoint(...codes.slice(k, k + 4096));
  return text;
};
