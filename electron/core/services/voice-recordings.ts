/**
 * Recorded human voice in place of espeak (issue 7): a province may record the kiosk's prompts and
 * drop them in as `<dir>/<locale>/<message-key>.(wav|ogg|mp3)`, e.g. `zh-CN/card.title.wav`. A
 * request that names a message key with such a file gets the file; anything else (no key, no file,
 * a file that is not what its name says) falls through to the engine, so a partial set of
 * recordings works and a bad file never silences a screen.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { ok } from '../../../domain/result.ts';
import type { Logger } from './logger.ts';
import type { VoiceClip, VoiceMime, VoiceRenderer } from './voice.ts';

/** Largest recording served (a long pledge read slowly in WAV is a few MB). */
const MAX_RECORDING_BYTES = 8 * 1024 * 1024;

/** Message keys as the i18n tables spell them; nothing else reaches the file system. */
export const MESSAGE_KEY = /^[a-zA-Z][a-zA-Z0-9_-]*(\.[a-zA-Z0-9_-]+){0,7}$/;

const FORMATS: ReadonlyArray<{ ext: string; mime: VoiceMime; looksRight: (b: Uint8Array) => boolean }> = [
  { ext: 'wav', mime: 'audio/wav', looksRight: (b) => tag(b, 0) === 'RIFF' && tag(b, 8) === 'WAVE' },
  { ext: 'ogg', mime: 'audio/ogg', looksRight: (b) => tag(b, 0) === 'OggS' },
  // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
  { ext: 'mp3', mime: 'audio/mpeg', looksRight: (b) => tag(b, 0).startsWith('ID3') || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0) },
];

function tag(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

/** The recording for a key, or null (absent, too large, or not the format its name says). */
export async function findRecording(dir: string, locale: string, key: string, logger: Logger): Promise<VoiceClip | null> {
  if (!MESSAGE_KEY.test(key) || !/^[a-z]{2,3}(-[A-Z]{2})?$/.test(locale)) return null;
  const base = resolve(dir, locale);
  for (const format of FORMATS) {
    const file = join(base, `${key}.${format.ext}`);
    // The key pattern already forbids separators and '..'; this is the second lock on the door.
    if (!file.startsWith(base + sep)) return null;
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    if (info.size > MAX_RECORDING_BYTES || info.size < 12) {
      logger.warn('voice.recording_refused', { key, locale, reason: 'size', bytes: info.size });
      continue;
    }
    const bytes = new Uint8Array(await readFile(file));
    if (!format.looksRight(bytes)) {
      logger.warn('voice.recording_refused', { key, locale, reason: 'format' });
      continue;
    }
    return { mime: format.mime, bytes };
  }
  return null;
}

/** Serves recordings where they exist; the engine renders everything else. */
export const withRecordings = (voice: VoiceRenderer, dir: string, logger: Logger): VoiceRenderer => ({
  // Recordings alone can speak the table texts even on a machine without an engine.
  available: true,
  forget: () => voice.forget(),
  render: async (text, request = {}) => {
    if (request.key) {
      const recorded = await findRecording(dir, request.locale ?? 'zh-CN', request.key, logger);
      if (recorded) return ok(recorded);
    }
    return voice.render(text, request);
  },
});
