/**
 * A disk cache of rendered prompts, so the kiosk's own words (the i18n tables) are rendered once
 * per machine, not once per boot: files named by the SHA-256 of engine, language and text.
 *
 * Privacy: only requests the renderer marks `cacheable` (a table text with nobody's data in it)
 * are written; everything else, such as a greeting with a name, goes to the engine and stays in
 * its memory cache, forgotten at the end of the session.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ok } from '../../../domain/result.ts';
import type { Logger } from './logger.ts';
import type { VoiceRenderer } from './voice.ts';

export interface PromptCacheOptions {
  readonly dir: string;
  /** The engine and its settings (espeakTag): a different engine or speed never reuses a file. */
  readonly engineTag: string;
  /** A ceiling on files, so a misbehaving caller cannot fill the disk (the tables hold far fewer). */
  readonly maxEntries?: number;
  readonly logger: Logger;
}

export const promptCacheKey = (engineTag: string, locale: string, text: string) =>
  createHash('sha256').update(`${engineTag}\n${locale}\n${text}`).digest('hex');

export const withPromptCache = (voice: VoiceRenderer, options: PromptCacheOptions): VoiceRenderer => {
  const { dir, engineTag, maxEntries = 5000, logger } = options;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let entries = readdirSync(dir).filter((name) => name.endsWith('.wav')).length;

  async function store(file: string, bytes: Uint8Array): Promise<void> {
    if (entries >= maxEntries) return;
    // Write then rename: a crash never leaves half a WAV under the final name.
    const temporary = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, bytes, { mode: 0o600 });
      await rename(temporary, file);
      entries += 1;
    } catch {
      await unlink(temporary).catch(() => undefined);
      logger.warn('voice.cache_write_failed', {});
    }
  }

  return {
    available: voice.available,
    forget: () => voice.forget(),
    render: async (text, request = {}) => {
      if (!request.cacheable) return voice.render(text, request);
      const file = join(dir, `${promptCacheKey(engineTag, request.locale ?? 'zh-CN', text)}.wav`);
      const cached = await readFile(file).catch(() => null);
      if (cached) return ok({ mime: 'audio/wav' as const, bytes: new Uint8Array(cached) });
      const rendered = await voice.render(text, request);
      if (rendered.ok && rendered.value.mime === 'audio/wav') await store(file, rendered.value.bytes);
      return rendered;
    },
  };
};
