/**
 * Pinyin -> word candidates over @pinyin-pro/data's word list (words with pinyin and frequency).
 *
 * No npm package offers a maintained pinyin input method, so this is ours. What a person may type:
 * - full pinyin: shenfenzheng -> 身份证, zhang -> 张 长 章 ...
 * - initials or any syllable prefixes: sfz -> 身份证, shenfzh -> 身份证
 * - a phrase the list does not hold: nihao -> 你好, zhangsan -> 张三 (composed from the most frequent
 *   word for each stretch of syllables, a Viterbi pass over the word lattice)
 * - a leading part only: choosing 你 from "nihao" consumes "ni" and leaves "hao" to continue with.
 *
 * Pure TypeScript without the DOM: built once from the data, then every lookup is a scan of one
 * first-letter bucket (a few thousand words) with a small dynamic-programming match per word.
 */
import { normalizeTyped, tonelessSyllables } from './normalize';

/** The shape of @pinyin-pro/data's JSON: word -> [marked pinyin with spaces, frequency]. */
export type PinyinWordData = Record<string, readonly [string, number] | readonly unknown[]>;

/** One word as the index keeps it. cost = -ln(frequency): lower is more common. */
export interface IndexedWord {
  readonly text: string;
  readonly syllables: readonly string[];
  readonly cost: number;
}

export interface Candidate {
  readonly text: string;
  /** How many letters of the (normalized) typed pinyin this candidate uses up; the rest stays. */
  readonly consumed: number;
}

interface Word extends IndexedWord {
  readonly joined: string;
}

/** Never return more than this: nobody pages through more, and it bounds the work per key press. */
export const MAX_CANDIDATES = 240;
/** A composed phrase pays this (in log-frequency) per word, so fewer, longer words win. */
const WORD_PENALTY = 4;

const byFrequency = (a: Word, b: Word): number => a.cost - b.cost || a.text.length - b.text.length;

/**
 * Cost of matching the whole input with these syllables, each syllable taking a non-empty prefix of
 * itself, in order: 0 = every piece a full syllable; 1 = only the last piece cut short (the person is
 * still typing it); 2+ = abbreviations (sfz). Infinity when the input cannot be split this way.
 */
export function matchCost(input: string, syllables: readonly string[]): number {
  const n = input.length;
  const k = syllables.length;
  if (k > n) return Infinity;
  // best[j][i]: cheapest way for syllables j.. to take input i..; filled from the end.
  let next = new Array<number>(n + 1).fill(Infinity);
  next[n] = 0;
  for (let j = k - 1; j >= 0; j--) {
    const syllable = syllables[j] as string;
    const isLast = j === k - 1;
    const current = new Array<number>(n + 1).fill(Infinity);
    for (let i = n - 1; i >= 0; i--) {
      if (input.charCodeAt(i) !== syllable.charCodeAt(0)) continue;
      const maxLen = Math.min(syllable.length, n - i);
      for (let m = 1; m <= maxLen; m++) {
        if (m > 1 && input.charCodeAt(i + m - 1) !== syllable.charCodeAt(m - 1)) break;
        const rest = next[i + m] as number;
        if (rest === Infinity) continue;
        const piece = m === syllable.length ? 0 : isLast ? 1 : 2;
        const total = rest + piece;
        if (total < (current[i] as number)) current[i] = total;
      }
    }
    next = current;
  }
  return next[0] as number;
}

export class PinyinIndex {
  /** Words by the first letter of their pinyin, most frequent first. */
  private readonly byFirstLetter = new Map<string, Word[]>();
  /**
   * Per first letter, words by their joined toneless pinyin ("shenfenzheng"), most frequent first.
   * Made on first use of a letter: building all of them up front doubled the index's build time,
   * and a person types words from a few letters only.
   */
  private readonly byJoined = new Map<string, Map<string, Word[]>>();
  private syllableSet: Set<string> | null = null;
  private longestJoined = 0;
  readonly size: number;

  /**
   * Words in any order; when they come most common first (compiled ones do), nothing is sorted.
   * The syllables in use, when known (compiled files list them), spare collecting them from every
   * word at the first key press.
   */
  constructor(words: Iterable<IndexedWord>, syllables?: Iterable<string>) {
    if (syllables) this.syllableSet = new Set(syllables);
    let size = 0;
    let sorted = true;
    let previous: Word | null = null;
    for (const { text, syllables, cost } of words) {
      const joined = syllables.join('');
      if (joined === '') continue;
      const word: Word = { text, syllables, joined, cost };
      pushTo(this.byFirstLetter, joined[0] as string, word);
      if (previous && byFrequency(previous, word) > 0) sorted = false;
      previous = word;
      if (joined.length > this.longestJoined) this.longestJoined = joined.length;
      size++;
    }
    if (!sorted) for (const list of this.byFirstLetter.values()) list.sort(byFrequency);
    this.size = size;
  }

  /** Straight from @pinyin-pro/data's shape (tests and small word lists). */
  static fromData(data: PinyinWordData): PinyinIndex {
    return new PinyinIndex(wordsFromData(data));
  }

  /** Every candidate for what was typed, best first (at most MAX_CANDIDATES). */
  lookup(typed: string): Candidate[] {
    const input = normalizeTyped(typed);
    if (input === '') return [];
    const out: Candidate[] = [];
    const seen = new Set<string>();
    const add = (text: string, consumed: number): void => {
      if (out.length >= MAX_CANDIDATES || seen.has(text)) return;
      seen.add(text);
      out.push({ text, consumed });
    };

    const whole = this.wholeMatches(input);
    if (whole.exact.length === 0) {
      const phrase = this.compose(input);
      if (phrase) add(phrase, input.length);
    }
    for (const w of whole.exact) add(w.text, input.length);
    for (const w of whole.typing) add(w.text, input.length);
    // Words for a leading stretch of full syllables, longest first, when the rest still makes sense.
    for (let end = Math.min(input.length - 1, this.longestJoined); end >= 1; end--) {
      const words = this.wordsFor(input.slice(0, end));
      if (!words || !this.canContinue(input.slice(end))) continue;
      for (const w of words) add(w.text, end);
    }
    for (const w of whole.abbreviated) add(w.text, input.length);
    return out;
  }

  private wholeMatches(input: string): { exact: Word[]; typing: Word[]; abbreviated: Word[] } {
    const exact: Word[] = [];
    const typing: Word[] = [];
    const abbreviated: Word[] = [];
    for (const w of this.byFirstLetter.get(input[0] as string) ?? []) {
      // Pieces are prefixes of syllables: the word's pinyin is at least as long as the input.
      if (w.joined.length < input.length || w.syllables.length > input.length) continue;
      const cost = w.joined === input ? 0 : matchCost(input, w.syllables);
      if (cost === 0) exact.push(w);
      else if (cost === 1) typing.push(w);
      else if (cost !== Infinity && abbreviated.length < MAX_CANDIDATES) abbreviated.push(w);
    }
    return { exact, typing, abbreviated };
  }

  /** Whether the text can still be read as syllables, the last one possibly unfinished. */
  private canContinue(rest: string): boolean {
    const n = rest.length;
    const ok = new Array<boolean>(n + 1).fill(false);
    ok[n] = true;
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j <= n && !ok[i]; j++) {
        const piece = rest.slice(i, j);
        if (ok[j] && (this.syllables().has(piece) || (j === n && this.isSyllablePrefix(piece)))) ok[i] = true;
      }
    }
    return ok[0] as boolean;
  }

  /** Words whose whole pinyin is exactly this, most frequent first. */
  private wordsFor(joined: string): Word[] | undefined {
    const letter = joined[0] as string;
    let map = this.byJoined.get(letter);
    if (!map) {
      map = new Map();
      for (const w of this.byFirstLetter.get(letter) ?? []) pushTo(map, w.joined, w);
      this.byJoined.set(letter, map);
    }
    return map.get(joined);
  }

  /** Every syllable the words use: what counts as pinyin at all. */
  private syllables(): Set<string> {
    if (!this.syllableSet) {
      this.syllableSet = new Set();
      for (const list of this.byFirstLetter.values()) for (const w of list) for (const s of w.syllables) this.syllableSet.add(s);
    }
    return this.syllableSet;
  }

  private isSyllablePrefix(piece: string): boolean {
    for (const s of this.syllables()) if (s.startsWith(piece)) return true;
    return false;
  }

  /**
   * The most likely phrase covering the whole input with exact words (most frequent word per
   * stretch), or null when the input is not all full syllables or one word already covers it.
   */
  private compose(input: string): string | null {
    const n = input.length;
    const score = new Array<number>(n + 1).fill(-Infinity);
    const from = new Array<{ start: number; text: string } | null>(n + 1).fill(null);
    score[0] = 0;
    for (let start = 0; start < n; start++) {
      const base = score[start] as number;
      if (base === -Infinity) continue;
      const limit = Math.min(n, start + this.longestJoined);
      for (let end = start + 1; end <= limit; end++) {
        const best = this.wordsFor(input.slice(start, end))?.[0];
        if (!best) continue;
        const s = base - best.cost - WORD_PENALTY;
        if (s > (score[end] as number)) {
          score[end] = s;
          from[end] = { start, text: best.text };
        }
      }
    }
    if (!from[n]) return null;
    const parts: string[] = [];
    for (let at = n; at > 0; ) {
      const step = from[at] as { start: number; text: string };
      parts.unshift(step.text);
      at = step.start;
    }
    return parts.length > 1 ? parts.join('') : null;
  }
}

/** @pinyin-pro/data entries as index words; entries whose pinyin does not give one plain syllable per character are left out (they would split wrongly). */
export function* wordsFromData(data: PinyinWordData): Generator<IndexedWord> {
  for (const [text, entry] of Object.entries(data)) {
    const [marked, freq] = entry;
    if (typeof marked !== 'string' || typeof freq !== 'number' || freq <= 0) continue;
    const syllables = tonelessSyllables(marked);
    if (syllables.length === 0 || syllables.length !== [...text].length) continue;
    if (!syllables.every((s) => /^[a-z]+$/.test(s))) continue;
    yield { text, syllables, cost: -Math.log(freq) };
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
