/**
 * The real core process renders Mandarin prompts with espeak-ng (when the machine has it; CI
 * installs it) and refuses texts beyond the contract's limit.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

const CONSENT = '请问您是否同意本机将您的面部与身份证照片进行比对？照片和面部信息不会被保存。如不同意，可请律师视频核验，或到服务窗口核验。';

let core: KioskCoreHandle;
/** Where this core looks for a province's recorded voice files (KIOSK_VOICE_DIR). */
const recordings = mkdtempSync(join(tmpdir(), 'kiosk-voice-'));
beforeAll(async () => {
  core = await startKioskCore({ KIOSK_VOICE_DIR: recordings });
});
afterAll(async () => {
  await core?.stop();
  rmSync(recordings, { recursive: true, force: true });
});
const hasEspeak = existsSync('/usr/bin/espeak-ng');

/** Seconds of audio in a PCM WAV, from its header (byte rate) and data chunk size. */
const wavSeconds = (wav: Buffer) => {
  expect(wav.subarray(0, 4).toString('latin1')).toBe('RIFF');
  expect(wav.subarray(8, 12).toString('latin1')).toBe('WAVE');
  expect(wav.subarray(36, 40).toString('latin1')).toBe('data');
  const sampleRate = wav.readUInt32LE(24);
  const byteRate = wav.readUInt32LE(28);
  const dataBytes = wav.readUInt32LE(40);
  expect(sampleRate).toBeGreaterThanOrEqual(8000);
  expect(dataBytes).toBe(wav.length - 44);
  return dataBytes / byteRate;
};

describe('voice.render on the real core', () => {
  it.skipIf(!existsSync('/usr/bin/espeak-ng'))('renders the consent prompt as a WAV of plausible length, without the text in the log', async () => {
    const began = performance.now();
    const { mime, base64 } = await core.call('voice.render', { text: CONSENT });
    const ms = performance.now() - began;
    expect(mime).toBe('audio/wav');
    const seconds = wavSeconds(Buffer.from(base64, 'base64'));
    expect(seconds).toBeGreaterThanOrEqual(0.5);
    // Roughly 3-5 syllables a second at 140 wpm: a 60-character prompt is well over 5 seconds.
    expect(seconds).toBeGreaterThan(5);
    console.info(`voice.render: ${CONSENT.length} chars -> ${seconds.toFixed(1)} s of audio in ${ms.toFixed(0)} ms`);
    const logged = core.logLines.filter((line) => line.includes('voice.'));
    expect(logged.length).toBeGreaterThan(0);
    expect(core.logLines.join('\n')).not.toContain('面部');
  });

  it('rejects an empty text and one of 501 characters', async () => {
    for (const text of ['', '好'.repeat(501)]) {
      const response = await core.request('/api/cmd/voice.render', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    }
  });

  it.skipIf(!hasEspeak)('speaks English with the English voice when the locale is English', async () => {
    const text = 'Please place your ID card on the reader.';
    const english = await core.call('voice.render', { text, locale: 'en' });
    const mandarin = await core.call('voice.render', { text: '请将身份证放在感应区', locale: 'zh-CN' });
    expect(english.mime).toBe('audio/wav');
    // Eight English words at 140 wpm: about three seconds, neither silence nor a spelled-out line.
    const seconds = wavSeconds(Buffer.from(english.base64, 'base64'));
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(8);
    expect(english.base64).not.toBe(mandarin.base64);
  });

  it('plays a recorded voice file dropped in for a message key instead of the engine', async () => {
    const human = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt '), Buffer.from('a province recorded this')]);
    mkdirSync(join(recordings, 'zh-CN'), { recursive: true });
    writeFileSync(join(recordings, 'zh-CN', 'card.title.wav'), human);
    const served = await core.call('voice.render', { text: '请将身份证放在感应区', key: 'card.title', cacheable: true });
    expect(served.mime).toBe('audio/wav');
    expect(Buffer.from(served.base64, 'base64').equals(human)).toBe(true);

    // An ogg recording for English is served as ogg.
    mkdirSync(join(recordings, 'en'), { recursive: true });
    const ogg = Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24, 1)]);
    writeFileSync(join(recordings, 'en', 'card.title.ogg'), ogg);
    const english = await core.call('voice.render', { text: 'Please place your ID card on the reader', locale: 'en', key: 'card.title' });
    expect(english.mime).toBe('audio/ogg');
    expect(Buffer.from(english.base64, 'base64').equals(ogg)).toBe(true);
  });

  it.skipIf(!hasEspeak)('keeps table prompts in its disk cache and never a text marked personal', async () => {
    const cacheDir = join(core.dataDir, 'voice-cache');
    const before = existsSync(cacheDir) ? readdirSync(cacheDir).length : 0;
    await core.call('voice.render', { text: '请点一下您要办理的事项', cacheable: true });
    await core.call('voice.render', { text: '欧阳娜娜，您好' });
    const files = readdirSync(cacheDir);
    expect(files.length).toBe(before + 1);
    // The name's syllables never reach the disk: the only new file is the table prompt's.
    const nameOnly = Buffer.from((await core.call('voice.render', { text: '欧阳娜娜，您好' })).base64, 'base64');
    for (const file of files) expect(readFileSync(join(cacheDir, file)).equals(nameOnly)).toBe(false);
  });

  it('refuses a message key that tries to leave the recordings folder, and an unknown language', async () => {
    for (const body of [
      { text: '你好', key: '../../etc/passwd' },
      { text: '你好', key: 'a/b' },
      { text: '你好', locale: 'fr' },
      { text: '你好', cacheable: 'yes' },
    ]) {
      const response = await core.request('/api/cmd/voice.render', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
    }
  });
});
