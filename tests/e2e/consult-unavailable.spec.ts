/**
 * Video consultation on a kiosk that is not enrolled with a centre: the person is told honestly, at
 * once, that no call is possible, is given 12348 and the counter, and gets back to the services.
 * Real core (simulated reader), Debian Chromium; no centre and no camera needed.
 */
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { expect, placeCard, test } from './fixtures.ts';

const elderCard = async (core: KioskCoreHandle) => {
  const { cards } = await core.call('sim.catalogue', {});
  const card = cards.find((c) => /老年|elder/i.test(c.label));
  if (!card) throw new Error('no elderly demo card');
  return card.id;
};

test('an unenrolled kiosk says plainly that no video call is possible, with 12348, and leads back', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, await elderCard(core));
  await kiosk.getByTestId('tile-video').click();
  const decline = kiosk.getByTestId('face-consent-no');
  await expect(decline.or(kiosk.getByTestId('face-alternative')).first()).toBeVisible();
  if (await decline.isVisible()) await decline.click();
  await kiosk.getByTestId('face-alt-continue').click();

  const screen = kiosk.getByTestId('consult-unavailable');
  await expect(screen).toBeVisible();
  await expect(screen).toHaveAttribute('data-reason', 'not_enrolled');
  await expect(screen).toContainText('现在暂时不能视频咨询');
  await expect(kiosk.getByTestId('consult-no-call-what')).toHaveText('这台终端还没有开通视频咨询。');
  await expect(kiosk.getByTestId('consult-no-call-next')).toContainText('12348');
  // Nothing was asked that could not be used: no matter, no consent screen.
  await expect(kiosk.getByTestId('consult-matter')).toHaveCount(0);
  // Big enough to hit: the way back is at least 60 x 60 px.
  const box = (await kiosk.getByTestId('consult-to-services').boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(60);
  expect(box.height).toBeGreaterThanOrEqual(60);
  await kiosk.getByTestId('consult-to-services').click();
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
});
