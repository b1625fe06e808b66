/**
 * Pinyin as typed on a Latin keyboard: no tone marks, ü written as v (the convention every Chinese
 * input method follows: lv -> 律, nv -> 女).
 */

/** Tone-marked letters as typed: the vowel (ü as v); the table is faster than Unicode NFD. */
const PLAIN: Record<string, string> = {};
for (const [plain, marked] of Object.entries({ a: 'āáǎà', e: 'ēéěè', i: 'īíǐì', o: 'ōóǒò', u: 'ūúǔù', v: 'üǖǘǚǜ', n: 'ńňǹ', m: 'ḿ' })) {
  for (const c of marked) PLAIN[c] = plain;
}

/** 'lǜ shī' -> ['lv', 'shi']. Anything else outside a-z is kept, so callers can reject the entry. */
export function tonelessSyllables(marked: string): string[] {
  let plain = '';
  for (const c of marked.toLowerCase()) plain += PLAIN[c] ?? c;
  return plain.split(' ').filter((s) => s !== '');
}

/**
 * What the person typed, reduced to letters a-z (an apostrophe is the syllable separator some
 * people know from xi'an; it only helps splitting, so it is dropped here and kept nowhere else).
 */
export function normalizeTyped(typed: string): string {
  return typed
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z]/g, '');
}
