/**
 * When no video call takes place, the person takes the other ways home on paper: after declining the
 * recording, and after the centre said nobody can answer now (with its callback time). Real core
 * enrolled with a real centre (no lawyer on duty), Debian Chromium, the directory printer's PDFs
 * read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { audit } from './audit.ts';
import { cameraClip, expect, withFakeCamera } from './fixtures.ts';
import { declineFaceCheck } from './flows.ts';
import { enrolWithCentre, test } from './kiosk-centre.ts';

test.use({ launchOptions: withFakeCamera(cameraClip('holder-a4')) });

test.beforeAll(async ({ core, centre }) => {
  await enrolWithCentre(core, centre);
});

const tipsPrinted = (core: KioskCoreHandle) => {
  const dir = join(core.dataDir, 'printed');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.includes('-tip-')).sort().map((f) => join(dir, f)) : [];
};

test('declined or unanswered, the person prints the other ways (and the callback time) to take home', async ({ kiosk, core }) => {
  test.setTimeout(120_000);
  await kiosk.getByTestId('tile-video').click();
  await core.call('sim.placeCard', { cardId: 'resident-young-man' });
  await declineFaceCheck(kiosk);
  await kiosk.getByTestId('consult-matter-labour').click();
  await kiosk.getByTestId('consult-consent-no').click();
  await expect(kiosk.getByTestId('consult-declined')).toBeVisible();

  const before = tipsPrinted(core).length;
  await kiosk.getByTestId('consult-print-tip').click();
  await expect(kiosk.getByTestId('consult-tip-printed')).toBeVisible();
  await audit(kiosk, 'consult: declined, the tip printed');
  const declined = tipsPrinted(core);
  expect(declined).toHaveLength(before + 1);
  const declinedText = execFileSync('pdftotext', [declined.at(-1)!, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const expected of ['视频咨询提示', '没有同意录音录像', '12348', '服务站窗口']) expect(declinedText).toContain(expected);
  const { session } = await core.call('session.get', {});
  // Nothing about the person on the slip: neither the name nor the masked number.
  expect(declinedText).not.toContain(session!.citizen.name);
  expect(declinedText).not.toContain(session!.citizen.maskedIdNumber.slice(0, 6));

  // The person changes their mind; no lawyer is on duty at this centre: the fallback, and its slip.
  await kiosk.getByTestId('consult-reconsider').click();
  await kiosk.getByTestId('consult-consent-yes').click();
  await kiosk.getByTestId('consult-share-name-yes').click();
  await expect(kiosk.getByTestId('consult-fallback')).toBeVisible({ timeout: 30_000 });
  await expect(kiosk.getByTestId('consult-tip-printed')).toHaveCount(0);
  await kiosk.getByTestId('consult-print-tip').click();
  await expect(kiosk.getByTestId('consult-tip-printed')).toBeVisible();
  await audit(kiosk, 'consult: fallback, the tip printed');
  const fallback = tipsPrinted(core);
  expect(fallback).toHaveLength(before + 2);
  const fallbackText = execFileSync('pdftotext', [fallback.at(-1)!, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const expected of ['暂时没有律师接听', '可以再来视频咨询的时间', '12348']) expect(fallbackText).toContain(expected);
  expect(fallbackText).toMatch(/\d{1,2}月\d{1,2}日\d{2}:\d{2}—\d{2}:\d{2}/);

  await kiosk.getByTestId('consult-leave').click();
  await kiosk.getByTestId('end-session').click();
});
