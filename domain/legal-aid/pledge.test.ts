import { describe, expect, it } from 'vitest';
import { pledgeTexts } from './pledge.ts';
import { guangdongPack, nationalPack } from './testing/packs.ts';

describe('pledgeTexts', () => {
  it('reads the statement, pledge and authorisation, and the fraud warning last, right before signing', () => {
    expect(pledgeTexts(nationalPack()).map((t) => t.title)).toEqual(['经济困难状况说明', '告知承诺书', '核查授权书', '请如实填写']);
  });

  it('every paragraph is short enough to be spoken and shown on its own', () => {
    for (const text of pledgeTexts(guangdongPack())) {
      for (const p of text.paragraphs) expect(p.length, p).toBeLessThanOrEqual(90);
    }
  });

  it('the statement text says no certificate from a village or employer is needed', () => {
    expect(pledgeTexts(nationalPack())[0]?.paragraphs.join('')).toContain('不需要到村委会、居委会或者单位盖章');
  });

  it('the Guangdong statement asks about the 6 months before applying, as its standard does', () => {
    expect(pledgeTexts(guangdongPack())[0]?.paragraphs.join('')).toContain('申请前6个月');
  });
});
