/**
 * Reading a screen aloud (kiosk-ux.md: voice guidance on every screen). The core renders Mandarin
 * offline (`voice.render`, espeak-ng) and this plays the WAV with one shared <audio> element:
 * Chromium's speechSynthesis has no Chinese voice on the kiosk image and can hang, while <audio>
 * plays reliably, even headless (subsystems.md, "Voice").
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

let player: HTMLAudioElement | null = null;
/** Bumped by every speak and stop, so a render that arrives late never plays over newer speech. */
let generation = 0;

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
  element.addEventListener('playing', () => setState('playing'));
  element.addEventListener('ended', () => setState('ended'));
  element.addEventListener('error', () => setState('failed'));
  document.body.append(element);
  player = element;
  return element;
};

const stopPlayback = () => {
  generation += 1;
  if (!player) return;
  try {
    player.pause();
  } catch {
    // A player that cannot pause is not playing either.
  }
  player.removeAttribute('src');
  setState('stopped');
};

export function useSpeech() {
  // Without a bridge (isolated component tests, a screen preview) speech is simply silent.
  const bridge: Bridge | null = getCurrentInstance() ? inject(BRIDGE, null) : null;
  /** The generation this screen last started; unmounting stops only our own speech. */
  let mine = -1;
  let lastText = '';
  let lastAt = 0;

  async function play(text: string, turn: number): Promise<void> {
    if (!bridge) return;
    const rendered = await bridge.call('voice.render', { text });
    if (turn !== generation || !rendered.ok || !rendered.value.base64) return;
    const element = audio();
    if (!element) return;
    element.src = `data:${rendered.value.mime};base64,${rendered.value.base64}`;
    setState('loading');
    await element.play();
  }

  function speak(text: string): void {
    lastText = text;
    lastAt = Date.now();
    stopPlayback();
    mine = generation;
    if (text.trim() === '') return;
    // Fire and forget: the screen never waits on speech, and a failure is silence.
    play(text.slice(0, 500), mine).catch(() => {
      if (mine === generation) setState('failed');
    });
  }

  /** For live hints: says a new hint, repeats the same one only after a pause. */
  function hint(text: string, repeatAfterMs = 6000): void {
    if (text === lastText && Date.now() - lastAt < repeatAfterMs) return;
    speak(text);
  }

  if (getCurrentInstance()) {
    onBeforeUnmount(() => {
      if (mine === generation) stopPlayback();
    });
  }
  return { speak, hint };
}
