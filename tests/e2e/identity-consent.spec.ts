/**
 * Identity check (人证核验) paths that need no face model's verdict: declining consent and a card
 * without a usable photo. Real core, real simulated reader, Debian
 * Chromium; the camera is either Chromium's fake device or absent.
 */
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { cameraClip, expect, faceCardsEnv, placeCard, test, withFakeCamera } from './fixtures.ts';

const demoCardId = async (core: KioskCoreHandle, label: RegExp) => {
  const { cards } = await core.call('sim.catalogue', {});
  const card = cards.find((c) => label.test(c.label));
  if (!card) throw new Error(`no demo card labelled ${label}`);
  return card.id;
};

test.use({ coreEnv: faceCardsEnv, launchOptions: withFakeCamera(cameraClip('holder-a4')) });

test('declining consent leads to the alternative; recorded as card only; the person continues', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, 'person-a-1');
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('face-consent')).toBeVisible();
  await expect(kiosk.getByTestId('face-camera-notice')).toContainText('摄像头');
  await kiosk.getByTestId('face-consent-no').click();
  await expect(kiosk.getByTestId('face-alternative')).toHaveAttribute('data-reason', 'declined');
  await expect(kiosk.getByTestId('face-alt-lawyer')).toBeVisible();
  await expect(kiosk.getByTestId('face-alt-counter')).toBeVisible();
  const { session } = await core.call('session.get', {});
  expect(session?.verification).toMatchObject({ method: 'card_only', consent: false, fallbackReason: 'declined', attempts: 0, liveness: 'not_run' });
  // The camera was never opened.
  expect(await kiosk.evaluate(() => document.querySelectorAll('video').length)).toBe(0);
  await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', 'intro');
});

test('a demo card whose photo is a placeholder goes to the alternative without opening the camera', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, await demoCardId(core, /老年|elder/i));
  await kiosk.getByTestId('tile-legal-aid').click();
  await kiosk.getByTestId('face-consent-yes').click();
  await expect(kiosk.getByTestId('face-alternative')).toHaveAttribute('data-reason', 'no_photo');
  const { session } = await core.call('session.get', {});
  expect(session?.verification).toMatchObject({ method: 'card_only', consent: true, fallbackReason: 'no_photo' });
});
