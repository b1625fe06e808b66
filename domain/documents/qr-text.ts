/**
 * The text of a drafted document for the QR codes printed with it, so a person can keep the words
 * on a phone without any address, account or upload: the codes carry the text itself, never a URL.
 *
 * Size: phones read UTF-8 byte mode, where a Chinese character takes 3 bytes. One code holds at
 * most 2,331 bytes at error correction M (version 40, 177 modules), about 770 characters, and a
 * code that dense is hard to read from paper. So the text is cut into parts of at most
 * QR_PART_BYTES (about 300 characters, a version-25 code, readable at 45 mm), each headed
 * （第1段，共3段）, cut at line ends where possible.
 *
 * Privacy: the ID number is masked in this text (`maskedIdNumber` goes in): a phone's scanner app
 * may keep a history or sync it; the person holds the card and the paper holds the full number.
 */
export const QR_PART_BYTES = 900;
/** Headed parts never exceed this many (the document's text length is bounded by its questions). */
export const QR_MAX_PARTS = 12;

/** UTF-8 length, counted by code point (domain code has no TextEncoder). */
const bytes = (s: string): number => {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
};

/** Cuts `text` into pieces of at most `budget` UTF-8 bytes, preferring to cut after a newline. */
function cut(text: string, budget: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (bytes(rest) > budget) {
    // The longest prefix within the budget (by code points, so no character is split).
    const chars = Array.from(rest);
    let size = 0;
    let end = 0;
    while (end < chars.length && size + bytes(chars[end]!) <= budget) size += bytes(chars[end++]!);
    const prefix = chars.slice(0, end).join('');
    const newline = prefix.lastIndexOf('\n');
    const at = newline > prefix.length / 2 ? newline + 1 : prefix.length;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at);
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

/** The payloads of the QR codes for a document's text: one when it fits, else headed parts. */
export function qrParts(text: string, maxBytes = QR_PART_BYTES): string[] {
  if (bytes(text) <= maxBytes) return [text];
  // The heading takes at most ~40 bytes: leave room for it in every part.
  const pieces = cut(text, maxBytes - 48);
  if (pieces.length > QR_MAX_PARTS) throw new RangeError(`document text needs ${pieces.length} QR codes, more than ${QR_MAX_PARTS}`);
  return pieces.map((piece, i) => `（第${i + 1}段，共${pieces.length}段）\n${piece}`);
}

/** The text again from the parts, in order (what a person gets by scanning them all). */
export function joinQrParts(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  return parts.map((p) => p.replace(/^（第\d+段，共\d+段）\n/, '')).join('');
}
