/**
 * 查询申请进度 end to end: a real centre (the test harness, in this Playwright worker) and a real
 * kiosk core enrolled with it. A person applied earlier at this kiosk; staff asked for materials in
 * the centre's console. The person places the card, passes the identity step, chooses 查询进度 and
 * sees the acceptance number, the status in words and the materials asked for, and prints a slip.
 * With the centre stopped the kiosk says so honestly and still shows what it holds.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_API } from '../../domain/centre/console-api.ts';
import { wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, loginAs } from '../../center/server/testing/harness.ts';
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { audit } from './audit.ts';
import { expect, openPinPad, removeCard } from './fixtures.ts';
import { acceptanceNumberOf, enrolWithCentre, openStatusLookup, test } from './kiosk-centre.ts';

const PERSON = { cardId: 'resident-young-man', idNumber: '110105200103159997', name: '陈子演' };

test.describe.configure({ mode: 'serial' });

/** Submits an application for the person on the card, straight through the core's commands (the interview has its own spec). */
const submitFor = async (core: KioskCoreHandle, cardId: string): Promise<string> => {
  await removeCard(core);
  await core.call('sim.placeCard', { cardId });
  await expect.poll(async () => (await core.call('session.get', {})).session !== null).toBe(true);
  const page = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(20_000)]).toString('base64');
  await core.call('application.putAttachment', { kind: 'material', materialId: 'labour_evidence', mime: 'image/jpeg', base64: page });
  const submitted = await core.call('application.submit', { answers: wageClaim({ placeCentreCode: null, materials: [], signature: { method: 'paper' } }) });
  await core.call('session.end', { reason: 'user' });
  await removeCard(core);
  return submitted.applicationId;
};

let earlier: { applicationId: string; acceptanceNumber: string };

test.beforeAll(async ({ core, centre }) => {
  await enrolWithCentre(core, centre);
  const applicationId = await submitFor(core, PERSON.cardId);
  earlier = { applicationId, acceptanceNumber: await acceptanceNumberOf(core, { applicationId }) };
  // Staff at the centre ask for the materials once (一次性告知).
  const staff = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
  const asked = await staff.post(`${CONSOLE_API.applications}/${applicationId}/request-materials`, {
    version: 1,
    materialIds: ['labour_evidence', 'proof_migrant_worker'],
    note: '',
    dueInDays: 10,
  });
  expect(asked.status).toBe(200);
});

test('the person who applied sees the acceptance number, the status in words and the materials asked for, and prints a slip', async ({ kiosk, core }) => {
  await openStatusLookup(kiosk, core, PERSON.cardId);
  const item = kiosk.getByTestId(`status-item-${earlier.acceptanceNumber}`);
  await expect(item).toBeVisible();
  await expect(item.getByTestId('status-number')).toHaveText(earlier.acceptanceNumber);
  await expect(item.getByTestId('status-what')).toContainText('需要您补交材料');
  // By name, as the rule pack calls them (Guangdong's pack on this kiosk), never by id.
  await expect(item.getByTestId('status-materials')).toContainText('欠薪');
  await expect(item.getByTestId('status-materials')).toContainText('进城务工的证明');
  await expect(item.getByTestId('status-materials')).not.toContainText('proof_migrant_worker');
  await expect(item.getByTestId('status-materials')).toContainText('补交期限');
  await expect(kiosk.getByTestId('status-unreachable')).toHaveCount(0);
  // Read aloud (一次性告知 is spoken, not only shown): the core-rendered audio plays.
  await expect
    .poll(() => kiosk.evaluate(() => {
      const audio = document.getElementById('kiosk-speech') as HTMLAudioElement | null;
      return audio !== null && audio.currentTime > 0.3 && !audio.paused;
    }), { timeout: 15_000 })
    .toBe(true);
  // Nothing identifying beyond the greeting's masked number is on the screen.
  expect(await kiosk.getByTestId('status').textContent()).not.toContain(PERSON.idNumber);
  await audit(kiosk, 'status look-up');

  const printedDir = join(core.dataDir, 'printed');
  const slipsBefore = existsSync(printedDir) ? readdirSync(printedDir).filter((f) => f.includes('-slip-')).length : 0;
  await item.getByTestId('status-print').click();
  await expect(item.getByTestId('status-print-printed')).toBeVisible();
  const slips = readdirSync(printedDir).filter((f) => f.includes('-slip-')).sort();
  expect(slips).toHaveLength(slipsBefore + 1);
  // What the person takes home: the number and the materials, and neither their ID number nor their name.
  const slipText = execFileSync('pdftotext', [join(printedDir, slips.at(-1)!), '-'], { encoding: 'utf8' });
  expect(slipText).toContain(earlier.acceptanceNumber);
  expect(slipText).toContain('进城务工的证明');
  expect(slipText).not.toContain(PERSON.idNumber);
  expect(slipText).not.toContain(PERSON.name);

  // 结束并清除: nothing of the look-up stays on the kiosk.
  await kiosk.getByTestId('status-finish').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  expect(await kiosk.content()).not.toContain(earlier.acceptanceNumber);
  expect(core.logLines.join('\n')).not.toContain(PERSON.idNumber);
});

test("the technician's list shows the acceptance number, and a receipt printed again carries it", async ({ kiosk, core }) => {
  const { token } = await core.call('technician.unlock', { pin: '2468' });
  const { localNumber } = (await core.call('technician.printing', { token })).recent.find((r) => r.applicationId === earlier.applicationId)!;
  await core.call('technician.lock', { token });
  await openPinPad(kiosk);
  for (const digit of '2468') await kiosk.getByTestId(`pin-digit-${digit}`).click();
  await kiosk.getByTestId('pin-ok').click();
  await expect(kiosk.getByTestId(`tech-acceptance-${localNumber}`)).toHaveText(earlier.acceptanceNumber);
  const printedDir = join(core.dataDir, 'printed');
  const receiptsBefore = readdirSync(printedDir).filter((f) => f.includes('-receipt-')).length;
  await kiosk.getByTestId(`tech-reprint-${localNumber}`).click();
  await expect(kiosk.getByTestId('tech-print-result')).toContainText('已打印');
  const receipts = readdirSync(printedDir).filter((f) => f.includes('-receipt-')).sort();
  expect(receipts).toHaveLength(receiptsBefore + 1);
  const receiptText = execFileSync('pdftotext', [join(printedDir, receipts.at(-1)!), '-'], { encoding: 'utf8' });
  expect(receiptText).toContain('受理编号');
  expect(receiptText).toContain(earlier.acceptanceNumber);
  await kiosk.getByTestId('tech-exit').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
});

test('with the centre stopped the kiosk says so honestly and still lists what it holds', async ({ kiosk, core, centre }) => {
  centre.stopped = true;
  await centre.close();
  const pendingId = await submitFor(core, PERSON.cardId);
  expect(pendingId).toMatch(/^[0-9a-f-]{36}$/);

  await openStatusLookup(kiosk, core, PERSON.cardId);
  await expect(kiosk.getByTestId('status-unreachable')).toContainText('暂时无法连接法律援助中心，请稍后再试，或拨打12348');
  // Uploaded earlier: its number is known here, its latest status is not.
  await expect(kiosk.getByTestId(`status-item-${earlier.acceptanceNumber}`)).toHaveAttribute('data-state', 'sent');
  // Submitted just now: stored here, waiting for the centre.
  const waiting = kiosk.locator('[data-state="uploading"]');
  await expect(waiting).toHaveCount(1);
  await expect(waiting.getByTestId('status-what')).toHaveText('已在本机提交，正在上传到法律援助中心。');
  await expect(kiosk.getByText(/error|unreachable|network/i)).toHaveCount(0);
  await audit(kiosk, 'status look-up, centre unreachable');
  await kiosk.getByTestId('status-finish').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
});
