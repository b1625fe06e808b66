/**
 * The real core process renders Mandarin prompts with espeak-ng (when the machine has it; CI
 * installs it) and refuses texts beyond the contract's limit.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

const CONSENT = '请问您是否同意本机将您的面部与身份证照片进行比对？照片和面部信息不会被保存。如不同意，可请律师视频核验，或到服务窗口核验。';

let core: KioskCoreHandle;
beforeAll(async () => {
  core = await startKioskCore({});
});
afterAll(async () => {
  await core?.stop();
});

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
});
