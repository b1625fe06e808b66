/** The candidate index over the real word list: what a person typing pinyin sees first. */
import { beforeAll, describe, expect, it } from 'vitest';
import { matchCost, PinyinIndex } from './candidate-index';
import { loadPinyinIndex } from './load-index';
import { tonelessSyllables, normalizeTyped } from './normalize';
import { pageOf } from './paging';

let index: PinyinIndex;
let figures = { loadMs: 0, buildMs: 0 };
beforeAll(async () => {
  const loaded = await loadPinyinIndex();
  index = loaded.index;
  figures = { loadMs: loaded.loadMs, buildMs: loaded.buildMs };
});

const texts = (typed: string, n = 10): string[] => index.lookup(typed).slice(0, n).map((c) => c.text);

describe('pinyin normalisation', () => {
  it('drops tones and writes ü as v', () => {
    expect(tonelessSyllables('lǜ shī')).toEqual(['lv', 'shi']);
    expect(tonelessSyllables('shēn fèn zhèng')).toEqual(['shen', 'fen', 'zheng']);
    expect(normalizeTyped("Xi'an ")).toBe('xian');
  });
});

describe('matchCost', () => {
  it('is 0 for full syllables, 1 for an unfinished last one, more for abbreviations', () => {
    expect(matchCost('shenfenzheng', ['shen', 'fen', 'zheng'])).toBe(0);
    expect(matchCost('shenfenzh', ['shen', 'fen', 'zheng'])).toBe(1);
    expect(matchCost('sfz', ['shen', 'fen', 'zheng'])).toBeGreaterThanOrEqual(2);
    expect(matchCost('sfz', ['shen', 'fen'])).toBe(Infinity);
    expect(matchCost('sx', ['shen', 'fen'])).toBe(Infinity);
  });
});

describe('PinyinIndex over @pinyin-pro/data', () => {
  it('holds the whole modern word list, single characters included', () => {
    expect(index.size).toBe(58_907);
    expect(texts('zhang', 20)).toContain('张');
  });

  it('full pinyin and initials both find 身份证 first', () => {
    expect(texts('shenfenzheng')[0]).toBe('身份证');
    expect(texts('sfz')[0]).toBe('身份证');
    expect(texts('shenfzh')[0]).toBe('身份证');
  });

  it('composes a phrase the list does not hold: nihao -> 你好, zhangsan -> 张三', () => {
    expect(texts('nihao')[0]).toBe('你好');
    expect(texts('zhangsan')[0]).toBe('张三');
  });

  it('ranks by frequency: 张 first for zhang, then ever rarer characters, abbreviations after them', () => {
    const top = texts('zhang', 5);
    expect(top).toEqual(['张', '掌', '帐', '仗', '涨']);
    // an abbreviation match (zhan + g...: 战国) never outranks a full-syllable character
    const all = texts('zhang', 200);
    const zhanguo = all.indexOf('战国');
    const lastSingle = Math.max(...all.map((t, i) => ([...t].length === 1 ? i : -1)));
    if (zhanguo !== -1) expect(zhanguo).toBeGreaterThan(all.indexOf('障'));
    expect(lastSingle).toBeGreaterThan(4);
  });

  it('legal words people will type: falvyuanzhu, lihun, gongzi, lvshi', () => {
    expect(texts('falvyuanzhu')[0]).toBe('法律援助');
    expect(texts('lihun', 3)).toContain('离婚');
    expect(texts('gongzi', 3)).toContain('工资');
    expect(texts('lvshi', 3)).toContain('律师');
  });

  it('offers the leading part alone and says how much of the pinyin it uses', () => {
    const candidates = index.lookup('nihao');
    const ni = candidates.find((c) => c.text === '你');
    expect(ni).toEqual({ text: '你', consumed: 2 });
    expect(candidates.find((c) => c.text === '你好')?.consumed).toBe(5);
  });

  it('nothing for nothing, and nothing for letters that are no pinyin', () => {
    expect(index.lookup('')).toEqual([]);
    expect(index.lookup('vvv')).toEqual([]);
  });

  it('a lookup is fast enough for every key press (< 30 ms here, worst of several inputs)', () => {
    let worst = 0;
    for (const typed of ['s', 'sh', 'z', 'zhang', 'sfz', 'shenfenzheng', 'nihao', 'zhangsanlisiwangwu', 'abcdefghij']) {
      const t0 = performance.now();
      index.lookup(typed);
      worst = Math.max(worst, performance.now() - t0);
    }
    console.info(`pinyin index: load ${figures.loadMs.toFixed(0)} ms, build ${figures.buildMs.toFixed(0)} ms, worst lookup ${worst.toFixed(1)} ms`);
    expect(worst).toBeLessThan(30);
  });
});

describe('pageOf', () => {
  it('pages candidates and clamps the page number', () => {
    const all = Array.from({ length: 19 }, (_, i) => i);
    expect(pageOf(all, 0, 8)).toMatchObject({ items: [0, 1, 2, 3, 4, 5, 6, 7], pageCount: 3, hasPrevious: false, hasNext: true });
    expect(pageOf(all, 2, 8)).toMatchObject({ items: [16, 17, 18], hasPrevious: true, hasNext: false });
    expect(pageOf(all, 9, 8).page).toBe(2);
    expect(pageOf([], 0, 8)).toMatchObject({ items: [], pageCount: 1, hasNext: false });
  });
});
