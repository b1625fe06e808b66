import { describe, expect, it } from 'vitest';
import { numberSpoken, parseYuan, yuanCapital, yuanFigures, yuanSpoken } from './money.ts';

describe('money in documents and in the voice', () => {
  it('parses what the digit pad hands on, and nothing else', () => {
    expect(parseYuan('32000')).toBe(3_200_000);
    expect(parseYuan('123.5')).toBe(12_350);
    expect(parseYuan('0.05')).toBe(5);
    for (const bad of ['', '-1', '1e5', '12.345', '１２', '1,000', 'NaN', '9999999999999']) expect(parseYuan(bad)).toBeNull();
  });

  it.each([
    [3_200_000, '32,000', '叁万贰仟元整', '三万二千元'],
    [230_000, '2,300', '贰仟叁佰元整', '二千三百元'],
    [1_000_500, '10,005', '壹万零伍元整', '一万零五元'],
    [10_050_000, '100,500', '壹拾万零伍佰元整', '十万零五百元'],
    [1_500, '15', '壹拾伍元整', '十五元'],
    [11_500, '115', '壹佰壹拾伍元整', '一百一十五元'],
    [100_000_000, '1,000,000', '壹佰万元整', '一百万元'],
    [10_000_000_500, '100,000,005', '壹亿零伍元整', '一亿零五元'],
    [12_345, '123.45', '壹佰贰拾叁元肆角伍分', '一百二十三元四角五分'],
    [12_305, '123.05', '壹佰贰拾叁元零伍分', '一百二十三元零五分'],
    [50, '0.50', '伍角', '五角'],
    [0, '0', '零元整', '零元'],
  ])('%d fen: %s 元, %s, %s', (fen, figures, capital, spoken) => {
    expect(yuanFigures(fen)).toBe(figures);
    expect(yuanCapital(fen)).toBe(capital);
    expect(yuanSpoken(fen)).toBe(spoken);
  });

  it('says counts aloud', () => {
    expect(numberSpoken(90_000)).toBe('九万');
    expect(numberSpoken(10)).toBe('十');
  });
});
