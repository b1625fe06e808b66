/**
 * Reading a screen aloud (kiosk-ux.md: voice guidance on every screen). The core renders speech
 * offline (`voice.render`: espeak-ng, or a province's recorded file for a message key) and this
 * plays it with one shared <audio> element: Chromium's speechSynthesis has no Chinese voice on the
 * kiosk image and can hang, while <audio> plays reliably, even headless (subsystems.md, "Voice").
 *
 * A prompt is a string or a list of parts (question, then each choice). Parts are rendered and
 * played one after another, so a recorded human voice file can replace any single part, and a
 * part taken unchanged from the i18n tables may be cached on the core's disk (`cacheable`), while
 * anything holding a person's data stays in memory only.
 *
 * Speech is a courtesy, never a dependency: any failure (no engine, core error, autoplay refused)
 * is silence, nothing waits on it, and it stops on the next speak and when the screen goes away.
 */
import { getCurrentInstance, inject, onBeforeUnmount } from 'vue';
import { BRIDGE } from '../app/keys';
import type { Bridge } from '../bridge/bridge';

/** Marks the shared player, so tests can see whether speech actually played (data-state). */
export const SPEECH_AUDIO_ID = 'kiosk-speech';

export type SpeechState = 'idle' | 'loading' | 'playing' | 'ended' | 'stopped' | 'failed';

/** Languages the core can speak (its `voice.render` locales). */
export type SpeechLocale = 'zh-CN' | 'en';

/** One sentence of a prompt. */
export interface SpokenPart {
  readonly text: string;
  /** The i18n message key this text comes from: a recorded voice file may stand in for it. */
  readonly key?: string;
  /** True only for text from the tables with no person's data in it (the core may keep it on disk). */
  readonly cacheable?: boolean;
}
export type Spoken = string | readonly SpokenPart[];

/** The core's message key form (voice.render `key`), e.g. `apply.who.title`. */
const MESSAGE_KEY = /^[a-zA-Z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+){0,7}$/;

/** Longest text the core accepts per render (the contract's limit). */
const MAX_PART_CHARS = 500;

let player: HTMLAudioElement | null = null;
/** Bumped by every speak and stop, so a render that arrives late never plays over newer speech. */
let generation = 0;
let volume = 0.8;
let locale: SpeechLocale = 'zh-CN';

const setState = (state: SpeechState) => {
  if (player) player.dataset.state = state;
};

/** One element for the whole app: a new prompt replaces the old one instead of talking over it. */
const audio = (): HTMLAudioElement | null => {
  if (player) return player;
  if (typeof document === 'undefined') return null;
  const element = document.createElement('audio');
  element.id = SPEECH_AUDIO_ID;
  element.hidden = true;
  element.preload = 'auto';
  element.volume = volume;
  element.addEventListener('playing', () => setState('playing'));
  element.addEventListener('error', () => setState('failed'));
  document.body.append(element);
  player = element;
  return element;
};

/** Applied to the shared player at once and to every later prompt (0..1). */
export function setSpeechVolume(value: number): void {
  volume = Math.min(1, Math.max(0, value));
  if (player) player.volume = volume;
}

/** The language the core speaks from now on (the person's language choice). */
export function setSpeechLocale(value: SpeechLocale): void {
  locale = value;
}

/** Stops whatever is being said, whoever started it (route changes, the wipe). */
export function stopSpeech(): void {
  generation += 1;
  if (!player) return;
  try {
    player.pause();
  } catch {
    // A player that cannot pause is not playing either.
  }
  player.removeAttribute('src');
  setState('stopped');
  player.dispatchEvent(new Event(STOPPED_EVENT));
}

export const partsOf = (spoken: Spoken): SpokenPart[] =>
  (typeof spoken === 'string' ? [{ text: spoken }] : [...spoken])
    .map((part) => ({ ...part, text: part.text.trim().slice(0, MAX_PART_CHARS) }))
    .filter((part) => part.text !== '');

/** The words of a prompt as one string (what a replay says, what tests compare). */
export const spokenText = (spoken: Spoken): string => partsOf(spoken).map((p) => p.text).join(' ');

/** Dispatched on the player by stopSpeech, so a prompt waiting for its clip to end lets go. */
const STOPPED_EVENT = 'kiosk-speech-stopped';

/** Resolves when the element finishes this clip (or fails, or speech is stopped). */
const untilEnded = (element: HTMLAudioElement) =>
  new Promise<void>((resolve) => {
    const done = () => {
      element.removeEventListener('ended', done);
      element.removeEventListener('error', done);
      element.removeEventListener(STOPPED_EVENT, done);
      resolve();
    };
    element.addEventListener('ended', done);
    element.addEventListener('error', done);
    element.addEventListener(STOPPED_EVENT, done);
  });

export function useSpeech() {
  // Without a bridge (isolated component tests, a screen preview) speech is simply silent.
  const bridge: Bridge | null = getCurrentInstance() ? inject(BRIDGE, null) : null;
  /** The generation this screen last started; unmounting stops only our own speech. */
  let mine = -1;
  let lastText = '';
  let lastAt = 0;

  const render = (part: SpokenPart, speakIn: SpeechLocale) =>
    bridge!.call('voice.render', {
      text: part.text,
      ...(speakIn !== 'zh-CN' ? { locale: speakIn } : {}),
      // The core accepts message keys of table form only; anything else is simply spoken.
      ...(part.key && MESSAGE_KEY.test(part.key) ? { key: part.key } : {}),
      ...(part.cacheable ? { cacheable: true } : {}),
    });

  async function play(parts: SpokenPart[], turn: number): Promise<void> {
    if (!bridge || parts.length === 0) return;
    const speakIn = locale;
    // The next part renders while the current one plays, so the pause between them stays short.
    let pending = render(parts[0]!, speakIn);
    for (let i = 0; i < parts.length; i += 1) {
      const rendered = await pending;
      if (i + 1 < parts.length) pending = render(parts[i + 1]!, speakIn);
      if (turn !== generation) return;
      if (!rendered.ok || !rendered.value.base64) continue;
      const element = audio();
      if (!element) return;
      const ended = untilEnded(element);
      element.volume = volume;
      element.src = `data:${rendered.value.mime};base64,${rendered.value.base64}`;
      setState('loading');
      await element.play();
      await ended;
      if (turn !== generation) return;
    }
    setState('ended');
  }

  function speak(spoken: Spoken): void {
    lastText = spokenText(spoken);
    lastAt = Date.now();
    stopSpeech();
    mine = generation;
    const parts = partsOf(spoken);
    if (parts.length === 0) return;
    // Fire and forget: the screen never waits on speech, and a failure is silence.
    const turn = mine;
    play(parts, turn).catch(() => {
      if (turn === generation) setState('failed');
    });
  }

  /** For live hints: says a new hint, repeats the same one only after a pause. */
  function hint(text: string, repeatAfterMs = 6000): void {
    if (text === lastText && Date.now() - lastAt < repeatAfterMs) return;
    speak(text);
  }

  if (getCurrentInstance()) {
    onBeforeUnmount(() => {
      if (mine === generation) stopSpeech();
    });
  }
  return { speak, hint };
}
