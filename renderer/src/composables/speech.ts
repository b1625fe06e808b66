/**
 * Reading a screen aloud (kiosk-ux.md: voice guidance on every screen). Uses the browser's speech
 * synthesis when the kiosk image has a Chinese voice; silently does nothing otherwise, so a screen
 * never depends on it. Speech stops when the screen goes away.
 */
import { onBeforeUnmount } from 'vue';

const synth = (): SpeechSynthesis | null => (typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null);

export function useSpeech() {
  let lastText = '';
  let lastAt = 0;

  function speak(text: string): void {
    const s = synth();
    lastText = text;
    lastAt = Date.now();
    if (!s || typeof SpeechSynthesisUtterance === 'undefined') return;
    // Without a Chinese voice Chromium would read the text with whatever voice it has (or hang
    // without audio output): stay silent instead. Fire and forget: nothing waits on speech.
    if (!s.getVoices().some((voice) => voice.lang.toLowerCase().startsWith('zh'))) return;
    s.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = 'zh-CN';
    utterance.rate = 0.9;
    s.speak(utterance);
  }

  /** For live hints: says a new hint, repeats the same one only after a pause. */
  function hint(text: string, repeatAfterMs = 6000): void {
    if (text === lastText && Date.now() - lastAt < repeatAfterMs) return;
    speak(text);
  }

  onBeforeUnmount(() => synth()?.cancel());
  return { speak, hint };
}
