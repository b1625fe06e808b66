/**
 * The printer simulator for `npm start` without CUPS: documents become PDF files in a directory,
 * rendered by the same Chromium path as on a kiosk.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryPrinter } from '../../electron/core/printing/directory-printer.ts';
import { ChromiumPdfRenderer } from '../../electron/core/printing/pdf-renderer.ts';
import { createPrintService } from '../../electron/core/printing/print-service.ts';
import { sampleFormView, sampleReceiptView } from '../../electron/core/printing/test-views.ts';
import { decodeQrCode, pdfInfo } from '../support/cups.ts';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-printer-dir-'));
const renderer = new ChromiumPdfRenderer();

afterAll(async () => {
  await renderer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('directory printer', () => {
  it('writes the receipt and the form as PDFs named by kind only, complete at once', async () => {
    const receiptPrinter = new DirectoryPrinter({ dir: join(dir, 'out'), name: 'RECEIPT' });
    const a4Printer = new DirectoryPrinter({ dir: join(dir, 'out'), name: 'A4' });
    const service = createPrintService({ renderer, receiptPrinter, a4Printer, now: Date.now, jobTimeoutMs: 1_000 });
    const view = sampleReceiptView();
    const results = await service.print([
      { kind: 'receipt', view },
      { kind: 'form', view: sampleFormView() },
    ]);
    expect(results.map((r) => [r.outcome, r.jobId])).toEqual([
      ['completed', 'RECEIPT-1'],
      ['completed', 'A4-1'],
    ]);

    const files = readdirSync(join(dir, 'out')).sort((a, b) => a.localeCompare(b));
    expect(files).toHaveLength(2);
    // File names carry the kind and size, never the applicant's name or number.
    for (const name of files) expect(name).not.toMatch(/张|LA-2026/);
    const receipt = join(dir, 'out', files.find((name) => name.includes('receipt'))!);
    const form = join(dir, 'out', files.find((name) => name.includes('form'))!);
    const receiptInfo = await pdfInfo(receipt);
    expect(receiptInfo.widthMm).toBeCloseTo(80, 0);
    expect((await decodeQrCode(receipt))?.data).toBe(view.statusUrl);
    expect(await pdfInfo(form)).toMatchObject({ pages: 1 });
    expect((await pdfInfo(form)).widthMm).toBeCloseTo(210, 0);
  });

  it('reports an unusable directory as an error and fails the job as a value', async () => {
    const blocker = join(dir, 'not-a-directory');
    writeFileSync(blocker, 'x');
    const printer = new DirectoryPrinter({ dir: blocker });
    expect(await printer.status()).toEqual({ state: 'error', detail: 'directory-not-writable' });
    expect(await printer.submit(new Uint8Array([1]), { title: 'receipt', media: 'receipt' })).toEqual({ ok: false, error: { code: 'spool_failed' } });
    expect(await printer.jobState('DIR-1')).toBe('unknown');
  });
});
