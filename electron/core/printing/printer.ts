import type { Result } from '../../../domain/result.ts';

export type PrinterState = 'ready' | 'offline' | 'out_of_paper' | 'error' | 'missing';

/** `detail` is a machine reason (e.g. 'media-empty-error'), never document content. */
export interface PrinterStatus {
  state: PrinterState;
  detail: string | null;
}

export type Media = 'receipt' | 'a4';

export interface SubmitOptions {
  /**
   * CUPS logs job titles, so titles are fixed words such as 'receipt' or 'form', never a name or an
   * application number. Printers reduce anything else to a safe token.
   */
  title: string;
  media: Media;
  /** The receipt's page height (the renderer measured the content); thermal printers cut there. */
  heightMm?: number;
}

export type SubmitError = { code: 'printer_offline' | 'spool_failed' };

export type JobState = 'pending' | 'processing' | 'completed' | 'failed' | 'unknown';

export interface Printer {
  status(): Promise<PrinterStatus>;
  submit(pdf: Uint8Array, opts: SubmitOptions): Promise<Result<{ jobId: string }, SubmitError>>;
  jobState(jobId: string): Promise<JobState>;
}

/** Keeps job titles to a short lowercase token, so no personal text can reach the spooler's logs. */
export const safeJobTitle = (title: string): string => {
  const token = title.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 32);
  return token === '' ? 'document' : token;
};
