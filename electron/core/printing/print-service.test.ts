import { describe, expect, it } from 'vitest';
import { MemoryPrinter } from './memory-printer.ts';
import type { PdfPage, PdfRenderer } from './pdf-renderer.ts';
import { createPrintService, receiptPreview, type PrintServiceDeps } from './print-service.ts';
import { sampleFormView, sampleReceiptView } from './test-views.ts';

/** A renderer that returns a minimal PDF with the page size Chromium would have chosen. */
class FakeRenderer implements PdfRenderer {
  readonly rendered: { html: string; page: PdfPage }[] = [];
  failWith: Error | null = null;
  closed = false;
  async render(html: string, page: PdfPage): Promise<Uint8Array> {
    if (this.failWith) throw this.failWith;
    this.rendered.push({ html, page });
    const box = page.kind === 'receipt' ? '0 0 226.77 637.8' : '0 0 595.92 842.88';
    return new TextEncoder().encode(`%PDF-1.4\n1 0 obj << /Type /Page /MediaBox [${box}] >> endobj\n%%EOF`);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const setup = (overrides: Partial<PrintServiceDeps> = {}) => {
  let clock = 1_000_000;
  const renderer = new FakeRenderer();
  const receiptPrinter = new MemoryPrinter('RECEIPT');
  const a4Printer = new MemoryPrinter('A4');
  const service = createPrintService({
    renderer,
    receiptPrinter,
    a4Printer,
    now: () => clock,
    jobTimeoutMs: 5_000,
    pollMs: 100,
    // Fake time: every poll moves the clock instead of waiting.
    sleep: async (ms) => {
      clock += ms;
    },
    ...overrides,
  });
  return { service, renderer, receiptPrinter, a4Printer };
};

const bothDocs = [
  { kind: 'receipt' as const, view: sampleReceiptView() },
  { kind: 'form' as const, view: sampleFormView() },
];

describe('print service', () => {
  it('prints the receipt on the receipt printer and the form on the A4 printer, following both to completion', async () => {
    const { service, receiptPrinter, a4Printer, renderer } = setup();
    const results = await service.print(bothDocs);
    expect(results.map((r) => [r.kind, r.outcome, r.jobId])).toEqual([
      ['receipt', 'completed', 'RECEIPT-1'],
      ['form', 'completed', 'A4-1'],
    ]);
    expect(renderer.rendered.map((r) => r.page.kind)).toEqual(['receipt', 'a4']);
    expect(renderer.rendered[0]?.html).toContain('LA-20261123-0007');
    // The receipt's measured height (from the PDF) goes to the printer; titles carry no personal data.
    expect(receiptPrinter.jobs[0]?.opts).toEqual({ title: 'receipt', media: 'receipt', heightMm: 225 });
    expect(a4Printer.jobs[0]?.opts).toEqual({ title: 'form', media: 'a4' });
  });

  it.each([
    ['offline', 'printer_offline'],
    ['missing', 'printer_offline'],
    ['out_of_paper', 'out_of_paper'],
    ['error', 'failed'],
  ] as const)('answers %s printer status with %s, without rendering or spooling', async (state, outcome) => {
    const { service, receiptPrinter, renderer } = setup();
    receiptPrinter.setStatus(state, 'test-reason');
    const [receipt, form] = await service.print(bothDocs);
    expect(receipt).toMatchObject({ kind: 'receipt', outcome, jobId: null });
    expect(receiptPrinter.jobs).toHaveLength(0);
    // The other printer is unaffected.
    expect(form).toMatchObject({ kind: 'form', outcome: 'completed' });
    expect(renderer.rendered.map((r) => r.page.kind)).toEqual(['a4']);
  });

  it('turns a refused submit into an outcome', async () => {
    const { service, receiptPrinter, a4Printer } = setup();
    receiptPrinter.failSubmits('printer_offline');
    a4Printer.failSubmits('spool_failed');
    const results = await service.print(bothDocs);
    expect(results.map((r) => r.outcome)).toEqual(['printer_offline', 'failed']);
  });

  it("answers 'queued' when a job does not finish within the timeout, and 'failed' when it is aborted", async () => {
    const { service, receiptPrinter, a4Printer } = setup();
    receiptPrinter.setJobOutcome('processing');
    a4Printer.setJobOutcome('failed');
    const [receipt, form] = await service.print(bothDocs);
    expect(receipt).toMatchObject({ outcome: 'queued', jobId: 'RECEIPT-1' });
    expect(receipt?.spoolMs).toBeGreaterThanOrEqual(5_000);
    expect(receipt?.spoolMs).toBeLessThan(5_200);
    expect(form).toMatchObject({ outcome: 'failed', jobId: 'A4-1' });
  });

  it('never throws: a crashing renderer or printer becomes a failed outcome', async () => {
    const { service, renderer, a4Printer } = setup();
    renderer.failWith = new Error('browser crashed');
    a4Printer.status = () => Promise.reject(new Error('ipptool vanished'));
    const results = await service.print(bothDocs);
    expect(results.map((r) => r.outcome)).toEqual(['failed', 'failed']);
    expect(await service.printerStatus()).toEqual({ receipt: { state: 'ready', detail: null }, a4: { state: 'error', detail: 'status-check-failed' } });
  });

  it('prints self-test pages on both printers, with no application data', async () => {
    const { service, renderer } = setup();
    const results = await service.testPage();
    expect(results.map((r) => [r.kind, r.outcome])).toEqual([
      ['receipt', 'completed'],
      ['form', 'completed'],
    ]);
    expect(renderer.rendered[0]?.html).toContain('打印机自检');
    expect((await service.testPage('a4')).map((r) => r.kind)).toEqual(['form']);
  });

  it('reports both printers and closes the renderer', async () => {
    const { service, a4Printer, renderer } = setup();
    a4Printer.setStatus('out_of_paper', 'media-empty-error');
    expect(await service.printerStatus()).toEqual({ receipt: { state: 'ready', detail: null }, a4: { state: 'out_of_paper', detail: 'media-empty-error' } });
    await service.close();
    expect(renderer.closed).toBe(true);
  });
});

describe('receipt preview', () => {
  it('gives the screen the same receipt and its QR code', async () => {
    const preview = await receiptPreview(sampleReceiptView());
    expect(preview.html).toContain('K7Q2-M9');
    expect(preview.qrSvg.startsWith('<svg')).toBe(true);
    expect(preview.html).toContain(preview.qrSvg.trim().slice(0, 200));
  });
});
