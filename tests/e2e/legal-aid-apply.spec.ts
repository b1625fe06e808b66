/**
 * A legal-aid application at the kiosk, end to end: real core (simulated reader, encrypted SQLite
 * store), Debian Chromium with a fake camera for the document photos, and real CUPS queues with
 * cups-pdf behind them. The printed PDFs are checked by page size and rendered pixels (the text
 * layer is garbled by Ghostscript), the QR code on the receipt is decoded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { cupsOutputDir, darkPixelRatio, decodeQrCode, ensureCups, pdfInfo, RECEIPT_QUEUE, setQueueEnabled } from '../support/cups.ts';
import { audit } from './audit.ts';
import { choose, commonQuestions, digits, drawSignature, next, step } from './interview.ts';
import { cameraClip, expect, openLegalAidApplication, openPinPad, placeCard, removeCard, test, withFakeCamera } from './fixtures.ts';

test.use({
  coreEnv: { KIOSK_PRINTING: 'cups', KIOSK_SIM_READ_DELAY_MS: '100' },
  launchOptions: withFakeCamera(cameraClip('holder-a4')),
});

test.beforeAll(() => {
  expect(ensureCups(), 'CUPS with the cups-pdf queues (scripts/setup-cups.mjs)').toBe(true);
});

const YOUNG_MAN = { id: 'resident-young-man', name: '陈子演', idNumber: '110105200103159997', address: '北京市朝阳区演示路1号' };
const ELDERLY_WOMAN = 'resident-elderly-woman';

/** Complete PDFs cups-pdf wrote since `since`, waiting until there are `count`. */
const printedSince = async (since: number, count: number): Promise<string[]> => {
  const from = Math.floor(since / 1000) * 1000;
  let files: string[] = [];
  await expect
    .poll(
      () => {
        files = readdirSync(cupsOutputDir())
          .filter((f) => f.endsWith('.pdf'))
          .map((f) => join(cupsOutputDir(), f))
          .filter((f) => statSync(f).mtimeMs >= from && readFileSync(f).subarray(-64).toString('latin1').includes('%%EOF'))
          .sort((a, b) => Number(/job_(\d+)/.exec(a)?.[1]) - Number(/job_(\d+)/.exec(b)?.[1]));
        return files.length;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return files;
};

test('a migrant worker applies for unpaid wages (第四十二条): photographed evidence, touch signature, receipt and form from CUPS', async ({ kiosk, core }) => {
  test.setTimeout(180_000);
  await placeCard(kiosk, core, YOUNG_MAN.id);
  await openLegalAidApplication(kiosk);
  await audit(kiosk, 'application intro');
  await next(kiosk);
  await choose(kiosk, 'who', 'self');
  // Every question is read aloud on arrival (the offline voice renders it; <audio> plays it).
  await expect(kiosk.locator('#kiosk-speech')).toHaveAttribute('data-state', /loading|playing|ended/);
  await audit(kiosk, 'matter question');
  await choose(kiosk, 'matter', 'labour_pay');
  await choose(kiosk, 'circumstance', 'none');
  await choose(kiosk, 'status', 'migrant_worker');

  // Back never loses an answer: go back two screens and forward again.
  await step(kiosk, 'phone');
  await kiosk.getByTestId('apply-back').click();
  await step(kiosk, 'status');
  await expect(kiosk.getByTestId('choice-migrant_worker')).toHaveAttribute('aria-pressed', 'true');
  await kiosk.getByTestId('choice-migrant_worker').click();

  await commonQuestions(kiosk, { opposingPinyin: ['laoban', '老板'], factsPinyin: ['qianxin', '欠薪'] });
  await audit(kiosk, 'materials checklist');
  // The wage evidence, photographed with the (fake) camera: two pages, the second rotated.
  await kiosk.getByTestId('material-capture-labour_evidence').click();
  await kiosk.getByTestId('cap-capture').click();
  await kiosk.getByTestId('cap-keep').click();
  await kiosk.getByTestId('cap-next').click();
  await kiosk.getByTestId('cap-capture').click();
  await kiosk.getByTestId('cap-rotate').click();
  await kiosk.getByTestId('cap-keep').click();
  await kiosk.getByTestId('cap-finish').click();
  await expect(kiosk.getByTestId('material-pages-labour_evidence')).toContainText('2');
  await kiosk.getByTestId('apply-materials-done').click();

  await step(kiosk, 'signature');
  await kiosk.getByTestId('apply-sign-touch').click();
  await drawSignature(kiosk);

  await step(kiosk, 'review');
  await expect(kiosk.getByTestId('review-facts')).toContainText('欠薪');
  await expect(kiosk.getByTestId('review-opposingParty')).toContainText('老板');
  await expect(kiosk.getByTestId('review-statusId')).toContainText('进城务工');
  await expect(kiosk.getByTestId('review-applicant.idNumber')).toContainText('********');
  await audit(kiosk, 'review');
  // Edit from the review screen and come straight back.
  await kiosk.getByTestId('review-edit-education').click();
  await choose(kiosk, 'education', 'senior_secondary');
  await step(kiosk, 'review');
  await expect(kiosk.getByTestId('review-education')).toContainText('高中');

  const since = Date.now();
  await kiosk.getByTestId('apply-submit').click();
  await expect(kiosk.getByTestId('apply-done')).toBeVisible();
  const number = (await kiosk.getByTestId('apply-local-number').textContent())!.trim();
  expect(number).toMatch(/^LA\d{8}-\d{4}$/);
  await expect(kiosk.getByTestId('apply-missing')).toContainText('进城务工的证明');
  await expect(kiosk.getByTestId('apply-qr')).toBeVisible();
  await expect(kiosk.getByTestId('apply-print-printed')).toBeVisible({ timeout: 60_000 });
  await audit(kiosk, 'receipt screen');

  const [receipt, form] = await printedSince(since, 2);
  const receiptInfo = await pdfInfo(receipt!);
  expect(receiptInfo.widthMm).toBeCloseTo(80, 0);
  expect(receiptInfo.heightMm).toBeGreaterThan(100);
  const qr = await decodeQrCode(receipt!);
  expect(qr?.data).toContain(encodeURIComponent(number));
  expect(qr?.data).not.toContain(YOUNG_MAN.idNumber);
  const formInfo = await pdfInfo(form!);
  expect([Math.round(formInfo.widthMm), Math.round(formInfo.heightMm)]).toEqual([210, 297]);
  expect(await darkPixelRatio(form!)).toBeGreaterThan(0.01);

  // What is on disk: the application is there, whole, and nothing of the person is readable.
  const technician = await core.call('technician.unlock', { pin: '2468' });
  const printing = await core.call('technician.printing', { token: technician.token });
  expect(printing.recent[0]).toMatchObject({ localNumber: number, lastPrint: { state: 'completed' } });
  expect(printing.outbox.pending).toBe(1);
  await core.call('technician.lock', { token: technician.token });
  expectNothingReadableOnDisk(core, [YOUNG_MAN.name, YOUNG_MAN.idNumber, YOUNG_MAN.address, '欠薪']);
});

test('an elderly woman asks for maintenance by truthful statement (第四十一条): household, pledge read aloud, paper signature', async ({ kiosk, core }) => {
  test.setTimeout(180_000);
  await removeCard(core);
  await placeCard(kiosk, core, ELDERLY_WOMAN);
  await openLegalAidApplication(kiosk);
  await next(kiosk);
  await choose(kiosk, 'who', 'self');
  await choose(kiosk, 'matter', 'maintenance');
  await choose(kiosk, 'circumstance', 'none');
  await choose(kiosk, 'status', 'none');
  await step(kiosk, 'members');
  await digits(kiosk, 'dp', '2');
  await next(kiosk);
  await step(kiosk, 'income');
  await digits(kiosk, 'dp', '1800');
  await next(kiosk);
  await step(kiosk, 'property');
  await kiosk.getByTestId('apply-text-none').click();
  // 900 元 per person is within Guangzhou's standard: no hardship screen.
  await commonQuestions(kiosk, { opposingPinyin: null, factsPinyin: ['shanyang', '赡养'] });
  await kiosk.getByTestId('apply-materials-done').click();

  await step(kiosk, 'pledge');
  await expect(kiosk.getByTestId('pledge-fraudWarning')).toContainText('三千元');
  await expect(kiosk.locator('#kiosk-speech')).toHaveAttribute('data-state', /loading|playing|ended/);
  await audit(kiosk, 'pledge');
  await kiosk.getByTestId('apply-pledge-accept').click();
  await step(kiosk, 'signature');
  await kiosk.getByTestId('apply-sign-paper').click();
  await step(kiosk, 'review');
  await expect(kiosk.getByTestId('review-household.members')).toContainText('2');
  await expect(kiosk.getByTestId('review-pledge')).toBeVisible();

  const since = Date.now();
  await kiosk.getByTestId('apply-submit').click();
  await expect(kiosk.getByTestId('apply-done')).toBeVisible();
  await expect(kiosk.getByTestId('apply-print-printed')).toBeVisible({ timeout: 60_000 });
  // Receipt, application form and the pledge with its signing line.
  const files = await printedSince(since, 3);
  const sizes = await Promise.all(files.map(async (f) => ((i) => [Math.round(i.widthMm), i.pages])(await pdfInfo(f))));
  expect(sizes.filter(([w]) => w === 80)).toHaveLength(1);
  expect(sizes.filter(([w]) => w === 210)).toHaveLength(2);

  // 办完了: the person is wiped and the kiosk is home again.
  await kiosk.getByTestId('apply-finish').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  expect((await core.call('session.get', {})).session).toBeNull();
});

test('a business dispute is not covered: said kindly, with the alternatives', async ({ kiosk, core }) => {
  await removeCard(core);
  await placeCard(kiosk, core, YOUNG_MAN.id);
  await openLegalAidApplication(kiosk);
  await next(kiosk);
  await choose(kiosk, 'who', 'self');
  await choose(kiosk, 'matter', 'business_dispute');
  await step(kiosk, 'outcome');
  await expect(kiosk.getByTestId('apply-outcome-not_covered')).toContainText('不在法律援助的事项范围');
  await expect(kiosk.getByTestId('apply-alt-video')).toBeVisible();
  await expect(kiosk.getByTestId('apply-alternatives')).toContainText('人民调解');
  await expect(kiosk.getByTestId('apply-anyway')).toHaveCount(0);
  await audit(kiosk, 'not covered');
  // The information to take home: an A4 guide (no personal data on it).
  const since = Date.now();
  await kiosk.getByTestId('apply-alt-print').click();
  await expect(kiosk.getByTestId('apply-alt-print-printed')).toBeVisible({ timeout: 30_000 });
  const [guide] = await printedSince(since, 1);
  expect(Math.round((await pdfInfo(guide!)).widthMm)).toBe(210);
  // Back to the matter and a covered one goes on.
  await kiosk.getByTestId('apply-back').click();
  await choose(kiosk, 'matter', 'labour_pay');
  await step(kiosk, 'circumstance');
});

function expectNothingReadableOnDisk(core: KioskCoreHandle, secrets: string[]): void {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
  const stored = walk(core.dataDir).filter((f) => /kiosk\.db|attachments/.test(f));
  expect(stored.some((f) => f.includes('attachments'))).toBe(true);
  for (const file of stored) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, 'utf8')), `${secret} readable in ${file}`).toBe(false);
      expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${secret} (UTF-16) readable in ${file}`).toBe(false);
    }
  }
}

test('the receipt printer is offline: nothing is lost, the receipt stays on screen, the technician reprints it', async ({ kiosk, core }) => {
  test.setTimeout(180_000);
  await setQueueEnabled(RECEIPT_QUEUE, false);
  try {
    await removeCard(core);
    await placeCard(kiosk, core, YOUNG_MAN.id);
    await openLegalAidApplication(kiosk);
    await next(kiosk);
    await choose(kiosk, 'who', 'self');
    await choose(kiosk, 'matter', 'labour_pay');
    await choose(kiosk, 'circumstance', 'none');
    await choose(kiosk, 'status', 'migrant_worker');
    await commonQuestions(kiosk, { opposingPinyin: null, factsPinyin: ['gongzi', '工资'] });
    await kiosk.getByTestId('apply-materials-done').click();
    await kiosk.getByTestId('apply-sign-paper').click();
    await kiosk.getByTestId('apply-submit').click();
    await expect(kiosk.getByTestId('apply-print-problem')).toBeVisible({ timeout: 60_000 });
    // Everything the paper would have said is on the screen.
    const number = (await kiosk.getByTestId('apply-local-number').textContent())!.trim();
    await expect(kiosk.getByTestId('apply-qr')).toBeVisible();
    await expect(kiosk.getByTestId('apply-decision-date')).toContainText('前作出决定');
    await expect(kiosk.getByTestId('apply-missing')).toContainText('欠薪');
    await audit(kiosk, 'receipt screen, printer offline');
    await kiosk.getByTestId('apply-finish').click();
    await expect(kiosk.getByTestId('home')).toBeVisible();

    // Later the technician fixes the printer and reprints from the maintenance page.
    await setQueueEnabled(RECEIPT_QUEUE, true);
    await openPinPad(kiosk);
    for (const d of '2468') await kiosk.getByTestId(`pin-digit-${d}`).click();
    await kiosk.getByTestId('pin-ok').click();
    await expect(kiosk.getByTestId(`tech-recent-${number}`)).toContainText('打印机离线');
    const since = Date.now();
    await kiosk.getByTestId(`tech-reprint-${number}`).click();
    await expect(kiosk.getByTestId('tech-print-result')).toContainText('已打印');
    await expect(kiosk.getByTestId(`tech-recent-${number}`)).toContainText('已打印');
    const files = await printedSince(since, 2);
    expect((await pdfInfo(files[0]!)).widthMm).toBeCloseTo(80, 0);
    await kiosk.getByTestId('tech-exit').click();
  } finally {
    await setQueueEnabled(RECEIPT_QUEUE, true);
  }
});

test('applying for someone else (第四十条): the applicant card is read, the agent recorded with the relationship', async ({ kiosk, core }) => {
  test.setTimeout(120_000);
  await removeCard(core);
  await placeCard(kiosk, core, YOUNG_MAN.id);
  await openLegalAidApplication(kiosk);
  await next(kiosk);
  await choose(kiosk, 'who', 'other');
  await choose(kiosk, 'relationship', 'close_relative');
  await step(kiosk, 'applicantCard');
  await expect(kiosk.getByTestId('apply-applicant-waiting')).toBeVisible();
  // The agent lifts their card and places the applicant's: the session stays, the interview too.
  await removeCard(core);
  await core.call('sim.placeCard', { cardId: ELDERLY_WOMAN });
  await expect(kiosk.getByTestId('apply-applicant-read')).toContainText('********');
  const { session } = await core.call('session.get', {});
  expect(session?.citizen.name).toBe(YOUNG_MAN.name);
  expect(session?.applicant).not.toBeNull();
  await kiosk.getByTestId('apply-next').click();
  await choose(kiosk, 'matter', 'maintenance');
  await choose(kiosk, 'circumstance', 'none');
  await step(kiosk, 'status');
  // Back to the start of the path and forward: the relationship is still chosen.
  for (let i = 0; i < 4; i += 1) await kiosk.getByTestId('apply-back').click();
  await step(kiosk, 'relationship');
  await expect(kiosk.getByTestId('choice-close_relative')).toHaveAttribute('aria-pressed', 'true');
});
