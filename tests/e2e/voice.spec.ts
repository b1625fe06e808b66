/**
 * Every screen speaks (issues 3 and 7): the real core renders each prompt with espeak-ng (or a
 * recorded voice file) and the page plays it with the shared <audio>. Headless Chromium has no
 * speakers, but the media clock still runs, so `playing` and an advancing currentTime show that
 * the audio really plays.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { choose, step } from './interview.ts';
import { expect, placeCard, test } from './fixtures.ts';
import { plays, recordRenders, recordSpeech, states } from './screen-checks.ts';

const speechNow = (kiosk: Page) =>
  kiosk.evaluate(() => {
    const audio = document.getElementById('kiosk-speech') as HTMLAudioElement | null;
    return audio ? { state: audio.dataset.state ?? '', volume: audio.volume, src: audio.getAttribute('src') ?? '' } : null;
  });

/** A province's recordings folder for this file's core, with one recording: the card screen's title. */
const recordings = mkdtempSync(join(tmpdir(), 'kiosk-voice-e2e-'));
/** 2 s of a 440 Hz tone, 16-bit mono 22050 Hz: a recording unlike anything espeak makes. */
const tone = (() => {
  const rate = 22050;
  const samples = rate * 2;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i += 1) wav.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return wav;
})();
mkdirSync(join(recordings, 'zh-CN'), { recursive: true });
writeFileSync(join(recordings, 'zh-CN', 'card.title.wav'), tone);
test.use({ coreEnv: { KIOSK_VOICE_DIR: recordings, KIOSK_ATTRACT_SECONDS: '3600' } });

/** Waits until the player has started a new prompt since `before` plays. */
const spokeAgain = (kiosk: Page, before: number) => expect.poll(() => plays(kiosk), { timeout: 15_000 }).toBeGreaterThan(before);

test('the consent screen speaks its prompt through the core-rendered audio', async ({ kiosk, core }) => {
  const { cards } = await core.call('sim.catalogue', {});
  await placeCard(kiosk, core, cards[0]!.id);
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('face-consent')).toBeVisible();
  await expect
    .poll(
      () =>
        kiosk.evaluate(() => {
          const audio = document.getElementById('kiosk-speech') as HTMLAudioElement | null;
          return audio ? { state: audio.dataset.state ?? '', playing: audio.currentTime > 0.3 && !audio.paused, src: audio.src.slice(0, 22) } : null;
        }),
      { timeout: 15_000 },
    )
    .toEqual({ state: 'playing', playing: true, src: 'data:audio/wav;base64,' });
});

test('each screen of the application speaks its question and choices; moving on stops it; replay and volume work', async ({ kiosk, core }) => {
  await recordSpeech(kiosk);
  await kiosk.reload();
  const renders = recordRenders(kiosk);
  const { cards } = await core.call('sim.catalogue', {});
  await placeCard(kiosk, core, cards[0]!.id);
  await spokeAgain(kiosk, 0);
  // The welcome never says the name aloud.
  const name = (await kiosk.getByTestId('welcome-name').textContent())!.replace(/[，,].*$/, '').trim();
  expect(renders.some((r) => r.text.includes(name))).toBe(false);

  let before = await plays(kiosk);
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('face-consent')).toBeVisible();
  await spokeAgain(kiosk, before);
  before = await plays(kiosk);
  await kiosk.getByTestId('face-consent-no').click();
  await expect(kiosk.getByTestId('face-alternative')).toBeVisible();
  await spokeAgain(kiosk, before);
  before = await plays(kiosk);
  await kiosk.getByTestId('face-alt-continue').click();
  await step(kiosk, 'intro');
  await spokeAgain(kiosk, before);

  // The intro is long; moving on while it speaks stops it before the next screen speaks.
  const introParts = renders.filter((r) => r.key?.startsWith('apply.intro.')).length;
  const stateCount = (await states(kiosk)).length;
  before = await plays(kiosk);
  await kiosk.getByTestId('apply-next').click();
  await step(kiosk, 'who');
  await spokeAgain(kiosk, before);
  expect((await states(kiosk)).slice(stateCount)).toContain('stopped');
  // At most the part that was already being rendered; none of the rest of the intro.
  expect(renders.filter((r) => r.key?.startsWith('apply.intro.')).length).toBeLessThanOrEqual(introParts + 1);
  // The question and each choice, as table texts with their keys (a recording may replace each);
  // each part is rendered while the one before it plays.
  await expect.poll(() => renders, { timeout: 20_000 }).toEqual(expect.arrayContaining([
    { text: '您是为谁申请？', key: 'apply.who.title', cacheable: true },
    { text: '为我自己申请', key: 'apply.who.self', cacheable: true },
    { text: '为家人或他人代为申请', key: 'apply.who.other', cacheable: true },
  ]));

  // 再听一遍 says it again.
  await expect.poll(async () => (await speechNow(kiosk))?.state, { timeout: 20_000 }).toBe('ended');
  before = await plays(kiosk);
  await kiosk.getByTestId('access-replay').click();
  await spokeAgain(kiosk, before);

  // Volume: steps of 0.2 from the comfortable default 0.8, applied to the player at once.
  expect((await speechNow(kiosk))?.volume).toBeCloseTo(0.8);
  await kiosk.getByTestId('volume-down').click();
  await kiosk.getByTestId('volume-down').click();
  expect((await speechNow(kiosk))?.volume).toBeCloseTo(0.4);
  await kiosk.getByTestId('volume-up').click();
  expect((await speechNow(kiosk))?.volume).toBeCloseTo(0.6);

  // Every further step speaks too, each with its own words.
  for (const [at, value, question] of [
    ['who', 'self', '您遇到的是哪一类事情？'],
    ['matter', 'labour_pay', '下面这些情况，有没有符合您的？'],
  ] as const) {
    before = await plays(kiosk);
    await choose(kiosk, at, value);
    await spokeAgain(kiosk, before);
    await expect.poll(() => renders.map((r) => r.text), { timeout: 15_000 }).toContain(question);
  }
});

test('the card screen plays the province recording instead of espeak', async ({ kiosk }) => {
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('card-prompt')).toBeVisible();
  const expected = `data:audio/wav;base64,${tone.toString('base64')}`;
  await expect
    .poll(async () => {
      const now = await speechNow(kiosk);
      return now ? { state: now.state, ours: now.src === expected } : null;
    }, { timeout: 15_000 })
    .toEqual({ state: 'playing', ours: true });
});
