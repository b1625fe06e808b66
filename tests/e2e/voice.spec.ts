/**
 * The consent screen is read aloud (issue 3): the real core renders the prompt with espeak-ng and
 * the page plays it with <audio>. Headless Chromium has no speakers, but the media clock still runs,
 * so a currentTime that advances shows the audio really plays.
 */
import { expect, placeCard, test } from './fixtures.ts';

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
