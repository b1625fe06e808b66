/**
 * The ring's sound: a soft two-note chime every two seconds, made with WebAudio (no audio file, so
 * nothing to fetch past the strict CSP). Gentle sine tones with slow attack and release: the lawyer
 * must notice it in a quiet office without being startled.
 *
 * A browser may keep audio suspended until the page has been clicked; going available is a click,
 * and that is when the desk calls `unlock()`.
 */
const NOTES_HZ = [660, 880] as const;
const NOTE_S = 0.35;
const GAP_S = 0.08;
const PERIOD_MS = 2000;
const VOLUME = 0.12;

export class RingTone {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  /** Creates (or resumes) the audio context inside a user gesture. */
  unlock(): void {
    try {
      this.context ??= new AudioContext();
      void this.context.resume().catch(() => undefined);
    } catch {
      this.context = null;
    }
  }

  get playing(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer) return;
    this.unlock();
    this.chime();
    this.timer = setInterval(() => this.chime(), PERIOD_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  dispose(): void {
    this.stop();
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private chime(): void {
    const context = this.context;
    if (!context) return;
    let at = context.currentTime + 0.02;
    for (const hz of NOTES_HZ) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = hz;
      gain.gain.setValueAtTime(0, at);
      gain.gain.linearRampToValueAtTime(VOLUME, at + 0.06);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + NOTE_S + 0.02);
      at += NOTE_S + GAP_S;
    }
  }
}
