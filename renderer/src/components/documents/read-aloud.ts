/**
 * A drafted document read aloud: the core renders at most 500 characters a clip, and the facts of
 * a case may be three times that, so each text is cut into parts at the end of a sentence (。；)
 * where it can, and the parts are played one after the other.
 */
import type { SpokenPart } from '../../composables/speech';

const PART_CHARS = 480;

function cut(text: string): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > PART_CHARS) {
    const window = rest.slice(0, PART_CHARS);
    // A sentence end if there is one in the second half of the window, else a comma, else anywhere.
    const sentence = Math.max(window.lastIndexOf('。'), window.lastIndexOf('；'));
    const end = sentence > PART_CHARS / 2 ? sentence : window.lastIndexOf('，');
    const at = end > PART_CHARS / 2 ? end + 1 : PART_CHARS;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).trim();
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

export const readAloudParts = (texts: readonly string[]): SpokenPart[] => texts.flatMap(cut).map((text) => ({ text }));
