import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test as base, expect, type LaunchOptions, type Page } from '@playwright/test';
import { repoRoot, startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';
import { LANDMARK_REPLAY_GLOBAL } from '../../renderer/src/app/landmark-replay.ts';
import { parseLandmarkRecording, type LandmarkRecording } from '../../renderer/src/face/replay.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './playwright.config.ts';

interface WorkerFixtures {
  /** Extra environment for the core of this spec file (e.g. short idle times). */
  coreEnv: Record<string, string>;
  core: KioskCoreHandle;
}
interface TestFixtures {
  /**
   * A landmark recording handed to the page before it loads (see landmarkRecording()); the app
   * replays it only because the test core runs the simulator. Null: the real landmarks.
   */
  landmarkReplay: LandmarkRecording | null;
  /** The kiosk page, opened on a clean core: no session, no card, reader plugged, no fault. */
  kiosk: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  coreEnv: [{}, { scope: 'worker', option: true }],
  core: [
    async ({ coreEnv }, use) => {
      const core = await startKioskCore(coreEnv);
      await use(core);
      await core.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  landmarkReplay: [null, { option: true }],
  kiosk: async ({ page, core, landmarkReplay }, use) => {
    if (landmarkReplay) {
      // Before any page script runs, so the app finds it when it builds the face engine.
      await page.addInitScript(({ name, recording }) => Object.assign(globalThis, { [name]: recording }), { name: LANDMARK_REPLAY_GLOBAL, recording: landmarkReplay });
    }
    await core.call('sim.plug', {});
    await core.call('sim.setFault', { fault: 'none' });
    await removeCard(core);
    await core.call('session.end', { reason: 'user' });
    await page.goto(core.kioskUrl);
    await expect(page.getByTestId('home')).toBeVisible();
    await use(page);
  },
});

/**
 * Lifts the card and waits until the reader has noticed (it needs a couple of empty polls), as a
 * person would before placing the next card; otherwise a swap looks like the same card staying.
 */
export const removeCard = async (core: KioskCoreHandle) => {
  await core.call('sim.removeCard', {});
  await expect
    .poll(async () => (await core.call('device.status', {})).reader.state, { timeout: 15_000 })
    .toMatch(/^(ready|disconnected)$/);
};

/** The technician's way in: a long press on the hidden top-right corner opens the PIN pad. */
export const openPinPad = async (page: Page, pressMs = 3300) => {
  const box = (await page.getByTestId('tech-corner').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(pressMs);
  await page.mouse.up();
  await expect(page.getByTestId('pin-pad')).toBeVisible();
};

export { expect };

// ---------------------------------------------------------------------------------------------
// Fake cameras for the identity-check specs (identity-*.spec.ts)

/** The shared same-person / different-person face photos (CI keeps them next to the repo). */
export const FACES_DIR = resolve(repoRoot, '..', 'shared', 'fixtures', 'faces');

/** Core environment that adds one simulator card per fixture photo (card id = file name). */
export const faceCardsEnv = { KIOSK_SIM_FACE_CARDS_DIR: FACES_DIR };

/** Builds the clips (idempotent, fast when fresh) and returns the path of one. */
export const cameraClip = (name: 'holder-a4' | 'photo-of-holder-a3' | 'other-person-d1'): string => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'make-camera-fixtures.mjs')], { cwd: repoRoot, stdio: 'ignore' });
  return join(repoRoot, '.cache', 'camera', `${name}.y4m`);
};

/** Chromium whose only camera plays `clip` in a loop; the permission is granted without a prompt. */
export const withFakeCamera = (clip: string): LaunchOptions => ({
  executablePath: CHROMIUM,
  args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${clip}`],
});

/** Chromium without any camera (permission would be granted, but there is no device). */
export const withoutCamera = (): LaunchOptions => ({
  executablePath: CHROMIUM,
  args: [...CHROMIUM_ARGS, '--use-fake-ui-for-media-stream'],
});

/** A landmark stream from tests/fixtures/landmarks/, validated here so a broken file fails early. */
export const landmarkRecording = (name: 'replay-all-challenges'): LandmarkRecording =>
  parseLandmarkRecording(JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'landmarks', `${name}.json`), 'utf8')));

/** Places a simulator card by id and waits for the greeting. */
export const placeCard = async (kiosk: Page, core: KioskCoreHandle, cardId: string) => {
  await core.call('sim.placeCard', { cardId });
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
};

/**
 * From the welcome screen to the first screen of the legal-aid interview, declining the face check
 * (the card-only path), as a person in a hurry would.
 */
export const openLegalAidApplication = async (kiosk: Page) => {
  await kiosk.getByTestId('tile-legal-aid').click();
  const decline = kiosk.getByTestId('face-consent-no');
  await expect(decline.or(kiosk.getByTestId('face-alternative'))).toBeVisible();
  if (await decline.isVisible()) await decline.click();
  await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', 'intro');
};
