import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from './logger.ts';
import { createMemoryVoice } from './voice.ts';
import { withPromptCache } from './voice-prompt-cache.ts';
import { withRecordings } from './voice-recordings.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'voice-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const wavFile = (marker: string) => Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVEfmt '), Buffer.from(marker)]);
const drop = (locale: string, name: string, bytes: Buffer) => {
  mkdirSync(join(dir, 'recordings', locale), { recursive: true });
  writeFileSync(join(dir, 'recordings', locale, name), bytes);
};
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

describe('recorded voice files', () => {
  it('serve a message key when its file exists, and the engine speaks everything else', async () => {
    const engine = createMemoryVoice();
    const voice = withRecordings(engine, join(dir, 'recordings'), silentLogger);
    drop('zh-CN', 'card.title.wav', wavFile('HUMAN-CARD-TITLE'));
    drop('en', 'card.title.ogg', Buffer.from('OggS\0\0recorded'));

    const human = await voice.render('请将身份证放在感应区', { key: 'card.title' });
    expect(human.ok && human.value.mime).toBe('audio/wav');
    expect(human.ok && text(human.value.bytes)).toContain('HUMAN-CARD-TITLE');
    const english = await voice.render('Please place your ID card', { key: 'card.title', locale: 'en' });
    expect(english.ok && english.value.mime).toBe('audio/ogg');
    expect(engine.rendered).toEqual([]);

    await voice.render('其他的话', { key: 'card.step1' });
    await voice.render('张三，您好');
    expect(engine.rendered).toEqual(['其他的话', '张三，您好']);
  });

  it('ignore a file that is not what its name says, and keys that try to leave the folder', async () => {
    const lines: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (event, fields) => lines.push(JSON.stringify({ event, ...fields })) };
    const engine = createMemoryVoice();
    const voice = withRecordings(engine, join(dir, 'recordings'), logger);
    drop('zh-CN', 'card.title.wav', Buffer.from('<html>not audio at all</html>'));
    writeFileSync(join(dir, 'secret.wav'), wavFile('SECRET'));

    const fallback = await voice.render('请将身份证放在感应区', { key: 'card.title' });
    expect(fallback.ok && text(fallback.value.bytes)).not.toContain('html');
    expect(lines.join('\n')).toContain('"reason":"format"');
    for (const key of ['../secret', '..', 'a/../../secret', 'a\\..\\secret']) {
      const result = await voice.render('x', { key });
      expect(result.ok && text(result.value.bytes)).not.toContain('SECRET');
    }
    expect(engine.rendered).toHaveLength(5);
  });
});

describe('the prompt disk cache', () => {
  it('keeps only cacheable table texts on disk, and serves them again without the engine', async () => {
    const engine = createMemoryVoice();
    const cacheDir = join(dir, 'cache');
    const voice = withPromptCache(engine, { dir: cacheDir, engineTag: 'test/1', logger: silentLogger });
    await voice.render('请将身份证放在感应区', { cacheable: true });
    await voice.render('张三，您好');
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    // No file holds the name, in any encoding the engine could have produced.
    for (const file of files) expect(readFileSync(join(cacheDir, file)).toString('latin1')).not.toMatch(/张三|zhang/);

    // A new process (a new wrapper over a fresh engine) finds it on disk.
    const fresh = createMemoryVoice();
    const again = withPromptCache(fresh, { dir: cacheDir, engineTag: 'test/1', logger: silentLogger });
    const hit = await again.render('请将身份证放在感应区', { cacheable: true });
    expect(hit.ok).toBe(true);
    expect(fresh.rendered).toEqual([]);
    // Another engine or speed never reuses it; nor does another language.
    await withPromptCache(fresh, { dir: cacheDir, engineTag: 'test/2', logger: silentLogger }).render('请将身份证放在感应区', { cacheable: true });
    await again.render('请将身份证放在感应区', { cacheable: true, locale: 'en' });
    expect(fresh.rendered).toHaveLength(2);
  });

  it('stops writing at its ceiling', async () => {
    const cacheDir = join(dir, 'cache');
    const voice = withPromptCache(createMemoryVoice(), { dir: cacheDir, engineTag: 't', maxEntries: 3, logger: silentLogger });
    for (let i = 0; i < 10; i += 1) await voice.render(`提示${i}`, { cacheable: true });
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(cacheDir)).toHaveLength(3);
  });
});
