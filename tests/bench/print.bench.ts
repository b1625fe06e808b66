/**
 * Printing benchmark: the production path (Vue SSR template -> headless Debian Chromium PDF ->
 * `lp` -> CUPS -> cups-pdf), on the sample receipt and A4 application form.
 *   - PDF render time per document: the first render separately (cold start: browser launch), then
 *     median/p95 over N warm renders back to back
 *   - spool time: from handing the PDF to `lp` until the PDF appears in cups-pdf's output directory
 *     (CUPS filters + Ghostscript; a real printer adds its own print time)
 *
 *   node --expose-gc --import tsx tests/bench/print.bench.ts        (PRINT_BENCH_RENDERS=30, PRINT_BENCH_SPOOLS=10)
 */
import { ChromiumPdfRenderer } from '../../electron/core/printing/pdf-renderer.ts';
import { CupsPrinter } from '../../electron/core/printing/cups-printer.ts';
import { renderFormHtml } from '../../electron/core/printing/form-template.ts';
import { pdfFirstPageSizeMm } from '../../electron/core/printing/pdf-page-size.ts';
import { renderReceiptHtml } from '../../electron/core/printing/receipt-template.ts';
import { sampleFormView, sampleReceiptView } from '../../electron/core/printing/test-views.ts';
import { A4_QUEUE, RECEIPT_QUEUE, ensureCups, waitForNewPdf } from '../support/cups.ts';
import { fmt, summary } from './stats.ts';

const RENDERS = Number(process.env.PRINT_BENCH_RENDERS ?? 30);
const SPOOLS = Number(process.env.PRINT_BENCH_SPOOLS ?? 10);

const line = (label: string, values: number[]): void => {
  const s = summary(values);
  process.stdout.write(`${label.padEnd(36)} n=${s.n} median ${fmt(s.median)}  p95 ${fmt(s.p95)}  min ${fmt(s.min)}  max ${fmt(s.max)}\n`);
};

const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
};

const renderer = new ChromiumPdfRenderer();
try {
  const receiptHtml = await renderReceiptHtml(sampleReceiptView());
  const formHtml = await renderFormHtml(sampleFormView());
  const [, templateMs] = await timed(async () => {
    for (let i = 0; i < 100; i += 1) await renderReceiptHtml(sampleReceiptView());
  });
  process.stdout.write(`receipt HTML template (Vue SSR + QR)   ${fmt(templateMs / 100)} per render\n`);

  const [receiptPdf, coldMs] = await timed(() => renderer.render(receiptHtml, { kind: 'receipt' }));
  process.stdout.write(`cold start: first receipt PDF           ${fmt(coldMs)} (launches Chromium)\n`);
  const receiptTimes: number[] = [];
  const formTimes: number[] = [];
  let formPdf: Uint8Array = new Uint8Array();
  for (let i = 0; i < RENDERS; i += 1) {
    receiptTimes.push((await timed(() => renderer.render(receiptHtml, { kind: 'receipt' })))[1]);
    const [pdf, ms] = await timed(() => renderer.render(formHtml, { kind: 'a4' }));
    formPdf = pdf;
    formTimes.push(ms);
  }
  line('receipt PDF render (back to back)', receiptTimes);
  line('A4 form PDF render (back to back)', formTimes);
  process.stdout.write(`PDF sizes: receipt ${(receiptPdf.length / 1024).toFixed(0)} KiB (${pdfFirstPageSizeMm(receiptPdf)?.heightMm} mm long), form ${(formPdf.length / 1024).toFixed(0)} KiB\n`);

  if (!ensureCups()) {
    process.stdout.write('CUPS is not set up (run node scripts/setup-cups.mjs as root): spool figures skipped\n');
  } else {
    const heightMm = pdfFirstPageSizeMm(receiptPdf)?.heightMm;
    for (const [label, queue, pdf, media] of [
      ['receipt spool -> PDF appears', RECEIPT_QUEUE, receiptPdf, 'receipt'],
      ['A4 form spool -> PDF appears', A4_QUEUE, formPdf, 'a4'],
    ] as const) {
      const printer = new CupsPrinter({ queue });
      const times: number[] = [];
      for (let i = 0; i < SPOOLS; i += 1) {
        const since = Date.now();
        const start = performance.now();
        const submitted = await printer.submit(pdf, { title: media === 'a4' ? 'form' : 'receipt', media, ...(media === 'receipt' && heightMm ? { heightMm } : {}) });
        if (!submitted.ok) throw new Error(`spool failed: ${submitted.error.code}`);
        await waitForNewPdf(since, 30_000, submitted.value.jobId);
        times.push(performance.now() - start);
      }
      line(label, times);
    }
  }
} finally {
  await renderer.close();
}
