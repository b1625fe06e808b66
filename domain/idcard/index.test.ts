import { describe, expect, it } from 'vitest';
import * as idcard from './index.ts';

describe('domain/idcard public API', () => {
  it('exports exactly the intended functions and constants', () => {
    expect(Object.keys(idcard).sort()).toEqual(
      [
        'CARD_TEXT_BYTES',
        'acceptCard',
        'ageOn',
        'birthDateFromIdNumber',
        'checkCardValidity',
        'encodeCardText',
        'gb11643CheckChar',
        'isValidIdNumber',
        'maskIdNumber',
        'nationCodes',
        'nationName',
        'normaliseIdNumber',
        'parseCardText',
        'sexFromIdNumber',
        'validateIdNumber',
      ].sort(),
    );
  });

  it('wires the re-exports to working implementations', () => {
    expect(idcard.isValidIdNumber('11010519491231002X')).toBe(true);
    expect(idcard.maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(idcard.nationName('56')).toBe('基诺族');
    expect(idcard.CARD_TEXT_BYTES).toBe(256);
  });
});
