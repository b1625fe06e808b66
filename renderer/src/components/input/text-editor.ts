/**
 * The keyboard's editing state without the DOM: the committed text, the pinyin being composed, the
 * mode and the length limit. Text is only ever changed at its end (the kiosk shows the cursor there
 * and never asks an elderly person to place a caret). Lengths count characters (code points), so a
 * rare character outside the BMP is one character, as a person would count it.
 */
import type { Candidate } from '../../services/pinyin/candidate-index';

export type KeyboardMode = 'zh' | 'en' | 'num' | 'punct';

/** Long enough for any word or phrase; beyond it a letter is surely a mistake. */
export const MAX_COMPOSING = 40;

export const charCount = (text: string): number => [...text].length;

export class TextEditor {
  text: string;
  composing = '';
  mode: KeyboardMode = 'zh';
  /** Set when an insertion was cut short by maxLength, cleared by the next successful edit. */
  full = false;

  constructor(
    initial: string,
    readonly maxLength: number | null,
  ) {
    this.text = maxLength === null ? initial : [...initial].slice(0, maxLength).join('');
  }

  get length(): number {
    return charCount(this.text);
  }

  /** A key with a character on it. In 中文 mode letters compose pinyin; everything else is typed. */
  press(key: string): void {
    if (this.mode === 'zh' && /^[a-z]$/.test(key)) {
      if (this.composing.length < MAX_COMPOSING) this.composing += key;
      return;
    }
    this.insert(key);
  }

  /** Puts a candidate in and keeps the pinyin it did not use for the next choice. */
  choose(candidate: Candidate): void {
    this.insert(candidate.text);
    this.composing = this.composing.slice(candidate.consumed);
  }

  /** Space while composing takes the first candidate, as every Chinese input method does. */
  space(first: Candidate | undefined): void {
    if (this.composing !== '') {
      if (first) this.choose(first);
      return;
    }
    this.insert(' ');
  }

  backspace(): void {
    if (this.composing !== '') {
      this.composing = this.composing.slice(0, -1);
      return;
    }
    this.text = [...this.text].slice(0, -1).join('');
    this.full = false;
  }

  clear(): void {
    this.text = '';
    this.composing = '';
    this.full = false;
  }

  /** Letters typed for pinyin are not text yet: a new mode starts without them. */
  setMode(mode: KeyboardMode): void {
    this.mode = mode;
    this.composing = '';
  }

  private insert(piece: string): void {
    if (this.maxLength === null) {
      this.text += piece;
      this.full = false;
      return;
    }
    const room = this.maxLength - this.length;
    const chars = [...piece];
    this.text += chars.slice(0, Math.max(0, room)).join('');
    this.full = chars.length > room;
  }
}
