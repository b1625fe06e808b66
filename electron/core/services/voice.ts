/**
 * Spoken prompts rendered in the core, offline: Chinese text -> pinyin (voice-text.ts) -> espeak-ng
 * WAV (English: espeak-ng's `en-us` voice). The renderer plays the clip with <audio>, because
 * Chromium's speechSynthesis has no Chinese voice on the kiosk image and can hang (subsystems.md,
 * "Voice"). espeak-ng runs here (Debian package) and on Windows (its MSI installer), offline.
 *
 * Privacy: texts may contain a person's name, so this engine caches in memory only, keyed by a
 * hash, and nothing of the text reaches the log (VoiceRenderer callers log lengths and durations).
 * Only texts the renderer marks as table texts reach the disk cache (voice-prompt-cache.ts); a
 * province's recorded voice files replace table texts by message key (voice-recordings.ts).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { Logger } from './logger.ts';
import { toEnglishSpeech, toSpeechPinyin } from './voice-text.ts';

/** Languages the kiosk can speak; a new one needs its table in the renderer and a voice here. */
export const VOICE_LOCALES = ['zh-CN', 'en'] as const;
export type VoiceLocale = (typeof VOICE_LOCALES)[number];

export type VoiceMime = 'audio/wav' | 'audio/ogg' | 'audio/mpeg';
export interface VoiceClip {
  readonly mime: VoiceMime;
  readonly bytes: Uint8Array;
}

/** What the renderer knows about a text besides its words. */
export interface VoiceRequest {
  /** Default zh-CN. */
  readonly locale?: VoiceLocale;
  /** The i18n message key the text is (a recorded voice file may stand in for it). */
  readonly key?: string;
  /** A table text without anyone's data in it: may be kept on disk. */
  readonly cacheable?: boolean;
}

export type VoiceError =
  /** No speech engine on this machine: the screen stays silent, everything else works. */
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'failed'; readonly reason: 'timeout' | 'too_large' | 'engine_error' | 'bad_output' };

export interface VoiceRenderer {
  /** Whether renders can succeed at all (false: every render answers 'unavailable'). */
  readonly available: boolean;
  /** Text -> a playable clip (espeak's WAV with correct RIFF sizes, or a recorded file). */
  render(text: string, request?: VoiceRequest): Promise<Result<VoiceClip, VoiceError>>;
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

/** Small LRU on a Map (insertion order = recency): hash -> clip. */
class ClipCache {
  private readonly entries = new Map<string, VoiceClip>();
  constructor(private readonly capacity: number) {}
  get(key: string): VoiceClip | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: VoiceClip): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
  clear(): void {
    this.entries.clear();
  }
}

const keyOf = (text: string, locale: VoiceLocale) => createHash('sha256').update(`${locale}\n${text}`).digest('hex');

/** espeak-ng's voice and the line it reads, per language. */
const ENGINE_INPUT: Readonly<Record<VoiceLocale, { voice: string; line: (text: string) => string }>> = {
  'zh-CN': { voice: 'cmn-latn-pinyin', line: toSpeechPinyin },
  en: { voice: 'en-us', line: toEnglishSpeech },
};

/** The engine and settings a render depends on: part of the disk cache's key, so a change re-renders. */
export const espeakTag = (wordsPerMinute: number) => `espeak-ng/${wordsPerMinute}wpm/v1`;

export const createEspeakVoice = (options: EspeakOptions): VoiceRenderer => {
  const { binary, wordsPerMinute = 140, timeoutMs = 5000, maxBytes = 12 * 1024 * 1024, cacheEntries = 64 } = options;
  const cache = new ClipCache(cacheEntries);

  const runEngine = (line: string, voice: string) =>
    new Promise<Result<VoiceClip, VoiceError>>((resolve) => {
      // Arguments as an array, no shell; the text goes through stdin so it never shows in `ps`.
      const child = execFile(
        binary,
        ['-v', voice, '-s', String(wordsPerMinute), '--stdout'],
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
          resolve(wav ? ok({ mime: 'audio/wav', bytes: wav }) : err({ kind: 'failed', reason: 'bad_output' }));
        },
      );
      // A missing binary makes stdin error (EPIPE) as well; the callback above reports it.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(`${line}\n`);
    });

  return {
    available: true,
    render: async (text, request = {}) => {
      const locale = request.locale ?? 'zh-CN';
      const key = keyOf(text, locale);
      const cached = cache.get(key);
      if (cached) return ok(cached);
      const engine = ENGINE_INPUT[locale];
      const line = engine.line(text);
      if (line === '') return err({ kind: 'failed', reason: 'bad_output' });
      const result = await runEngine(line, engine.voice);
      if (result.ok) cache.set(key, result.value);
      return result;
    },
    forget: () => cache.clear(),
  };
};

/** For unit tests: a fixed tiny WAV per text, and a record of what was asked (in memory only). */
export const createMemoryVoice = (): VoiceRenderer & { readonly rendered: string[]; readonly requests: VoiceRequest[]; forgets: number } => {
  const rendered: string[] = [];
  const requests: VoiceRequest[] = [];
  return {
    available: true,
    rendered,
    requests,
    forgets: 0,
    forget() {
      this.forgets += 1;
    },
    render: (text, request = {}) => {
      rendered.push(text);
      requests.push(request);
      const wav = new Uint8Array(44 + 2 * text.length);
      wav.set(new TextEncoder().encode('RIFF'), 0);
      wav.set(new TextEncoder().encode('WAVEfmt '), 8);
      wav.set(new TextEncoder().encode('data'), 36);
      return Promise.resolve(ok({ mime: 'audio/wav' as const, bytes: fixWavSizes(wav)! }));
    },
  };
};

/** Logs each render by length and duration only: the text may hold a person's name. */
export const withVoiceLog = (voice: VoiceRenderer, logger: Logger, now: () => number = () => performance.now()): VoiceRenderer => ({
  available: voice.available,
  forget: () => voice.forget(),
  render: async (text, request = {}) => {
    const began = now();
    const result = await voice.render(text, request);
    const fields = { chars: text.length, locale: request.locale ?? 'zh-CN', ms: Math.round(now() - began) };
    if (result.ok) logger.info('voice.rendered', { ...fields, bytes: result.value.bytes.length, mime: result.value.mime });
    else logger.warn('voice.failed', { ...fields, reason: result.error.kind === 'failed' ? result.error.reason : 'unavailable' });
    return result;
  },
});
