import { describe, expect, it } from 'vitest';
import { readAloudParts } from './read-aloud';

describe('reading a document aloud', () => {
  it('keeps short texts whole, one part each', () => {
    expect(readAloudParts(['诉讼请求', '1.判令被告支付工资。'])).toEqual([{ text: '诉讼请求' }, { text: '1.判令被告支付工资。' }]);
  });

  it('cuts long facts into parts the voice can render (at most 480 characters), at sentence ends, losing nothing', () => {
    const facts = '原告在被告处工作，被告拖欠了工资。'.repeat(60);
    const parts = readAloudParts([facts]);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(480);
      expect(p.text.endsWith('。')).toBe(true);
    }
    expect(parts.map((p) => p.text).join('')).toBe(facts);
  });

  it('cuts a text without punctuation too', () => {
    const parts = readAloudParts(['欠'.repeat(1000)]);
    expect(parts.map((p) => p.text.length)).toEqual([480, 480, 40]);
  });
});
