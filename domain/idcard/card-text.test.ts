import { describe, expect, it } from 'vitest';
import { encodeCardText, parseCardText } from './card-text.ts';
import type { CardRefusalCode, IdCardData } from './types.ts';

// Blocks are built here by hand from the offsets in identity.md, with a UCS-2LE writer of our own,
// so that encodeCardText and parseCardText are each checked against something they did not make.

function blank(): Uint8Array {
  const b = new Uint8Array(256);
  for (let i = 0; i < 256; i += 2) b[i] = 0x20;
  return b;
}

function put(b: Uint8Array, offset: number, text: string): Uint8Array {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    b[offset + 2 * i] = c & 0xff;
    b[offset + 2 * i + 1] = c >>> 8;
  }
  return b;
}

const RESIDENT: IdCardData = {
  cardType: 'resident',
  name: '张三',
  englishName: null,
  sex: 'female',
  nationCode: '01',
  nation: '汉族',
  nationality: null,
  birthDate: '1949-12-31',
  address: '北京市东城区景山前街4号',
  idNumber: '11010519491231002X',
  issuer: '北京市公安局东城分局',
  validFrom: '2015-01-01',
  validTo: 'long_term',
  passNumber: null,
  issueCount: null,
};

function residentBlock(): Uint8Array {
  const b = blank();
  put(b, 0, '张三');
  put(b, 30, '2');
  put(b, 32, '01');
  put(b, 36, '19491231');
  put(b, 52, '北京市东城区景山前街4号');
  put(b, 122, '11010519491231002X');
  put(b, 158, '北京市公安局东城分局');
  put(b, 188, '20150101');
  put(b, 204, '长期');
  return b;
}

const RESIDENT_DATED: IdCardData = {
  ...RESIDENT,
  name: '玛依拉·买买提',
  sex: 'male',
  nationCode: '29',
  nation: '柯尔克孜族',
  birthDate: '1880-01-01',
  address: '广东省潮州市饶平县黄冈镇',
  idNumber: '440524188001010014',
  issuer: '饶平县公安局',
  validFrom: '2020-06-01',
  validTo: '2040-06-01',
};

function residentDatedBlock(): Uint8Array {
  const b = blank();
  put(b, 0, '玛依拉·买买提');
  put(b, 30, '1');
  put(b, 32, '29');
  put(b, 36, '18800101');
  put(b, 52, '广东省潮州市饶平县黄冈镇');
  put(b, 122, '440524188001010014');
  put(b, 158, '饶平县公安局');
  put(b, 188, '20200601');
  put(b, 204, '20400601');
  return b;
}

const HMT: IdCardData = {
  cardType: 'hmt_residence',
  name: '陈大文',
  englishName: null,
  sex: 'male',
  nationCode: null,
  nation: null,
  nationality: null,
  birthDate: '1990-01-01',
  address: '广东省深圳市福田区福华路1号',
  idNumber: '810000199001011230',
  issuer: '深圳市公安局',
  validFrom: '2020-01-01',
  validTo: '2025-01-01',
  passNumber: 'H12345678',
  issueCount: '01',
};

function hmtBlock(): Uint8Array {
  const b = blank();
  put(b, 0, '陈大文');
  put(b, 30, '1');
  put(b, 36, '19900101');
  put(b, 52, '广东省深圳市福田区福华路1号');
  put(b, 122, '810000199001011230');
  put(b, 158, '深圳市公安局');
  put(b, 188, '20200101');
  put(b, 204, '20250101');
  put(b, 220, 'H12345678');
  put(b, 238, '01');
  put(b, 248, 'J');
  return b;
}

const PR2017: IdCardData = {
  cardType: 'foreign_pr_2017',
  name: '史密斯',
  englishName: 'SMITH, JOHN WILLIAM',
  sex: 'male',
  nationCode: null,
  nation: null,
  nationality: 'USA',
  birthDate: '1979-06-15',
  address: null,
  idNumber: 'USA110079061501',
  issuer: '1500',
  validFrom: '2018-03-01',
  validTo: '2028-03-01',
  passNumber: null,
  issueCount: null,
};

function pr2017Block(): Uint8Array {
  const b = blank();
  put(b, 0, 'SMITH, JOHN WILLIAM');
  put(b, 120, '1');
  put(b, 122, 'USA110079061501');
  put(b, 152, 'USA');
  put(b, 158, '史密斯');
  put(b, 188, '20180301');
  put(b, 204, '20280301');
  put(b, 220, '19790615');
  put(b, 240, '1500');
  put(b, 248, 'I');
  return b;
}

const PR2023: IdCardData = {
  cardType: 'foreign_pr_2023',
  name: '爱丽丝',
  englishName: 'MONTGOMERY-WILLIAMSON ALEXANDRA CATHERINE',
  sex: 'female',
  nationCode: null,
  nation: null,
  nationality: 'USA',
  birthDate: '1980-01-01',
  address: null,
  idNumber: '911840198001010021',
  issuer: '',
  validFrom: '2023-12-01',
  validTo: '2033-12-01',
  passNumber: null,
  issueCount: '00',
};

function pr2023Block(): Uint8Array {
  const b = blank();
  put(b, 0, '爱丽丝');
  put(b, 30, '2');
  put(b, 32, '00');
  put(b, 36, '19800101');
  put(b, 52, 'MONTGOMERY-WILLIAMSON ALEXANDRA CAT'); // 35 characters fill the 70-byte span
  put(b, 122, '911840198001010021');
  put(b, 188, '20231201');
  put(b, 204, '20331201');
  put(b, 220, 'HERINE');
  put(b, 242, 'USA');
  put(b, 248, 'Y');
  return b;
}

const CASES: ReadonlyArray<[string, IdCardData, () => Uint8Array]> = [
  ['resident, long term', RESIDENT, residentBlock],
  ['resident, dated', RESIDENT_DATED, residentDatedBlock],
  ['港澳台 residence permit', HMT, hmtBlock],
  ['foreign PR 2017', PR2017, pr2017Block],
  ['foreign PR 2023', PR2023, pr2023Block],
];

function refusal(block: Uint8Array): CardRefusalCode | 'accepted' {
  const r = parseCardText(block);
  return r.ok ? 'accepted' : r.error.code;
}

describe('the hand-built test blocks themselves', () => {
  it('hold UCS-2LE at the documented offsets', () => {
    const b = residentBlock();
    expect([...b.slice(0, 4)]).toEqual([0x20, 0x5f, 0x09, 0x4e]); // 张 U+5F20, 三 U+4E09
    expect([...b.slice(30, 32)]).toEqual([0x32, 0x00]); // '2'
    expect([...b.slice(204, 212)]).toEqual([0x7f, 0x95, 0x1f, 0x67, 0x20, 0x00, 0x20, 0x00]); // 长期 + pad
    expect([...b.slice(248, 250)]).toEqual([0x20, 0x00]);
    expect([...hmtBlock().slice(248, 250)]).toEqual([0x4a, 0x00]);
    expect([...pr2017Block().slice(248, 250)]).toEqual([0x49, 0x00]);
    expect([...pr2023Block().slice(248, 250)]).toEqual([0x59, 0x00]);
  });
});

describe.each(CASES)('%s', (_name, card, block) => {
  it('parses the hand-built block', () => {
    expect(parseCardText(block())).toEqual({ ok: true, value: card });
  });

  it('encodes byte for byte to the hand-built block', () => {
    const encoded = encodeCardText(card);
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect(encoded.length).toBe(256);
    expect([...encoded]).toEqual([...block()]);
  });

  it('round-trips', () => {
    expect(parseCardText(encodeCardText(card))).toEqual({ ok: true, value: card });
  });
});

describe('parseCardText: tolerated variations', () => {
  it('treats a NUL type character as a resident card and strips NUL padding', () => {
    const b = residentBlock();
    b.fill(0, 248, 256);
    b.fill(0, 4, 30); // name padded with NULs instead of spaces
    expect(parseCardText(b)).toEqual({ ok: true, value: RESIDENT });
  });

  it('normalises a lowercase x in the ID number', () => {
    const b = put(residentBlock(), 122, '11010519491231002x');
    const r = parseCardText(b);
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });

  it('keeps a well-formed nation code missing from GB 3304, without a name', () => {
    const r = parseCardText(put(residentBlock(), 32, '57'));
    expect(r.ok && [r.value.nationCode, r.value.nation]).toEqual(['57', null]);
  });

  it('ignores the 2017 card version field', () => {
    expect(parseCardText(put(pr2017Block(), 236, '01'))).toEqual({ ok: true, value: PR2017 });
  });

  it('uses the English name when a 2017 card has no Chinese name, and encodes it back blank', () => {
    const b = pr2017Block();
    put(b, 158, ' '.repeat(15));
    const card: IdCardData = { ...PR2017, name: 'SMITH, JOHN WILLIAM' };
    expect(parseCardText(b)).toEqual({ ok: true, value: card });
    expect([...encodeCardText(card)]).toEqual([...b]);
  });

  it('reads a short 2023 English name with an empty continuation, and no English name as null', () => {
    const b = pr2023Block();
    put(b, 52, 'LEE ANN'.padEnd(35, ' '));
    put(b, 220, ' '.repeat(11));
    const r = parseCardText(b);
    expect(r.ok && r.value.englishName).toBe('LEE ANN');
    put(b, 52, ' '.repeat(35));
    const r2 = parseCardText(b);
    expect(r2.ok && r2.value.englishName).toBeNull();
  });

  it('keeps a space that falls exactly at the 2023 English-name split', () => {
    const name = 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHI JKLMN'; // character 36 is the space
    const b = put(put(pr2023Block(), 52, name.slice(0, 35)), 220, ' JKLMN     ');
    const r = parseCardText(b);
    expect(r.ok && r.value.englishName).toBe(name);
    expect([...encodeCardText({ ...PR2023, englishName: name })]).toEqual([...b]);
  });
});

describe('parseCardText: refusals', () => {
  it.each([0, 255, 257, 1295])('refuses a %i-byte block as malformed', (n) => {
    expect(refusal(new Uint8Array(n))).toBe('malformed');
  });

  it.each(['X', 'j', 'A', '0'])('refuses type letter %j as unknown_card_type', (letter) => {
    expect(refusal(put(residentBlock(), 248, letter))).toBe('unknown_card_type');
  });

  it('refuses a type character with a non-zero high byte', () => {
    const b = residentBlock();
    b[249] = 0x01; // U+0120, not ' '
    expect(refusal(b)).toBe('unknown_card_type');
  });

  it.each([
    ['sex 3', (b: Uint8Array) => put(b, 30, '3')],
    ['sex blank', (b: Uint8Array) => put(b, 30, ' ')],
    ['sex as letter', (b: Uint8Array) => put(b, 30, 'M')],
    ['birth month 13', (b: Uint8Array) => put(b, 36, '19491331')],
    ['birth blank', (b: Uint8Array) => put(b, 36, '        ')],
    ['validFrom letters', (b: Uint8Array) => put(b, 188, 'abcdefgh')],
    ['validFrom Feb 30', (b: Uint8Array) => put(b, 188, '20150230')],
    ['validTo blank', (b: Uint8Array) => put(b, 204, '        ')],
    ['validTo other words', (b: Uint8Array) => put(b, 204, '永久    ')],
    ['nation letters', (b: Uint8Array) => put(b, 32, 'A1')],
    ['nation blank', (b: Uint8Array) => put(b, 32, '  ')],
    ['name blank', (b: Uint8Array) => put(b, 0, ' '.repeat(15))],
    ['lone high surrogate in name', (b: Uint8Array) => put(b, 0, '张\ud840')],
    ['lone low surrogate in address', (b: Uint8Array) => put(b, 52, '\udc00')],
  ])('refuses %s as malformed', (_why, mutate) => {
    expect(refusal(mutate(residentBlock()))).toBe('malformed');
  });

  it('accepts a properly paired surrogate (a rare character outside the BMP) in the name', () => {
    const r = parseCardText(put(residentBlock(), 0, '张\ud840\udc00'));
    expect(r.ok && r.value.name).toBe('张𠀀');
  });

  it.each([
    ['wrong check character', residentBlock, '110105194912310021'],
    ['blank number', residentBlock, ' '.repeat(18)],
    ['港澳台 number on a resident card', residentBlock, '810000199001011230'],
    ['2023 PR number on a resident card', residentBlock, '911840198001010021'],
    ['resident number on a 港澳台 card', hmtBlock, '11010519491231002X'],
    ['resident number on a 2023 PR card', pr2023Block, '11010519491231002X'],
    ['18-character number on a 2017 PR card', pr2017Block, '911840198001010021'],
    ['15-character permit on a resident card', residentBlock, 'USA110079061501   '],
    ['malformed 2017 permit', pr2017Block, 'usa110079061501'],
  ])('refuses %s as invalid_id_number', (_why, block, id) => {
    expect(refusal(put(block(), 122, id))).toBe('invalid_id_number');
  });

  it('refuses a sex field that disagrees with the number', () => {
    expect(refusal(put(residentBlock(), 30, '1'))).toBe('invalid_id_number');
    expect(refusal(put(pr2023Block(), 30, '1'))).toBe('invalid_id_number');
  });

  it.each([
    ['resident', residentBlock, 36, '19491230'],
    ['港澳台', hmtBlock, 36, '19900102'],
    ['2023 PR', pr2023Block, 36, '19810101'],
  ])('refuses a %s birth date that disagrees with the number as invalid_birth_date', (_t, block, offset, date) => {
    expect(refusal(put(block(), offset, date))).toBe('invalid_birth_date');
  });

  it('does not cross-check the 2017 permit birth date (its encoding is not documented)', () => {
    expect(refusal(put(pr2017Block(), 220, '19800101'))).toBe('accepted');
  });

  it('puts no personal data into refusal details', () => {
    const r = parseCardText(put(residentBlock(), 36, '19491230'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.detail).not.toMatch(/1949|11010519491231002X|张三/);
    }
  });
});

describe('encodeCardText: impossible cards', () => {
  it('throws when a field does not fit', () => {
    expect(() => encodeCardText({ ...RESIDENT, name: '一二三四五六七八九十一二三四五六' })).toThrow(RangeError);
    expect(() => encodeCardText({ ...PR2023, englishName: 'A'.repeat(47) })).toThrow(RangeError);
  });

  it('accepts the longest 2023 English name (35 + 11 characters)', () => {
    const englishName = 'B'.repeat(46);
    expect(parseCardText(encodeCardText({ ...PR2023, englishName }))).toEqual({ ok: true, value: { ...PR2023, englishName } });
  });

  it('throws on a malformed date', () => {
    expect(() => encodeCardText({ ...RESIDENT, validFrom: '2015-02-30' })).toThrow(RangeError);
  });
});
