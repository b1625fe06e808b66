/**
 * The refusal letter (不予法律援助决定书) as staff print it: a real centre on loopback, an application
 * refused through the console API with hostile reasons, the letter opened in Debian Chromium with the
 * reviewer's session and printed to PDF the way the browser's print dialog would (CSS page size).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { CONSOLE_API } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS } from '../../domain/centre/protocol.ts';
import { applicant, sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import { createTestAccount, enrolKiosk, loginAs, signedJson, startTestCentre, type ConsoleClient, type TestCentre } from '../../center/server/testing/harness.ts';

const REASONS = '<img src=x onerror="window.__pwned=1">经核查，申请人家庭人均月收入高于本地法律援助经济困难标准。';
let centre: TestCentre;
let staff: ConsoleClient;
let letterPath = '';

test.beforeAll(async () => {
  centre = await startTestCentre();
  const kiosk = await enrolKiosk(centre.baseUrl);
  const applicationId = randomUUID();
  const committed = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId, record: sampleRecord(), attachments: [] });
  expect(committed.status).toBe(201);
  const account = await createTestAccount(centre, { role: 'staff' });
  staff = await loginAs(centre.baseUrl, account.username, account.password);
  expect((await staff.post(`${CONSOLE_API.applications}/${applicationId}/refuse`, { version: 1, reasons: REASONS })).status).toBe(200);
  letterPath = `${CONSOLE_API.applications}/${applicationId}/refusal-letter`;
});
test.afterAll(async () => {
  await centre?.close();
});

test('the letter shows the reasons as written, runs nothing, and prints on one A4 page', async ({ page, context }) => {
  const [name, value] = staff.cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: centre.baseUrl }]);
  const complaints: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || message.type() === 'warning') complaints.push(message.text());
  });
  const response = await page.goto(`${centre.baseUrl}${letterPath}`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: '不予法律援助决定书' })).toBeVisible();
  await expect(page.getByText(REASONS)).toBeVisible();
  await expect(page.getByText(`申请人：${applicant.name}`)).toBeVisible();
  await expect(page.getByText(/第四十九条/)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
  // The style sheet applied (allowed by its hash): the title is 20 pt, not the browser's default.
  expect(await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('h1')!).fontSize))).toBeCloseTo((20 * 96) / 72, 0);
  expect(complaints).toEqual([]);

  const dir = mkdtempSync(join(tmpdir(), 'refusal-letter-'));
  try {
    const file = join(dir, 'letter.pdf');
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    // A4 is 595.28 x 841.89 pt; Chromium rounds to whole pixels.
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
    expect(Number(size?.[1])).toBeCloseTo(595, -1);
    expect(Number(size?.[2])).toBeCloseTo(842, -1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
