// Printing: HTML templates -> PDF (headless Chromium) -> CUPS, with job tracking. See README.md.
export type { FormRow, FormSection, FormSignature, FormView, ReceiptView } from './views.ts';
export { renderReceiptHtml, RECEIPT_WIDTH_MM } from './receipt-template.ts';
export { renderFormHtml } from './form-template.ts';
export { qrSvg, qrSvgDataUrl } from './qr.ts';
export { ChromiumPdfRenderer, type ChromiumPdfRendererOptions, type PdfPage, type PdfRenderer } from './pdf-renderer.ts';
export type { JobState, Media, Printer, PrinterState, PrinterStatus, SubmitError, SubmitOptions } from './printer.ts';
export { CupsPrinter, type CupsPrinterOptions } from './cups-printer.ts';
export { MemoryPrinter } from './memory-printer.ts';
export { DirectoryPrinter } from './directory-printer.ts';
export { createPrintService, receiptPreview, type PrintDocument, type PrintOutcome, type PrintResult, type PrintService, type PrintServiceDeps } from './print-service.ts';
