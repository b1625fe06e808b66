/**
 * Identity check (人证核验) path for a kiosk without any camera. Real core, real simulated reader, Debian
 * Chromium; the camera is either Chromium's fake device or absent.
 */
import { expect, faceCardsEnv, placeCard, test, withoutCamera } from './fixtures.ts';

test.use({ coreEnv: faceCardsEnv, launchOptions: withoutCamera() });

test('a kiosk without a camera offers the alternative, and 结束并清除 still works', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, 'person-a-1');
  await kiosk.getByTestId('tile-legal-aid').click();
  await kiosk.getByTestId('face-consent-yes').click();
  await expect(kiosk.getByTestId('face-alternative')).toHaveAttribute('data-reason', 'no_camera', { timeout: 30_000 });
  await expect(kiosk.getByTestId('face-alternative-reason')).toContainText('摄像头暂时不能使用');
  const { session } = await core.call('session.get', {});
  expect(session?.verification).toMatchObject({ method: 'card_only', consent: true, fallbackReason: 'no_camera', durationMs: null });
  await kiosk.getByTestId('end-session').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  expect((await core.call('session.get', {})).session).toBeNull();
});
