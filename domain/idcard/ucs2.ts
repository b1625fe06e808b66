/**
 * UCS-2LE text fields inside the reader's fixed-size blocks. Written by hand rather than with
 * TextDecoder because `domain/` is compiled without DOM or Node typings, and because we want to
 * treat an unpaired surrogate as a corrupted read instead of silently turning it into U+FFFD.
 */

/** Decodes `bytes` bytes at `offset`; null when the field holds an unpaired surrogate. */
export function readUcs2(block: Uint8Array, offset: number, bytes: number): string | null {
  const units: number[] = [];
  for (let i = offset; i + 1 < offset + bytes; i += 2) units.push(block[i]! | (block[i + 1]! << 8));
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = units[i + 1];
      if (next === undefined || next < 0xdc00 || next > 0xdfff) return null;
      i++;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      return null;
    }
  }
  return String.fromCharCode(...units);
}

/**
 * Writes `text` at `offset` and pads the rest of the field with spaces. A text that does not fit
 * is a bug in whoever built the card (simulator, test), so it throws instead of truncating a name.
 */
export function writeUcs2(block: Uint8Array, offset: number, bytes: number, text: string): void {
  if (text.length * 2 > bytes) {
    throw new RangeError(`text of ${text.length} code units does not fit a ${bytes}-byte field at ${offset}`);
  }
  for (let i = 0; i < bytes / 2; i++) {
    const unit = i < text.length ? text.charCodeAt(i) : 0x20;
    block[offset + 2 * i] = unit & 0xff;
    block[offset + 2 * i + 1] = unit >> 8;
  }
}

/** Fields are space padded; some readers pad with NUL instead, so both are stripped at either end. */
export function trimField(text: string): string {
  return text.replace(/^[ \u0000]+|[ \u0000]+$/g, '');
}
