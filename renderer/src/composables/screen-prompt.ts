/**
 * The spoken prompt of a screen (issue 7: every screen speaks its question and its choices). A
 * screen declares its prompt once; it is spoken when the screen appears and whenever the words
 * change (a new step), and the AccessBar's 再听一遍 says it again. The voice stops when the screen
 * goes away (useSpeech stops its own speech on unmount; App stops it on every route change).
 *
 * Usage in a screen or step component:
 *   useScreenPrompt(() => [t('x.question'), ...choices.map((c) => t(c.label))].join('。'));
 * or, so that recorded voice files and the core's disk cache can be used, with parts:
 *   const { say, data } = usePromptParts();
 *   useScreenPrompt(() => [say('x.question'), ...choices.map((c) => say(c.labelKey))]);
 */
import { computed, getCurrentInstance, onBeforeUnmount, onMounted, shallowRef, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { spokenText, useSpeech, type Spoken, type SpokenPart } from './speech';

interface PromptEntry {
  readonly text: string;
  replay: () => void;
}

/**
 * Prompts of the mounted screens in the order they appeared. A step inside a screen mounts before
 * its screen, an overlay (the idle question) after it: the latest with words is the one on top.
 */
const mounted = shallowRef<readonly PromptEntry[]>([]);

/** The prompt of the screen on top, for the global replay button (null: nothing to replay). */
export const currentPrompt = computed<PromptEntry | null>(() => [...mounted.value].reverse().find((entry) => entry.text !== '') ?? null);

export interface ScreenPromptOptions {
  /**
   * Whether the prompt is said by itself when the screen appears or its words change (default
   * always). The home screen says nothing into an empty room between visitors; replay still works.
   */
  readonly auto?: () => boolean;
}

export function useScreenPrompt(source: () => Spoken, options: ScreenPromptOptions = {}): { replay: () => void } {
  const auto = options.auto ?? (() => true);
  const { speak } = useSpeech();
  const words = () => spokenText(source());
  const replay = () => speak(source());
  // Reactive getter: the replay button follows the words (a screen whose prompt becomes empty
  // hands replay to the one beneath it).
  const entry: PromptEntry = {
    get text() {
      return words();
    },
    replay,
  };
  // A screen with nothing to say (yet) stays quiet instead of silencing a step that is speaking.
  const sayIfAny = () => {
    if (auto() && words() !== '') speak(source());
  };
  if (getCurrentInstance()) {
    onMounted(() => {
      mounted.value = [...mounted.value, entry];
      sayIfAny();
    });
    // Compared as words, so a re-render that builds equal parts does not restart the voice.
    watch(words, (now, before) => {
      if (now !== before) sayIfAny();
    });
    onBeforeUnmount(() => {
      mounted.value = mounted.value.filter((e) => e !== entry);
    });
  }
  return { replay };
}

/**
 * Where the spoken words of a message live: `a.b.voice.c` for the message `a.b.c`, when the spoken
 * words differ from the shown ones (numbers, symbols, a hotline read digit by digit).
 */
export const voiceKeyOf = (key: string): string => key.replace(/\.([^.]+)$/, '.voice.$1');

export function usePromptParts() {
  const { t, te } = useI18n();
  /**
   * A sentence from the tables. Without parameters it carries its key (a recorded voice file may
   * replace it) and may be cached on the core's disk; with parameters it is cached only when the
   * caller says the values are nobody's personal data (`shared`).
   */
  const say = (key: string, params?: Record<string, unknown>, options: { shared?: boolean } = {}): SpokenPart => {
    const voiceKey = voiceKeyOf(key);
    const from = te(voiceKey) ? voiceKey : key;
    // A key with no text (an optional hint) says nothing rather than its own name.
    if (!te(from) && !te(from, 'zh-CN')) return { text: '' };
    const text = params ? t(from, params) : t(from);
    if (!params) return { text, key, cacheable: true };
    return options.shared ? { text, cacheable: true } : { text };
  };
  /** Words that are not table texts (a name, a rule pack's label): spoken, never kept on disk. */
  const data = (text: string): SpokenPart => ({ text });
  return { say, data };
}
