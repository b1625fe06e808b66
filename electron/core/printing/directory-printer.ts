import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../domain/result.ts';
import { safeJobTitle, type JobState, type Printer, type PrinterStatus, type SubmitError, type SubmitOptions } from './printer.ts';

/**
 * The printer simulator for `npm start` on a machine without CUPS: every job becomes a PDF file in
 * a directory (named by sequence, media and the fixed job title, never by content), and is
 * complete as soon as it is written.
 */
export class DirectoryPrinter implements Printer {
  private readonly written = new Set<string>();
  private sequence = 0;

  constructor(private readonly options: { dir: string; name?: string }) {}

  get dir(): string {
    return this.options.dir;
  }

  async status(): Promise<PrinterStatus> {
    try {
      await mkdir(this.options.dir, { recursive: true });
      await access(this.options.dir, constants.W_OK);
      return { state: 'ready', detail: null };
    } catch {
      return { state: 'error', detail: 'directory-not-writable' };
    }
  }

  async submit(pdf: Uint8Array, opts: SubmitOptions): Promise<Result<{ jobId: string }, SubmitError>> {
    this.sequence += 1;
    const jobId = `${this.options.name ?? 'DIR'}-${this.sequence}`;
    const size = opts.media === 'a4' ? 'a4' : `80x${Math.ceil(opts.heightMm ?? 0)}mm`;
    const file = join(this.options.dir, `${Date.now()}-${jobId}-${safeJobTitle(opts.title)}-${size}.pdf`);
    try {
      await mkdir(this.options.dir, { recursive: true });
      await writeFile(file, pdf, { mode: 0o600 });
    } catch {
      return err({ code: 'spool_failed' });
    }
    this.written.add(jobId);
    return ok({ jobId });
  }

  async jobState(jobId: string): Promise<JobState> {
    return this.written.has(jobId) ? 'completed' : 'unknown';
  }
}
