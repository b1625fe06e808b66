import { err, ok, type Result } from '../../../domain/result.ts';
import type { JobState, Printer, PrinterStatus, SubmitError, SubmitOptions } from './printer.ts';

export interface MemoryJob {
  jobId: string;
  pdf: Uint8Array;
  opts: SubmitOptions;
}

/**
 * A printer in memory for unit tests. It can be told to fail each way a real one does: a status
 * other than ready, a refused submit, or jobs that end failed or never finish.
 */
export class MemoryPrinter implements Printer {
  readonly jobs: MemoryJob[] = [];
  private current: PrinterStatus = { state: 'ready', detail: null };
  private submitFailure: SubmitError['code'] | null = null;
  private jobsEndAs: JobState = 'completed';
  private sequence = 0;

  constructor(private readonly name = 'MEMORY') {}

  setStatus(state: PrinterStatus['state'], detail: string | null = null): void {
    this.current = { state, detail };
  }

  /** Every later submit fails with this code (null: submits succeed again). */
  failSubmits(code: SubmitError['code'] | null): void {
    this.submitFailure = code;
  }

  /** The state every job reports ('pending' = the job never finishes). */
  setJobOutcome(state: JobState): void {
    this.jobsEndAs = state;
  }

  async status(): Promise<PrinterStatus> {
    return { ...this.current };
  }

  async submit(pdf: Uint8Array, opts: SubmitOptions): Promise<Result<{ jobId: string }, SubmitError>> {
    if (this.submitFailure) return err({ code: this.submitFailure });
    this.sequence += 1;
    const jobId = `${this.name}-${this.sequence}`;
    this.jobs.push({ jobId, pdf, opts: { ...opts } });
    return ok({ jobId });
  }

  async jobState(jobId: string): Promise<JobState> {
    return this.jobs.some((job) => job.jobId === jobId) ? this.jobsEndAs : 'unknown';
  }
}
