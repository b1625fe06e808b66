/**
 * Spoken prompts rendered in the core, offline: Chinese text -> pinyin (voice-text.ts) -> espeak-ng
 * WAV. The renderer plays the WAV with <audio>, because Chromium's speechSynthesis has no Chinese
 * voice on the kiosk image and can hang (subsystems.md, "Voice").
 *
 * Privacy: texts may contain a person's name, so renders are cached in memory only, keyed by a hash,
 * and nothing of the text reaches the log (VoiceRenderer callers log lengths and durations).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { Logger } from './logger.ts';
import { toSpeechPinyin } from './voice-text.ts';

export type VoiceError =
  /** No speech engine on this machine: the screen stays silent, everything else works. */
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'failed'; readonly reason: 'timeout' | 'too_large' | 'engine_error' | 'bad_output' };

export interface VoiceRenderer {
  /** Whether renders can succeed at all (false: every render answers 'unavailable'). */
  readonly available: boolean;
  /** Chinese text -> a complete WAV file (RIFF header with correct sizes). */
  render(text: string): Promise<Result<Uint8Array, VoiceError>>;
  /** Drops every cached render; called when a session ends, since a render may hold a name. */
  forget(): void;
}

export const unavailableVoice: VoiceRenderer = {
  available: false,
  render: () => Promise.resolve(err({ kind: 'unavailable' })),
  forget: () => undefined,
};

export interface EspeakOptions {
  readonly binary: string;
  /** Words per minute; espeak's default 175 is too fast for elderly listeners. */
  readonly wordsPerMinute?: number;
  readonly timeoutMs?: number;
  /** Largest WAV accepted from the engine (500 characters of slow speech is ~7 MB at 22 kHz). */
  readonly maxBytes?: number;
  /** Renders kept in memory (prompts repeat: consent, hints). */
  readonly cacheEntries?: number;
}

/**
 * espeak-ng writes its WAV to a pipe without being able to seek back, so the RIFF and data sizes
 * are placeholders (0x7ffff000). Players that trust them (and our duration checks) need the real
 * sizes: patch them when the header is the plain 44-byte PCM layout espeak writes.
 */
export const fixWavSizes = (wav: Uint8Array): Uint8Array | null => {
  if (wav.length < 44) return null;
  const view = new DataView(wav.buffer, wav.byteOffset, wav.byteLength);
  const tag = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE' || tag(12) !== 'fmt ' || tag(36) !== 'data') return null;
  view.setUint32(4, wav.length - 8, true);
  view.setUint32(40, wav.length - 44, true);
  return wav;
};

/** Small LRU on a Map (insertion order = recency): hash -> WAV. */
class WavCache {
  private readonly entries = new Map<string, Uint8Array>();
  constructor(private readonly capacity: number) {}
  get(key: string): Uint8Array | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: Uint8Array): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
  clear(): void {
    this.entries.clear();
  }
}

const keyOf = (text: string) => createHash('sha256').update(text).digest('hex');

export const createEspeakVoice = (options: EspeakOptions): VoiceRenderer => {
  const { binary, wordsPerMinute = 140, timeoutMs = 5000, maxBytes = 12 * 1024 * 1024, cacheEntries = 64 } = options;
  const cache = new WavCache(cacheEntries);

  const runEngine = (line: string) =>
    new Promise<Result<Uint8Array, VoiceError>>((resolve) => {
      // Arguments as an array, no shell; the text goes through stdin so it never shows in `ps`.
      const child = execFile(
        binary,
        ['-v', 'cmn-latn-pinyin', '-s', String(wordsPerMinute), '--stdout'],
        { encoding: 'buffer', timeout: timeoutMs, maxBuffer: maxBytes, windowsHide: true },
        (error, stdout) => {
          if (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === 'ENOENT' || code === 'EACCES') return resolve(err({ kind: 'unavailable' }));
            if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return resolve(err({ kind: 'failed', reason: 'too_large' }));
            if ((error as { killed?: boolean }).killed) return resolve(err({ kind: 'failed', reason: 'timeout' }));
            return resolve(err({ kind: 'failed', reason: 'engine_error' }));
          }
          const wav = fixWavSizes(new Uint8Array(stdout));
          resolve(wav ? ok(wav) : err({ kind: 'failed', reason: 'bad_output' }));
        },
      );
      // A missing binary makes stdin error (EPIPE) as well; the callback above reports it.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(`${line}\n`);
    });

  return {
    available: true,
    render: async (text) => {
      const key = keyOf(text);
      const cached = cache.get(key);
      if (cached) return ok(cached);
      const line = toSpeechPinyin(text);
      if (line === '') return err({ kind: 'failed', reason: 'bad_output' });
      const result = await runEngine(line);
      if (result.ok) cache.set(key, result.value);
      return result;
    },
    forget: () => cache.clear(),
  };
};

/** For unit tests: a fixed tiny WAV per text, and a record of what was asked (in memory only). */
export const createMemoryVoice = (): VoiceRenderer & { readonly rendered: string[]; forgets: number } => {
  const rendered: string[] = [];
  return {
    available: true,
    rendered,
    forgets: 0,
    forget() {
      this.forgets += 1;
    },
    render: (text) => {
      rendered.push(text);
      const wav = new Uint8Array(44 + 2 * text.length);
      wav.set(new TextEncoder().encode('RIFF'), 0);
      wav.set(new TextEncoder().encode('WAVEfmt '), 8);
      wav.set(new TextEncoder().encode('data'), 36);
      return Promise.resolve(ok(fixWavSizes(wav)!));
    },
  };
};

/** Logs each render by length and duration only: the text may hold a person's name. */
export const withVoiceLog = (voice: VoiceRenderer, logger: Logger, now: () => number = () => performance.now()): VoiceRenderer => ({
  available: voice.available,
  forget: () => voice.forget(),
  render: async (text) => {
    const began = now();
    const result = await voice.render(text);
    const fields = { chars: text.length, ms: Math.round(now() - began) };
    if (result.ok) logger.info('voice.rendered', { ...fields, bytes: result.value.length });
    else logger.warn('voice.failed', { ...fields, reason: result.error.kind === 'failed' ? result.error.reason : 'unavailable' });
    return result;
  },
});
