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
   * application number. Printers replace anything else with 'document' (safeJobTitle).
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

/** The only job titles a spooler ever sees: document kinds, never content. */
export const JOB_TITLES = ['receipt', 'form', 'pledge', 'slip', 'tip', 'test-receipt', 'test-a4', 'document'] as const;

/**
 * Reduces a job title to one of JOB_TITLES ('document' for anything else), so no name, number or
 * other personal text can reach the spooler's logs, even by a caller's mistake.
 */
export const safeJobTitle = (title: string): string => (JOB_TITLES as readonly string[]).includes(title) ? title : 'document';
