import { describe, expect, it } from 'vitest';
import type { IdCardData } from './types.ts';
import { acceptCard, checkCardValidity } from './validity.ts';

const CARD: IdCardData = {
  cardType: 'resident',
  name: '李四',
  englishName: null,
  sex: 'male',
  nationCode: '08',
  nation: '壮族',
  nationality: null,
  birthDate: '1880-01-01',
  address: '广西壮族自治区南宁市青秀区民族大道1号',
  idNumber: '440524188001010014',
  issuer: '南宁市公安局青秀分局',
  validFrom: '2016-03-01',
  validTo: '2026-03-01',
  passNumber: null,
  issueCount: null,
};

function code(card: IdCardData, today: string): string {
  const r = checkCardValidity(card, today);
  return r.ok ? 'ok' : r.error.code;
}

describe('checkCardValidity', () => {
  it('accepts a card inside its period and returns it unchanged', () => {
    expect(checkCardValidity(CARD, '2020-06-15')).toEqual({ ok: true, value: CARD });
  });

  it('accepts on the first and on the last day', () => {
    expect(code(CARD, '2016-03-01')).toBe('ok');
    expect(code(CARD, '2026-03-01')).toBe('ok');
  });

  it('refuses the day after validTo as expired', () => {
    expect(code(CARD, '2026-03-02')).toBe('expired');
    expect(code(CARD, '2030-01-01')).toBe('expired');
  });

  it('refuses the day before validFrom as not_yet_valid', () => {
    expect(code(CARD, '2016-02-29')).toBe('not_yet_valid');
  });

  it('never expires a 长期 card', () => {
    const longTerm: IdCardData = { ...CARD, validTo: 'long_term' };
    expect(code(longTerm, '2099-12-31')).toBe('ok');
    expect(code(longTerm, '2016-02-29')).toBe('not_yet_valid');
  });

  it('refuses a birth date after today', () => {
    const young: IdCardData = { ...CARD, birthDate: '2020-06-16', validFrom: '2020-06-01' };
    expect(code(young, '2020-06-15')).toBe('invalid_birth_date');
    expect(code(young, '2020-06-16')).toBe('ok');
  });

  it('throws on a malformed today', () => {
    expect(() => checkCardValidity(CARD, '20200615')).toThrow(RangeError);
    expect(() => checkCardValidity(CARD, '2020-02-30')).toThrow(RangeError);
  });
});

// A hand-built resident block (UCS-2LE at the offsets in identity.md) for the combined call.
function block(validFrom: string, validTo: string): Uint8Array {
  const b = new Uint8Array(256);
  for (let i = 0; i < 256; i += 2) b[i] = 0x20;
  const put = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) {
      b[offset + 2 * i] = text.charCodeAt(i) & 0xff;
      b[offset + 2 * i + 1] = text.charCodeAt(i) >>> 8;
    }
  };
  put(0, '张三');
  put(30, '2');
  put(32, '01');
  put(36, '19491231');
  put(52, '北京市东城区景山前街4号');
  put(122, '11010519491231002X');
  put(158, '北京市公安局东城分局');
  put(188, validFrom);
  put(204, validTo);
  return b;
}

describe('acceptCard', () => {
  it('parses and accepts a card in its period', () => {
    const r = acceptCard(block('20150101', '20350101'), '2024-05-01');
    expect(r.ok && [r.value.name, r.value.idNumber, r.value.validTo]).toEqual(['张三', '11010519491231002X', '2035-01-01']);
  });

  it('accepts a 长期 card decades later', () => {
    expect(acceptCard(block('20150101', '长期'), '2090-01-01').ok).toBe(true);
  });

  it('refuses an expired card', () => {
    const r = acceptCard(block('20050101', '20150101'), '2024-05-01');
    expect(!r.ok && r.error.code).toBe('expired');
  });

  it('refuses a card not yet valid', () => {
    const r = acceptCard(block('20250101', '20450101'), '2024-05-01');
    expect(!r.ok && r.error.code).toBe('not_yet_valid');
  });

  it('passes parse refusals through before looking at dates', () => {
    const r = acceptCard(new Uint8Array(255), '2024-05-01');
    expect(!r.ok && r.error.code).toBe('malformed');
    const expiredAndUnknown = block('20050101', '20150101');
    expiredAndUnknown[248] = 0x58; // 'X'
    const r2 = acceptCard(expiredAndUnknown, '2024-05-01');
    expect(!r2.ok && r2.error.code).toBe('unknown_card_type');
  });

  it('throws on a malformed today even for a malformed block', () => {
    expect(() => acceptCard(new Uint8Array(0), 'yesterday')).toThrow(RangeError);
  });
});
