/**
 * Loads the word data and builds the index the first time a keyboard needs it. The data (about
 * 2 MB) is a separate chunk behind a dynamic import, so the first screen never waits for it.
 */
import { PinyinIndex, type PinyinWordData } from './candidate-index';

export interface LoadedIndex {
  readonly index: PinyinIndex;
  /** Milliseconds to fetch and parse the data chunk, and to build the index (reported by tests/bench). */
  readonly loadMs: number;
  readonly buildMs: number;
}

let loading: Promise<LoadedIndex> | null = null;

export function loadPinyinIndex(): Promise<LoadedIndex> {
  loading ??= (async () => {
    const started = performance.now();
    const data = (await import('@pinyin-pro/data/modern.json')).default as PinyinWordData;
    const loaded = performance.now();
    const index = new PinyinIndex(data);
    return { index, loadMs: loaded - started, buildMs: performance.now() - loaded };
  })().catch((error: unknown) => {
    // A failed chunk load must not stick: the next keyboard tries again.
    loading = null;
    throw error;
  });
  return loading;
}
