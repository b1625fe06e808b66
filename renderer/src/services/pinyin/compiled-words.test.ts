/** The committed word file is exactly what the build script makes from the installed data. */
import { describe, expect, it } from 'vitest';
import modernJson from '@pinyin-pro/data/modern.json?raw';
import { compileWords, readCompiledSyllables, readCompiledWords } from './compiled-words';
import committed from './words.compiled.txt?raw';

describe('compiled pinyin words', () => {
  it('is up to date with @pinyin-pro/data (else run: node --import tsx scripts/pinyin-build-index.mjs)', () => {
    const fresh = compileWords(JSON.parse(modernJson));
    expect(fresh.length).toBe(committed.length);
    expect(fresh === committed).toBe(true);
  });

  it('reads back text, toneless syllables and cost, most common first', () => {
    const compiled = compileWords({ 律师: ['lǜ shī', 1.8e-9], 你: ['nǐ', 5e-8], 坏: ['bad entry'] });
    const words = [...readCompiledWords(compiled)];
    expect(words.map((w) => w.text)).toEqual(['你', '律师']);
    expect(readCompiledSyllables(compiled)).toEqual(['lv', 'ni', 'shi']);
    expect(words[1]).toEqual({ text: '律师', syllables: ['lv', 'shi'], cost: Math.round(-Math.log(1.8e-9) * 100) / 100 });
  });
});
