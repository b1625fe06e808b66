import { describe, expect, it } from 'vitest';
import { joinQrParts, qrParts, QR_PART_BYTES } from './qr-text.ts';

/** UTF-8 length by another route than the code's: each %XX of encodeURIComponent is one byte. */
const utf8 = (s: string) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, 'x').length;

describe('the QR text of a document', () => {
  it('keeps a short text whole, in one code', () => {
    expect(qrParts('民事起诉状\n原告：王某')).toEqual(['民事起诉状\n原告：王某']);
  });

  it('cuts a long text into headed parts within the byte budget, never splitting a character, and they join back', () => {
    const text = Array.from({ length: 40 }, (_, i) => `第${i + 1}行：被告拖欠原告劳动报酬，原告多次催要无果。😀`).join('\n');
    const parts = qrParts(text);
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part, i) => {
      expect(utf8(part)).toBeLessThanOrEqual(QR_PART_BYTES);
      expect(part.startsWith(`（第${i + 1}段，共${parts.length}段）\n`)).toBe(true);
      expect(part).not.toContain('\uFFFD');
    });
    expect(joinQrParts(parts)).toBe(text);
  });

  it('cuts a text without line breaks too', () => {
    const text = '欠'.repeat(2000);
    const parts = qrParts(text);
    expect(parts).toHaveLength(Math.ceil((2000 * 3) / (QR_PART_BYTES - 48)));
    expect(joinQrParts(parts)).toBe(text);
  });

  it('refuses a text that would need more codes than a page can hold', () => {
    expect(() => qrParts('欠'.repeat(20_000))).toThrow(RangeError);
  });
});
