/**
 * Drafting a 民事起诉状（追索劳动报酬） at the kiosk, end to end: real core (simulated reader), Debian
 * Chromium, the on-screen keyboard and pads, and the real CUPS A4 queue. The printed PDF is checked
 * as paper: A4, ink, and its QR codes read back from the pixels give the document's text (the cups-pdf
 * text layer is garbled by Ghostscript, so the words are checked through the codes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { joinQrParts } from '../../domain/documents/qr-text.ts';
import { cupsOutputDir, darkPixelRatio, ensureCups, pdfInfo } from '../support/cups.ts';
import { decodePdfQrCodes } from '../support/qr-codes.ts';
import { audit } from './audit.ts';
import { digits, pinyin } from './interview.ts';
import { expect, placeCard, removeCard, test } from './fixtures.ts';
import type { Page } from '@playwright/test';

test.use({ coreEnv: { KIOSK_PRINTING: 'cups', KIOSK_SIM_READ_DELAY_MS: '100' } });

test.beforeAll(() => {
  expect(ensureCups(), 'CUPS with the cups-pdf queues (scripts/setup-cups.mjs)').toBe(true);
});

const YOUNG_MAN = { id: 'resident-young-man', name: '陈子演', idNumber: '110105200103159997' };

const question = (kiosk: Page, key: string) => expect(kiosk.getByTestId('document-question')).toHaveAttribute('data-question', key);
const next = (kiosk: Page) => kiosk.getByTestId('document-next').click();

/** The newest complete PDF cups-pdf wrote for a drafted document since `since`. */
const printedDocument = async (since: number): Promise<string> => {
  const from = Math.floor(since / 1000) * 1000;
  let found: string | undefined;
  await expect
    .poll(
      () => {
        found = readdirSync(cupsOutputDir())
          .filter((f) => f.startsWith('document') && f.endsWith('.pdf'))
          .map((f) => join(cupsOutputDir(), f))
          .find((f) => statSync(f).mtimeMs >= from && readFileSync(f).subarray(-64).toString('latin1').includes('%%EOF'));
        return found !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return found!;
};

test('a worker drafts a 民事起诉状 for unpaid wages, one question a screen, previews it, prints it from KIOSK_A4 and scans the text', async ({ kiosk, core }) => {
  test.setTimeout(180_000);
  await placeCard(kiosk, core, YOUNG_MAN.id);
  await kiosk.getByTestId('tile-documents').click();
  await expect(kiosk.getByTestId('documents-screen')).toHaveAttribute('data-phase', 'choose');
  await audit(kiosk, 'documents: choose');
  await kiosk.getByTestId('document-type-civil-complaint-wages').click();
  await expect(kiosk.getByTestId('document-basis')).toContainText('第一百二十四条');
  await audit(kiosk, 'documents: introduction');
  await kiosk.getByTestId('document-start').click();

  await question(kiosk, 'court');
  await pinyin(kiosk, 'chaoyang', '朝阳');
  await pinyin(kiosk, 'renmin', '人民');
  await pinyin(kiosk, 'fayuan', '法院');
  await next(kiosk);
  // Every question is read aloud on arrival.
  await expect(kiosk.locator('#kiosk-speech')).toHaveAttribute('data-state', /loading|playing|ended/);

  await question(kiosk, 'defendant.kind');
  await audit(kiosk, 'documents: choice question');
  await kiosk.getByTestId('choice-organisation').click();
  await question(kiosk, 'defendant.name');
  await pinyin(kiosk, 'jianzhu', '建筑');
  await pinyin(kiosk, 'gongsi', '公司');
  await next(kiosk);
  await question(kiosk, 'defendant.code');
  await kiosk.getByTestId('document-skip').click();
  await question(kiosk, 'defendant.representative');
  await kiosk.getByTestId('document-skip').click();
  await question(kiosk, 'defendant.address');
  await pinyin(kiosk, 'chaoyang', '朝阳');
  await next(kiosk);
  await question(kiosk, 'job');
  await pinyin(kiosk, 'gongren', '工人');
  await next(kiosk);
  await question(kiosk, 'startDate');
  await digits(kiosk, 'date', '20250301');
  await next(kiosk);
  await question(kiosk, 'amount');
  await digits(kiosk, 'dp', '32000');

  // Back never loses an answer: back to the date, forward again, the amount is still there.
  await kiosk.getByTestId('document-back').click();
  await question(kiosk, 'startDate');
  await expect(kiosk.getByTestId('date-display')).toContainText('2025');
  await next(kiosk);
  await question(kiosk, 'amount');
  await expect(kiosk.getByTestId('dp-display')).toHaveText(/32000/);
  await next(kiosk);

  await question(kiosk, 'iouDate');
  await kiosk.getByTestId('document-skip').click();
  await question(kiosk, 'facts');
  await pinyin(kiosk, 'qianxin', '欠薪');
  await next(kiosk);
  await question(kiosk, 'evidence');
  await kiosk.getByTestId('document-skip').click();

  // The preview: the whole document in large text, the citizen's block from the card, ID masked.
  const paper = kiosk.getByTestId('document-paper');
  await expect(paper).toBeVisible();
  for (const words of ['民事起诉状', '（追索劳动报酬纠纷）', `原告：${YOUNG_MAN.name}`, '被告：建筑公司', '诉讼请求', '1.判令被告向原告支付拖欠的劳动报酬人民币32,000元（大写：叁万贰仟元整）；', '事实与理由', '欠薪', '此致', '朝阳人民法院', '具状人']) {
    await expect(paper).toContainText(words);
  }
  await expect(paper).not.toContainText(YOUNG_MAN.idNumber);
  await audit(kiosk, 'documents: preview');
  await kiosk.getByTestId('document-read-1').click();
  await expect(kiosk.locator('#kiosk-speech')).toHaveAttribute('data-state', /loading|playing|ended/);

  // Change one answer from the preview and come straight back.
  await kiosk.getByTestId('document-edit').click();
  await kiosk.getByTestId('document-edit-job').click();
  await question(kiosk, 'job');
  await expect(kiosk.getByTestId('kb-text')).toContainText('工人');
  await pinyin(kiosk, 'mu', '木');
  await next(kiosk);
  await expect(paper).toContainText('从事工人木工作');

  const since = Date.now();
  await kiosk.getByTestId('document-print').click();
  await expect(kiosk.getByTestId('document-print-result')).toHaveAttribute('data-outcome', 'completed', { timeout: 60_000 });

  const file = await printedDocument(since);
  const info = await pdfInfo(file);
  expect([Math.round(info.widthMm), Math.round(info.heightMm)]).toEqual([210, 297]);
  expect(info.pages).toBeGreaterThanOrEqual(2);
  expect(await darkPixelRatio(file, 1)).toBeGreaterThan(0.01);
  const text = joinQrParts(await decodePdfQrCodes(file, Array.from({ length: info.pages }, (_, i) => i + 1)));
  for (const words of ['民事起诉状', YOUNG_MAN.name, '诉讼请求', '事实与理由', '此致', '朝阳人民法院', '欠薪']) expect(text).toContain(words);
  expect(text).not.toContain(YOUNG_MAN.idNumber);

  // The claim prefills the fee calculator: 32,000 元 -> 600 元 (第十三条).
  await kiosk.getByTestId('document-fees').click();
  await expect(kiosk.getByTestId('fees-prefilled')).toBeVisible();
  await expect(kiosk.getByTestId('fees-fee')).toHaveText('600元');
  await expect(kiosk.getByTestId('fees-article')).toContainText('第十三条');
  await kiosk.getByTestId('fees-to-documents').click();
  await expect(kiosk.getByTestId('document-paper')).toBeVisible();

  // 结束并清除: the draft goes with the person.
  await kiosk.getByTestId('end-session').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await removeCard(core);
  await placeCard(kiosk, core, YOUNG_MAN.id);
  await kiosk.getByTestId('tile-documents').click();
  await expect(kiosk.getByTestId('documents-screen')).toHaveAttribute('data-phase', 'choose');
  await kiosk.getByTestId('document-type-civil-complaint-wages').click();
  await kiosk.getByTestId('document-start').click();
  await question(kiosk, 'court');
  await expect(kiosk.getByTestId('kb-text')).not.toContainText('法院');
});
