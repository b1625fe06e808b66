/**
 * Identity check with the real face engine (@vladmandic/face-api in its worker, real weights) and
 * Chromium's fake camera playing another person (person-d-1) in front of the card of person-a-1.
 * Real: camera plumbing, detection, descriptors, the distance and the decision. The comparison
 * fails before any liveness challenge; after maxAttempts the alternative is offered.
 */
import { cameraClip, expect, faceCardsEnv, placeCard, test, withFakeCamera } from './fixtures.ts';

test.use({ coreEnv: { ...faceCardsEnv, KIOSK_FACE_MAX_ATTEMPTS: '2' }, launchOptions: withFakeCamera(cameraClip('other-person-d1')) });

test('another person’s face is refused and, after the attempts, the alternative is offered', async ({ kiosk, core }) => {
  test.setTimeout(120_000);
  await placeCard(kiosk, core, 'person-a-1');
  await kiosk.getByTestId('tile-legal-aid').click();
  await kiosk.getByTestId('face-consent-yes').click();
  await expect(kiosk.getByTestId('face-verify')).toBeVisible();
  await expect(kiosk.getByTestId('face-camera-on')).toBeVisible();
  await expect(kiosk.getByTestId('face-retry-message')).toContainText('没有核对成功', { timeout: 60_000 });
  await kiosk.getByTestId('face-retry').click();
  await expect(kiosk.getByTestId('face-alternative')).toHaveAttribute('data-reason', 'no_match', { timeout: 60_000 });
  const { session } = await core.call('session.get', {});
  const v = session!.verification!;
  expect(v).toMatchObject({ method: 'card_only', consent: true, fallbackReason: 'no_match', liveness: 'not_run', attempts: 2 });
  expect(v.distance).toBeGreaterThan(v.threshold!);
  // The camera is off once the decision is made.
  expect(await kiosk.evaluate(() => Array.from(document.querySelectorAll('video')).some((el) => el.srcObject !== null))).toBe(false);
  // Only numbers reached the core's log; no name, no image.
  expect(core.logLines.join('\n')).not.toContain(session!.citizen.name);
});
