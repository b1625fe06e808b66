/**
 * Issue 5 end to end, the way the people involved meet it: a person applies at the kiosk (real
 * core, the interview on screen), the application travels to a real centre on loopback (tus +
 * signed commit), a reviewer in the staff console (Debian Chromium) asks once for the missing
 * materials, the person places the card at the kiosk and hears what to bring, the reviewer grants
 * aid with a lawyer, and on a phone the receipt's QR code opens the public status page with the
 * new status and nothing personal on it.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { createTestAccount, startTestCentre, type TestAccount, type TestCentre } from '../../center/server/testing/harness.ts';
import { requireConsoleBuild } from '../support/centre-console.ts';
import { decodeQrCode } from '../support/cups.ts';
import { expect, openLegalAidApplication, placeCard, removeCard, test as base } from './fixtures.ts';
import { acceptanceNumberOf, enrolWithCentre, openStatusLookup } from './kiosk-centre.ts';
import { choose, commonQuestions, next, step } from './interview.ts';

const PERSON = { cardId: 'resident-young-man', name: '陈子演', idNumber: '110105200103159997', phone: '13800138000' };

// Its own worker (core and centre), not shared with the other kiosk-centre specs: this story
// starts from a kiosk and a centre that have never met.
const test = base.extend<object, { centre: TestCentre }>({
  centre: [
    async ({}, use) => {
      const centre = await startTestCentre();
      await use(centre);
      await centre.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  coreEnv: [async ({ centre }, use) => use({ KIOSK_CENTRE_URL: centre.baseUrl, KIOSK_SIM_READ_DELAY_MS: '100' }), { scope: 'worker' }],
});

const signIn = async (browser: Browser, centre: TestCentre, account: TestAccount): Promise<Page> => {
  const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await page.goto(`${centre.baseUrl}/console/`);
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(account.displayName);
  return page;
};

test('applied at the kiosk, reviewed in the console, materials asked once, status at the kiosk and on a phone', async ({ kiosk, core, centre, browser }) => {
  test.setTimeout(240_000);
  const staff = await createTestAccount(centre, { role: 'staff', username: 'reviewer', displayName: '王审查' });
  await createTestAccount(centre, { role: 'lawyer', username: 'lawyer.zhao', displayName: '赵律师' });
  requireConsoleBuild();
  await enrolWithCentre(core, centre);

  // 1. A migrant worker applies for unpaid wages; the evidence is not photographed today.
  await removeCard(core);
  await placeCard(kiosk, core, PERSON.cardId);
  await openLegalAidApplication(kiosk);
  await next(kiosk);
  await choose(kiosk, 'who', 'self');
  await choose(kiosk, 'matter', 'labour_pay');
  await choose(kiosk, 'circumstance', 'none');
  await choose(kiosk, 'status', 'migrant_worker');
  await commonQuestions(kiosk, { opposingPinyin: ['laoban', '老板'], factsPinyin: ['qianxin', '欠薪'] });
  await kiosk.getByTestId('apply-materials-done').click();
  await step(kiosk, 'signature');
  await kiosk.getByTestId('apply-sign-paper').click();
  await step(kiosk, 'review');
  const printedBefore = Date.now();
  await kiosk.getByTestId('apply-submit').click();
  await expect(kiosk.getByTestId('apply-done')).toBeVisible();
  const localNumber = (await kiosk.getByTestId('apply-local-number').textContent())!.trim();
  await expect(kiosk.getByTestId('apply-print-printed')).toBeVisible({ timeout: 60_000 });
  await kiosk.getByTestId('apply-finish').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await removeCard(core);

  // The receipt the person took home: its QR code leads to the centre's status page.
  const printedDir = join(core.dataDir, 'printed');
  const receipt = readdirSync(printedDir)
    .filter((f) => /receipt/i.test(f) && Number(f.split('-')[0]) >= printedBefore - 1000)
    .sort()
    .at(0);
  expect(receipt, 'the receipt was printed').toBeDefined();
  const qr = await decodeQrCode(join(printedDir, receipt!));
  expect(qr?.data).toMatch(new RegExp(`^${centre.baseUrl}/s/${encodeURIComponent(localNumber)}\\?c=[A-Z0-9]{6}$`));

  // 2. The outbox delivers it; the centre's acceptance number comes back to the kiosk.
  const acceptanceNumber = await acceptanceNumberOf(core, { localNumber });

  // 3. The reviewer finds it in the console and asks once for what is missing (一次性告知).
  const console_ = await signIn(browser, centre, staff);
  const row = console_.locator(`[data-testid=application-row][data-number="${acceptanceNumber}"]`);
  await expect(row).toContainText(PERSON.name);
  await expect(row.getByTestId('clock')).toHaveText(/还剩 \d+ 天/);
  await console_.getByRole('link', { name: acceptanceNumber }).click();
  await expect(console_.getByTestId('detail-title')).toContainText(acceptanceNumber);
  await expect(console_.getByText('欠薪', { exact: true })).toBeVisible();
  await console_.getByTestId('action-request-materials').click();
  const request = console_.getByTestId('dialog-request-materials');
  // What the kiosk already told the person was missing is preselected.
  await expect(request.locator('input[data-material=proof_migrant_worker]')).toBeChecked();
  await request.getByTestId('materials-days').fill('10');
  await request.getByRole('button', { name: '发出告知' }).click();
  await expect(console_.getByTestId('detail-status')).toHaveText('待补充材料');

  // 4. Back at the kiosk the person places the card and asks how it is going.
  await openStatusLookup(kiosk, core, PERSON.cardId);
  const item = kiosk.getByTestId(`status-item-${acceptanceNumber}`);
  await expect(item).toBeVisible();
  await expect(item.getByTestId('status-what')).toContainText('需要您补交材料');
  await expect(item.getByTestId('status-materials')).toContainText('进城务工的证明');
  await kiosk.getByTestId('status-finish').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await removeCard(core);

  // 5. The materials arrive at the centre; the reviewer grants aid with a lawyer.
  await console_.getByTestId('action-materials-received').click();
  await console_.getByTestId('dialog-materials-received').getByRole('button', { name: '确认' }).click();
  await expect(console_.getByTestId('detail-status')).toHaveText('待审查');
  await console_.getByTestId('action-grant').click();
  const grant = console_.getByTestId('dialog-grant');
  await grant.getByTestId('lawyer-select').selectOption({ label: '赵律师' });
  await grant.getByRole('button', { name: '确认' }).click();
  await expect(console_.getByTestId('detail-status')).toHaveText('已指派律师');
  await console_.context().close();

  // 6. On a phone, the receipt's QR code shows the new status and nothing about the person.
  const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const phone = await phoneContext.newPage();
  await phone.goto(qr!.data);
  await expect(phone.getByText(acceptanceNumber)).toBeVisible();
  await expect(phone.getByText('承办律师：赵律师')).toBeVisible();
  const text = (await phone.locator('body').innerText()).replace(/\s+/g, '');
  for (const secret of [PERSON.name, PERSON.idNumber, PERSON.phone, '欠薪', '老板']) expect(text).not.toContain(secret);
  // Fits the phone: no sideways scrolling.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await phoneContext.close();
});
