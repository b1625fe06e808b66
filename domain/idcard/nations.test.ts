import { describe, expect, it } from 'vitest';
import { nationCodes, nationName } from './nations.ts';

// GB 3304 order, written out here independently of resources/data/gb3304-nations.json.
const EXPECTED_56 = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜',
  '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳',
  '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];

describe('GB 3304 nations', () => {
  it('has the 56 groups in standard order, then 97 and 98', () => {
    const expectedCodes = [...EXPECTED_56.map((_, i) => String(i + 1).padStart(2, '0')), '97', '98'];
    expect(nationCodes()).toEqual(expectedCodes);
  });

  it.each(EXPECTED_56.map((n, i) => [String(i + 1).padStart(2, '0'), `${n}族`]))('%s is %s', (code, name) => {
    expect(nationName(code)).toBe(name);
  });

  it('names the two non-ethnic codes', () => {
    expect(nationName('97')).toBe('其他');
    expect(nationName('98')).toBe('外国血统');
  });

  it.each(['00', '57', '99', '1', '001', '', 'constructor', 'toString', '__proto__'])('has no entry for %j', (code) => {
    expect(nationName(code)).toBeNull();
  });
});
