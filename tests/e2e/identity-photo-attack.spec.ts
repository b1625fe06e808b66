/**
 * A printed photo of the card holder (person-a-3, swaying a little as a hand-held print does) in
 * front of the card of person-a-1. Everything is real: fake camera, face-api in its worker, the
 * liveness state machine on the detector's landmarks. The faces match, but the photo never blinks
 * or turns its head, so the liveness challenge times out; after the attempts, the alternative.
 */
import { cameraClip, expect, faceCardsEnv, placeCard, test, withFakeCamera } from './fixtures.ts';

test.use({ coreEnv: { ...faceCardsEnv, KIOSK_FACE_MAX_ATTEMPTS: '2' }, launchOptions: withFakeCamera(cameraClip('photo-of-holder-a3')) });

test('a still photo of the card holder is refused by liveness', async ({ kiosk, core }) => {
  test.setTimeout(150_000);
  await placeCard(kiosk, core, 'person-a-1');
  await kiosk.getByTestId('tile-legal-aid').click();
  await kiosk.getByTestId('face-consent-yes').click();
  await expect(kiosk.getByTestId('face-challenge')).toBeVisible({ timeout: 60_000 });
  await expect(kiosk.getByTestId('face-retry-message')).toContainText('没有看清您的动作', { timeout: 60_000 });
  await kiosk.getByTestId('face-retry').click();
  await expect(kiosk.getByTestId('face-alternative')).toHaveAttribute('data-reason', 'liveness_failed', { timeout: 60_000 });
  const v = (await core.call('session.get', {})).session!.verification!;
  expect(v).toMatchObject({ method: 'card_only', consent: true, fallbackReason: 'liveness_failed', liveness: 'failed', attempts: 2 });
  expect(v.distance).not.toBeNull();
});
