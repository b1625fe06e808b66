/**
 * Printing through real CUPS: documents rendered by headless Chromium go through `lp` into the
 * cups-pdf queues that scripts/setup-cups.mjs makes, and are checked as paper would be: page size,
 * ink on the page, and the QR code read back from the pixels.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../electron/core/printing/pdf-renderer.ts';
import { CupsPrinter } from '../../electron/core/printing/cups-printer.ts';
import { createPrintService, type PrintService } from '../../electron/core/printing/print-service.ts';
import { pdfFirstPageSizeMm } from '../../electron/core/printing/pdf-page-size.ts';
import { renderReceiptHtml } from '../../electron/core/printing/receipt-template.ts';
import { sampleFormView, sampleReceiptView } from '../../electron/core/printing/test-views.ts';
import { A4_QUEUE, RECEIPT_QUEUE, darkPixelRatio, decodeQrCode, ensureCups, pdfInfo, setQueueEnabled, waitForNewPdf } from '../support/cups.ts';

// A 1x1 black PNG: the form scales it into the signature box, which must then print dark.
const BLACK_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';

let renderer: ChromiumPdfRenderer;
let service: PrintService;
const receiptPrinter = new CupsPrinter({ queue: RECEIPT_QUEUE });
const a4Printer = new CupsPrinter({ queue: A4_QUEUE });

beforeAll(() => {
  // `npm test` set CUPS up already; this covers running this file alone (as root).
  expect(ensureCups(), 'CUPS setup failed: run `node scripts/setup-cups.mjs` as root').toBe(true);
  renderer = new ChromiumPdfRenderer();
  service = createPrintService({ renderer, receiptPrinter, a4Printer, now: Date.now, jobTimeoutMs: 20_000 });
});

afterEach(async () => {
  await setQueueEnabled(RECEIPT_QUEUE, true);
  await setQueueEnabled(A4_QUEUE, true);
});

afterAll(async () => {
  await service?.close();
});

describe('printing through CUPS', () => {
  it('prints an 80 mm receipt as long as its content, with a QR code a phone can read', async () => {
    const view = sampleReceiptView();
    const since = Date.now();
    const [result] = await service.print([{ kind: 'receipt', view }]);
    expect(result).toMatchObject({ kind: 'receipt', outcome: 'completed' });
    expect(result?.jobId).toMatch(/^KIOSK_RECEIPT-\d+$/);

    const file = await waitForNewPdf(since, 20_000, result!.jobId!);
    const info = await pdfInfo(file);
    expect(info.pages).toBe(1);
    expect(info.widthMm).toBeGreaterThan(79);
    expect(info.widthMm).toBeLessThan(81);
    // The page is the content's measured height, not a default sheet.
    const rendered = pdfFirstPageSizeMm(await renderer.render(await renderReceiptHtml(view), { kind: 'receipt' }));
    expect(Math.abs(info.heightMm - rendered!.heightMm)).toBeLessThan(1.5);
    expect(info.heightMm).toBeGreaterThan(120);

    const qr = await decodeQrCode(file);
    expect(qr?.data).toBe(view.statusUrl);
    // The QR area is dense with ink; the page as a whole carries text but is mostly paper.
    expect(await darkPixelRatio(file, 1, qr!.region)).toBeGreaterThan(0.3);
    const page = await darkPixelRatio(file);
    expect(page).toBeGreaterThan(0.03);
    expect(page).toBeLessThan(0.3);
  });

  it('prints the A4 form on A4 with the signature image inked in', async () => {
    const view = sampleFormView({ signature: { imagePngBase64: BLACK_PNG, signerLabel: '申请人（签名）', dateText: '2026年11月23日' } });
    const since = Date.now();
    const [result] = await service.print([{ kind: 'form', view }]);
    expect(result).toMatchObject({ kind: 'form', outcome: 'completed' });

    const file = await waitForNewPdf(since, 20_000, result!.jobId!);
    const info = await pdfInfo(file);
    expect(info.pages).toBe(1);
    expect(info.widthMm).toBeCloseTo(210, 0);
    expect(info.heightMm).toBeCloseTo(297, 0);
    // Margins stay white; the signature (a black square after scaling) is solid ink.
    expect(await darkPixelRatio(file, 1, { x: 0, y: 0, width: 0.08, height: 1 })).toBe(0);
    const ink = await darkPixelRatio(file);
    expect(ink).toBeGreaterThan(0.01);
    expect(ink).toBeLessThan(0.2);
  });

  it('prints hostile text inert: 10,000 characters, markup and emoji make one long receipt, still 80 mm wide', async () => {
    const hostile = `<script>alert(1)</script></style>'; DROP TABLE applications; -- 😀🎉${'长'.repeat(10_000)}`;
    const since = Date.now();
    const [result] = await service.print([{ kind: 'receipt', view: sampleReceiptView({ matterLabel: hostile, applicantLabel: hostile }) }]);
    expect(result?.outcome).toBe('completed');
    const file = await waitForNewPdf(since, 30_000, result!.jobId!);
    const info = await pdfInfo(file);
    expect(info.pages).toBe(1);
    expect(info.widthMm).toBeGreaterThan(79);
    expect(info.widthMm).toBeLessThan(81);
    // 20,000 CJK characters at 12 pt, about 14 to a line: well over two metres of paper.
    expect(info.heightMm).toBeGreaterThan(2000);
    expect(await darkPixelRatio(file)).toBeGreaterThan(0.05);
  });

  it('answers printer_offline for a disabled queue without throwing or spooling, and prints again once enabled', async () => {
    await setQueueEnabled(RECEIPT_QUEUE, false);
    expect((await service.printerStatus()).receipt.state).toBe('offline');
    const [offline] = await service.print([{ kind: 'receipt', view: sampleReceiptView() }]);
    expect(offline).toMatchObject({ outcome: 'printer_offline', jobId: null });
    // Even a submit straight to the queue is refused as offline, not as a broken spool.
    expect(await receiptPrinter.submit(new Uint8Array([37, 80, 68, 70]), { title: 'receipt', media: 'receipt', heightMm: 100 })).toEqual({ ok: false, error: { code: 'printer_offline' } });

    await setQueueEnabled(RECEIPT_QUEUE, true);
    expect((await service.printerStatus()).receipt).toEqual({ state: 'ready', detail: null });
    const [again] = await service.print([{ kind: 'receipt', view: sampleReceiptView() }]);
    expect(again?.outcome).toBe('completed');
  });

  it('reports a queue that does not exist as missing', async () => {
    expect(await new CupsPrinter({ queue: 'KIOSK_NO_SUCH_QUEUE' }).status()).toEqual({ state: 'missing', detail: 'queue-not-found' });
  });

  it('leaves no copy of the document in the CUPS spool once a job is done (PreserveJobFiles No)', async () => {
    const [result] = await service.print([{ kind: 'form', view: sampleFormView() }]);
    expect(result?.outcome).toBe('completed');
    const jobNumber = Number(/-(\d+)$/.exec(result!.jobId!)![1]);
    const dataFile = `/var/spool/cups/d${String(jobNumber).padStart(5, '0')}-001`;
    expect(existsSync(dataFile)).toBe(false);
    expect(readdirSync('/var/spool/cups').filter((name) => name.startsWith('d'))).toEqual([]);
  });

  it('runs the technician self-test on both printers', async () => {
    const results = await service.testPage();
    expect(results.map((r) => [r.kind, r.outcome])).toEqual([
      ['receipt', 'completed'],
      ['form', 'completed'],
    ]);
  });
});
