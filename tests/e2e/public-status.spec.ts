/**
 * The public status page behind the receipt's QR code, on a phone: a real centre on loopback, an
 * application committed by a signed test kiosk, the reviewer asking for materials through the
 * console API, and Debian Chromium at a phone's size opening `/s/<local number>?c=<short code>`.
 */
import { randomUUID } from 'node:crypto';
import { expect, test, type ConsoleMessage, type Page } from '@playwright/test';
import { CONSOLE_API, STATUS_PATHS } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS } from '../../domain/centre/protocol.ts';
import { applicant, sampleRecord, wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { createTestAccount, enrolKiosk, loginAs, signedJson, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';
import { expectNoSeriousAxeViolations } from './audit.ts';

test.describe.configure({ mode: 'serial' });

const PHONE = { width: 390, height: 844 };
const record = sampleRecord({ localNumber: 'LA20261123-0042', shortCode: 'K7PQ2M' });
let centre: TestCentre;

test.beforeAll(async () => {
  centre = await startTestCentre();
  const kiosk = await enrolKiosk(centre.baseUrl);
  const applicationId = randomUUID();
  const committed = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId, record, attachments: [] });
  expect(committed.status).toBe(201);
  const account = await createTestAccount(centre, { role: 'staff' });
  const staff = await loginAs(centre.baseUrl, account.username, account.password);
  const asked = await staff.post(`${CONSOLE_API.applications}/${applicationId}/request-materials`, {
    version: 1,
    materialIds: ['labour_evidence', 'proof_migrant_worker'],
    dueInDays: 15,
  });
  expect(asked.status).toBe(200);
});
test.afterAll(async () => {
  await centre?.close();
});

/** Opens a status URL on a phone-sized page, collecting what the browser complains about. */
const openOnPhone = async (page: Page, path: string) => {
  const complaints: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') complaints.push(message.text());
  });
  await page.setViewportSize(PHONE);
  const response = await page.goto(`${centre.baseUrl}${path}`);
  return { status: response?.status(), complaints };
};

test('a citizen scanning the receipt sees, on a phone, which materials to bring and by when', async ({ page }) => {
  const { status, complaints } = await openOnPhone(page, `${STATUS_PATHS.publicPage}/${record.localNumber}?c=${record.shortCode}`);
  expect(status).toBe(200);
  await expect(page.getByText('法律援助中心需要您补交材料。')).toBeVisible();
  // By their names in the Guangdong pack (the kiosk at 440106 applied it).
  await expect(page.getByRole('listitem')).toHaveText(['劳动关系、欠薪或解除劳动关系的证据', '进城务工的证明']);
  await expect(page.getByText(/补交期限：\d{4}年\d{1,2}月\d{1,2}日。逾期没有补交的，申请视为撤回/)).toBeVisible();
  await expect(page.getByText(/12348/)).toBeVisible();

  // The style sheet is allowed by its hash (a mismatch would leave the browser's default 16 px text)
  // and nothing was refused or failed to load.
  const sizes = await page.evaluate(() => ({
    headline: parseFloat(getComputedStyle(document.querySelector('.headline')!).fontSize),
    body: parseFloat(getComputedStyle(document.body).fontSize),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect(sizes.body).toBeGreaterThanOrEqual(20);
  expect(sizes.headline).toBeGreaterThanOrEqual(30);
  expect(sizes.overflow).toBeLessThanOrEqual(0);
  expect(complaints).toEqual([]);
  await expectNoSeriousAxeViolations(page, 'public status page');

  // What anyone holding the receipt can read carries nothing personal.
  const text = await page.locator('body').innerText();
  for (const personal of [applicant.name, applicant.idNumber, wageClaim().phone, wageClaim().facts, '某某建筑劳务有限公司']) {
    expect(text).not.toContain(personal);
  }
});

test('a mistyped code gets a kind page that says the application may still be on its way', async ({ page }) => {
  const { status, complaints } = await openOnPhone(page, `${STATUS_PATHS.publicPage}/${record.localNumber}?c=WRONG2`);
  expect(status).toBe(404);
  await expect(page.getByText('没有查到这份申请')).toBeVisible();
  await expect(page.getByText(/刚刚提交的申请可能还没有传到法律援助中心/)).toBeVisible();
  await expect(page.getByText(/12348/)).toBeVisible();
  // The browser notes the page's own 404 status; nothing else may be refused or missing.
  expect(complaints.filter((c) => !/status of 404/.test(c))).toEqual([]);
  await expectNoSeriousAxeViolations(page, 'status not found');
});
