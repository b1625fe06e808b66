import { renderConsultPushHtml, type ConsultPushView } from './consult-push-template.ts';
import { renderConsultTipHtml, type ConsultTipView } from './consult-tip-template.ts';
import { renderDraftedDocumentHtml, type DraftedDocumentView } from './document-template.ts';
import { renderFormHtml } from './form-template.ts';
import { pdfFirstPageSizeMm } from './pdf-page-size.ts';
import type { PdfRenderer } from './pdf-renderer.ts';
import type { Printer, PrinterStatus } from './printer.ts';
import { qrSvg } from './qr.ts';
import { renderReceiptHtml } from './receipt-template.ts';
import { renderStatusSlipHtml } from './status-slip-template.ts';
import { testFormView, testReceiptView } from './test-documents.ts';
import type { FormView, ReceiptView, StatusSlipView } from './views.ts';

/** 'receipt', 'slip' and a consultation 'tip' go to the 80 mm receipt printer; 'form', a lawyer's 'consult' push and a drafted 'document' to the A4 printer. */
export type PrintDocument =
  | { kind: 'receipt'; view: ReceiptView }
  | { kind: 'slip'; view: StatusSlipView }
  | { kind: 'form'; view: FormView }
  | { kind: 'consult'; view: ConsultPushView }
  | { kind: 'document'; view: DraftedDocumentView }
  | { kind: 'tip'; view: ConsultTipView };

const onReceiptPaper = (doc: PrintDocument) => doc.kind === 'receipt' || doc.kind === 'slip' || doc.kind === 'tip';
const renderHtml = (doc: PrintDocument): Promise<string> => {
  switch (doc.kind) {
    case 'receipt':
      return renderReceiptHtml(doc.view);
    case 'slip':
      return renderStatusSlipHtml(doc.view);
    case 'form':
      return renderFormHtml(doc.view);
    case 'consult':
      return renderConsultPushHtml(doc.view);
    case 'document':
      return renderDraftedDocumentHtml(doc.view);
    case 'tip':
      return renderConsultTipHtml(doc.view);
  }
};

/**
 * 'queued' = spooled but not finished within jobTimeoutMs (it may still print); the caller shows
 * the receipt on screen for every outcome but 'completed' and offers reprint from the technician page.
 */
export type PrintOutcome = 'completed' | 'queued' | 'failed' | 'printer_offline' | 'out_of_paper';

export interface PrintResult {
  kind: PrintDocument['kind'];
  outcome: PrintOutcome;
  jobId: string | null;
  renderMs: number;
  /** From handing the PDF to the printer until the job finished (or the wait ended). */
  spoolMs: number;
}

export interface PrintService {
  /** Prints in order; printer faults come back as outcomes, never as exceptions. */
  print(docs: readonly PrintDocument[]): Promise<PrintResult[]>;
  /** The technician's self-test: one test receipt and/or one A4 test page. */
  testPage(target?: 'receipt' | 'a4' | 'both'): Promise<PrintResult[]>;
  printerStatus(): Promise<{ receipt: PrinterStatus; a4: PrinterStatus }>;
  close(): Promise<void>;
}

export interface PrintServiceDeps {
  renderer: PdfRenderer;
  receiptPrinter: Printer;
  a4Printer: Printer;
  now: () => number;
  /** How long to follow a job before answering 'queued'. */
  jobTimeoutMs: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const outcomeForStatus = (status: PrinterStatus): PrintOutcome | null => {
  switch (status.state) {
    case 'ready':
      return null;
    case 'out_of_paper':
      return 'out_of_paper';
    case 'offline':
    case 'missing':
      return 'printer_offline';
    case 'error':
      return 'failed';
  }
};

/** The same receipt for the screen: its HTML (for a sandboxed frame) and the QR code alone. */
export const receiptPreview = async (view: ReceiptView): Promise<{ html: string; qrSvg: string }> => ({
  html: await renderReceiptHtml(view),
  qrSvg: await qrSvg(view.statusUrl),
});

export const createPrintService = (deps: PrintServiceDeps): PrintService => {
  const pollMs = deps.pollMs ?? 200;
  const sleep = deps.sleep ?? defaultSleep;

  const statusOf = async (printer: Printer): Promise<PrinterStatus> => {
    try {
      return await printer.status();
    } catch {
      return { state: 'error', detail: 'status-check-failed' };
    }
  };

  const follow = async (printer: Printer, jobId: string, since: number): Promise<PrintOutcome> => {
    for (;;) {
      const state = await printer.jobState(jobId).catch(() => 'unknown' as const);
      if (state === 'completed') return 'completed';
      if (state === 'failed') return 'failed';
      if (deps.now() - since >= deps.jobTimeoutMs) return 'queued';
      await sleep(pollMs);
    }
  };

  const printOne = async (doc: PrintDocument): Promise<PrintResult> => {
    const printer = onReceiptPaper(doc) ? deps.receiptPrinter : deps.a4Printer;
    const result = (outcome: PrintOutcome, jobId: string | null, renderMs = 0, spoolMs = 0): PrintResult => ({ kind: doc.kind, outcome, jobId, renderMs, spoolMs });

    // A printer that cannot print now is answered before spending half a second on rendering.
    const blocked = outcomeForStatus(await statusOf(printer));
    if (blocked) return result(blocked, null);

    const renderStart = deps.now();
    let pdf: Uint8Array;
    try {
      pdf = await deps.renderer.render(await renderHtml(doc), onReceiptPaper(doc) ? { kind: 'receipt' } : { kind: 'a4' });
    } catch {
      return result('failed', null, deps.now() - renderStart);
    }
    const renderMs = deps.now() - renderStart;

    const spoolStart = deps.now();
    const heightMm = onReceiptPaper(doc) ? pdfFirstPageSizeMm(pdf)?.heightMm : undefined;
    const submitted = await printer
      .submit(pdf, { title: doc.kind, media: onReceiptPaper(doc) ? 'receipt' : 'a4', ...(heightMm === undefined ? {} : { heightMm }) })
      .catch(() => ({ ok: false as const, error: { code: 'spool_failed' as const } }));
    if (!submitted.ok) return result(submitted.error.code === 'printer_offline' ? 'printer_offline' : 'failed', null, renderMs, deps.now() - spoolStart);
    const outcome = await follow(printer, submitted.value.jobId, spoolStart);
    return result(outcome, submitted.value.jobId, renderMs, deps.now() - spoolStart);
  };

  const print = async (docs: readonly PrintDocument[]): Promise<PrintResult[]> => {
    const results: PrintResult[] = [];
    for (const doc of docs) results.push(await printOne(doc));
    return results;
  };

  return {
    print,
    testPage: (target = 'both') => {
      const printedAt = new Date(deps.now()).toISOString().slice(0, 16).replace('T', ' ');
      const docs: PrintDocument[] = [];
      if (target !== 'a4') docs.push({ kind: 'receipt', view: testReceiptView(printedAt) });
      if (target !== 'receipt') docs.push({ kind: 'form', view: testFormView(printedAt) });
      return print(docs);
    },
    printerStatus: async () => ({ receipt: await statusOf(deps.receiptPrinter), a4: await statusOf(deps.a4Printer) }),
    close: () => deps.renderer.close(),
  };
};
