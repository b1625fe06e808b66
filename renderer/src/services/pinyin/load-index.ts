/**
 * Loads the word list and builds the index the first time a keyboard needs it. The list (about
 * 1.2 MB, compiled at build time: compiled-words.ts) is a separate chunk behind a dynamic import, so
 * the first screen never waits for it; it arrives as one string (a string literal is the cheapest
 * thing for Chromium to parse) and is read line by line.
 */
import { PinyinIndex } from './candidate-index';
import { readCompiledSyllables, readCompiledWords } from './compiled-words';

export interface LoadedIndex {
  readonly index: PinyinIndex;
  /** Milliseconds to fetch and parse the chunk, and to build the index (reported by the tests). */
  readonly loadMs: number;
  readonly buildMs: number;
}

let loading: Promise<LoadedIndex> | null = null;

export function loadPinyinIndex(): Promise<LoadedIndex> {
  loading ??= (async () => {
    const started = performance.now();
    const compiled = (await import('./words.compiled.txt?raw')).default;
    const loaded = performance.now();
    const index = new PinyinIndex(readCompiledWords(compiled), readCompiledSyllables(compiled));
    return { index, loadMs: loaded - started, buildMs: performance.now() - loaded };
  })().catch((error: unknown) => {
    // A failed chunk load must not stick: the next keyboard tries again.
    loading = null;
    throw error;
  });
  return loading;
}
