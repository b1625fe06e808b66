/**
 * The card holder passes: the card of person-a-1, and Chromium's fake camera playing another photo
 * of the same person (person-a-4).
 *
 * Real: the camera plumbing, @vladmandic/face-api in its worker with the verified weights, face
 * detection on every frame (presence, count, box, brightness), the descriptors of the camera frames
 * and of the card photo, the distance against the core's threshold, the sameFace() checks after each
 * challenge, the random challenge order and the liveness state machine itself, the record in the core.
 * Replayed: only the 68 landmarks of the detected face, from tests/fixtures/landmarks/
 * replay-all-challenges.json (real person-a-4 landmarks with synthetic blink and turns), because no
 * real clip with a blink exists. The page gets the recording from this test, and the app uses it
 * only because this core runs the simulator (renderer/src/app/landmark-replay.ts).
 */
import { cameraClip, expect, faceCardsEnv, landmarkRecording, placeCard, test, withFakeCamera } from './fixtures.ts';

test.use({
  coreEnv: { ...faceCardsEnv },
  launchOptions: withFakeCamera(cameraClip('holder-a4')),
  landmarkReplay: landmarkRecording('replay-all-challenges'),
});

test('the card holder’s face passes: match and liveness, recorded in the session', async ({ kiosk, core }) => {
  test.setTimeout(120_000);
  const config = await core.call('kiosk.config', {});
  expect(config.simulator).toBe(true);

  await placeCard(kiosk, core, 'person-a-1');
  await kiosk.getByTestId('tile-legal-aid').click();
  await kiosk.getByTestId('face-consent-yes').click();
  await expect(kiosk.getByTestId('face-verify')).toBeVisible();
  await expect(kiosk.getByTestId('face-camera-on')).toBeVisible();
  // The liveness challenges are actually asked (not skipped) before the pass.
  await expect(kiosk.getByTestId('face-challenge')).toBeVisible({ timeout: 60_000 });
  await expect(kiosk.getByTestId('face-passed')).toBeVisible({ timeout: 60_000 });

  const { session } = await core.call('session.get', {});
  const v = session!.verification!;
  expect(v).toMatchObject({ method: 'face', liveness: 'passed', consent: true, fallbackReason: null });
  expect(v.attempts).toBeGreaterThanOrEqual(1);
  expect(v.threshold).toBe(config.face.threshold);
  expect(v.distance).not.toBeNull();
  expect(v.distance!).toBeLessThanOrEqual(v.threshold!);

  // Nothing about the face travels in the address (no distance, descriptor, image or replay flag).
  expect(kiosk.url()).not.toMatch(/face|landmark|replay|descriptor|distance|liveness|photo|data:image/i);
  // The camera is off once the decision is made.
  expect(await kiosk.evaluate(() => Array.from(document.querySelectorAll('video')).some((el) => el.srcObject !== null))).toBe(false);
  // Only numbers reached the core's log; no name.
  expect(core.logLines.join('\n')).not.toContain(session!.citizen.name);
});
