/**
 * The technician provisions a fresh kiosk with the wizard, end to end: a real centre (the test
 * harness in this Playwright worker), a fresh kiosk core, Debian Chromium with a fake camera. The
 * technician enters maintenance mode, names the station and its region (a wrong code is refused),
 * enrols with a one-time code (a wrong code gets a clear message), checks the devices, runs each
 * self-test and the centre reachability check, and the centre's fleet page then knows the station.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { CONSOLE_API, type KioskSummary } from '../../domain/centre/console-api.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, createEnrolmentCode, loginAs, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';
import { cameraClip, expect, openPinPad, removeCard, test as base, withFakeCamera } from './fixtures.ts';

const test = base.extend<object, { centre: TestCentre }>({
  centre: [
    async ({}, use) => {
      const centre = await startTestCentre();
      await use(centre);
      await centre.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});
test.use({ launchOptions: withFakeCamera(cameraClip('holder-a4')) });
// The second test needs the kiosk the first one enrolled.
test.describe.configure({ mode: 'serial' });

/** Types on the on-screen keyboard: digits and . : / on the number keys, letters on the Latin keys. */
const typeKeys = async (kiosk: Page, text: string) => {
  for (const char of text) {
    await kiosk.getByTestId(/[a-z]/.test(char) ? 'kb-mode-en' : 'kb-mode-num').click();
    await kiosk.getByTestId(`kb-key-${char}`).click();
  }
};
/** Types pinyin and picks the candidate showing `word`. */
const pinyin = async (kiosk: Page, letters: string, word: string) => {
  await kiosk.getByTestId('kb-mode-zh').click();
  for (const letter of letters) await kiosk.getByTestId(`kb-key-${letter}`).click();
  await kiosk.locator('[data-testid^="kb-candidate-"]', { hasText: new RegExp(`^\\s*${word}\\s*$`) }).first().click();
};
const digits = async (kiosk: Page, text: string) => {
  for (const d of text) await kiosk.getByTestId(`dp-key-${d}`).click();
};

test('a fresh kiosk is provisioned with the wizard: station, enrolment, devices, self-tests and the centre check', async ({ kiosk, core, centre }) => {
  test.setTimeout(120_000);
  await openPinPad(kiosk);
  for (const digit of '2468') await kiosk.getByTestId(`pin-digit-${digit}`).click();
  await kiosk.getByTestId('pin-ok').click();
  await expect(kiosk.getByTestId('tech-panel')).toBeVisible();
  await expect(kiosk.getByTestId('tech-last-sync')).toHaveText('本次开机后还没有');
  await kiosk.getByTestId('tech-wizard-open').click();

  // 1. Station: the name on the pinyin keyboard, the region code on the digit pad.
  await expect(kiosk.getByTestId('tech-wizard')).toHaveAttribute('data-step', 'station');
  await kiosk.getByTestId('kb-clear').click();
  await kiosk.getByTestId('kb-clear-yes').click();
  await pinyin(kiosk, 'tianhe', '天河');
  await pinyin(kiosk, 'falv', '法律');
  await pinyin(kiosk, 'fuwu', '服务');
  await pinyin(kiosk, 'zhandian', '站点');
  await expect(kiosk.getByTestId('tech-station-name')).toHaveText('天河法律服务站点');
  await kiosk.getByTestId('tech-station-field-region').click();
  await kiosk.getByTestId('dp-clear').click();
  await digits(kiosk, '990101');
  await expect(kiosk.getByTestId('tech-station-bad-region')).toBeVisible();
  await expect(kiosk.getByTestId('tech-station-save')).toBeDisabled();
  await kiosk.getByTestId('dp-clear').click();
  await digits(kiosk, '440104');
  await kiosk.getByTestId('tech-station-save').click();
  await expect(kiosk.getByTestId('tech-station-saved')).toContainText('重启后');
  const provisioningFile = JSON.parse(readFileSync(join(core.dataDir, 'kiosk-config.json'), 'utf8')) as { stationName: string; legalAid: { regionCode: string } };
  expect(provisioningFile).toMatchObject({ stationName: '天河法律服务站点', legalAid: { regionCode: '440104' } });
  await kiosk.getByTestId('tech-wizard-next').click();

  // 2. Enrolment: a wrong code gets a clear message, the real one enrols.
  await expect(kiosk.getByTestId('tech-wizard')).toHaveAttribute('data-step', 'enrol');
  await expect(kiosk.getByTestId('tech-enrol-status')).toContainText('还没有接入');
  await kiosk.getByTestId('tech-enrol-open').click();
  await typeKeys(kiosk, centre.baseUrl.replace(/^http:\/\//, ''));
  await expect(kiosk.getByTestId('tech-enrol-field-url')).toContainText(centre.baseUrl);
  await kiosk.getByTestId('tech-enrol-field-code').click();
  await typeKeys(kiosk, 'wrong0code');
  await kiosk.getByTestId('tech-enrol-submit').click();
  await expect(kiosk.getByTestId('tech-enrol-error')).toHaveText('接入码不对或已用过，请在中心管理台重新生成。');
  for (let i = 0; i < 10; i += 1) await kiosk.getByTestId('kb-key-backspace').click();
  await typeKeys(kiosk, (await createEnrolmentCode(centre.baseUrl)).toLowerCase());
  await kiosk.getByTestId('tech-enrol-submit').click();
  await expect(kiosk.getByTestId('tech-enrol-status')).toContainText(`已接入 ${centre.baseUrl}`);
  await kiosk.getByTestId('tech-wizard-next').click();

  // 3. Devices: the reader's port and the printer queues, and the cameras with a live preview.
  await expect(kiosk.getByTestId('tech-wizard')).toHaveAttribute('data-step', 'devices');
  await expect(kiosk.getByTestId('tech-reader-port')).toHaveValue('');
  await expect(kiosk.getByTestId('tech-receipt-queue')).toHaveValue('KIOSK_RECEIPT');
  await expect(kiosk.getByTestId('tech-a4-queue')).toHaveValue('KIOSK_A4');
  await kiosk.getByTestId('tech-devices-save').click();
  await expect(kiosk.getByTestId('tech-devices-saved')).toHaveText('✔ 已保存');
  await kiosk.getByTestId('tech-camera-test').click();
  await expect(kiosk.getByTestId('tech-camera-test-panel')).toBeVisible();
  await expect(kiosk.getByTestId('tech-camera-fps')).toHaveText(/^\d+$/, { timeout: 20_000 });
  await kiosk.getByTestId('tech-camera-stop').click();
  await kiosk.getByTestId('tech-wizard-next').click();

  // 4. Self-tests: the reader and a real card read (a simulator card), a test page.
  await expect(kiosk.getByTestId('tech-wizard')).toHaveAttribute('data-step', 'selfTests');
  await kiosk.getByTestId('tech-self-test').click();
  await expect(kiosk.getByTestId('tech-self-test-step-port_open')).toContainText('通过');
  await kiosk.getByTestId('tech-read-test').click();
  await expect(kiosk.getByTestId('tech-read-test-waiting')).toBeVisible();
  await core.call('sim.placeCard', { cardId: 'resident-elderly-woman' });
  await expect(kiosk.getByTestId('tech-read-test-passed')).toBeVisible();
  await removeCard(core);
  // The technician page never shows whose card it was.
  await expect(kiosk.getByTestId('welcome-name')).toHaveCount(0);
  await kiosk.getByTestId('tech-test-print').click();
  await expect(kiosk.getByTestId('tech-print-result')).toContainText('已打印');
  await kiosk.getByTestId('tech-wizard-next').click();

  // 5. Network and centre: both checks pass; the last sync shows on the page.
  await expect(kiosk.getByTestId('tech-wizard')).toHaveAttribute('data-step', 'network');
  await kiosk.getByTestId('tech-network-check').click();
  await expect(kiosk.getByTestId('tech-network-health')).toHaveAttribute('data-ok', 'true');
  await expect(kiosk.getByTestId('tech-network-heartbeat')).toHaveAttribute('data-ok', 'true');
  await expect(kiosk.getByTestId('tech-network-last-sync')).toBeVisible();
  await kiosk.getByTestId('tech-wizard-done').click();
  await expect(kiosk.getByTestId('tech-last-sync')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  await expect(kiosk.getByTestId('tech-station-glance')).toHaveText('天河法律服务站点 · 440104');

  // The centre's fleet page knows the kiosk by the station and region sent at enrolment.
  const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
  const fleet = (await (await admin.get(CONSOLE_API.kiosks)).json()) as KioskSummary[];
  expect(fleet.map((k) => [k.stationName, k.regionCode, k.online])).toEqual([['天河法律服务站点', '440104', true]]);

  await kiosk.getByTestId('tech-exit').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  expect((await core.call('session.get', {})).session).toBeNull();
});

test('the centre check fails clearly when the centre cannot be reached', async ({ kiosk, centre }) => {
  await centre.stop();
  await openPinPad(kiosk);
  for (const digit of '2468') await kiosk.getByTestId(`pin-digit-${digit}`).click();
  await kiosk.getByTestId('pin-ok').click();
  await kiosk.getByTestId('tech-wizard-open').click();
  await kiosk.getByTestId('tech-wizard-go-network').click();
  await kiosk.getByTestId('tech-network-check').click();
  await expect(kiosk.getByTestId('tech-network-health')).toHaveAttribute('data-ok', 'false');
  await expect(kiosk.getByTestId('tech-network-health')).toContainText('未通过');
  await expect(kiosk.getByTestId('tech-network-heartbeat')).toHaveAttribute('data-ok', 'false');
  await kiosk.getByTestId('tech-wizard-done').click();
  await kiosk.getByTestId('tech-exit').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
});
