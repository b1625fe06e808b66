import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../domain/result.ts';
import { safeJobTitle, type JobState, type Printer, type PrinterStatus, type SubmitError, type SubmitOptions } from './printer.ts';

/**
 * A CUPS queue driven through its command-line clients: `lp` to spool, `ipptool` (cups-ipp-utils,
 * a dependency of Debian's cups) to read printer and job state, because `lpstat` cannot tell a
 * completed job from a cancelled one and hides the printer's state reasons (media-empty...).
 * Commands run with execFile and argument arrays, never a shell string.
 *
 * Privacy: job titles are fixed words (safeJobTitle), and the temporary PDF is deleted as soon as
 * `lp` returns (lp has then streamed it to the scheduler). Kiosks set `PreserveJobFiles No` in
 * cupsd.conf so CUPS deletes its own spooled copy when the job completes (scripts/setup-cups.mjs
 * does the same for tests and `npm start`).
 */
export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}
export type RunCommand = (cmd: string, args: readonly string[]) => Promise<CommandResult>;

export const runCommand: RunCommand = (cmd, args) =>
  new Promise((resolve) => {
    execFile(cmd, [...args], { encoding: 'utf8', timeout: 15_000, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 127) : 0;
      resolve({ code, stdout, stderr });
    });
  });

export interface CupsPrinterOptions {
  queue: string;
  /** The scheduler's IPP address, for ipptool. */
  server?: string;
  run?: RunCommand;
}

// Reasons a printer reports when it has no paper; with them a queue is 'out_of_paper' even if idle.
const PAPER_REASONS = /^(media-empty|media-needed|media-jam|input-tray-missing)/;
const OFFLINE_REASONS = /^(offline|paused|shutdown|connecting-to-device|timed-out)/;

/** Reads "name (type) = value" lines from `ipptool -tv` output. */
export const parseIppAttributes = (output: string): Map<string, string> => {
  const attributes = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^\s+([a-z0-9-]+) \([^)]*\) = (.*)$/.exec(line);
    if (match && !attributes.has(match[1]!)) attributes.set(match[1]!, match[2]!.trim());
  }
  return attributes;
};

/** Printer state from Get-Printer-Attributes (or from its failure). */
export const printerStatusFromIpp = (result: CommandResult): PrinterStatus => {
  const text = `${result.stdout}\n${result.stderr}`;
  if (/client-error-not-found/.test(text)) return { state: 'missing', detail: 'queue-not-found' };
  if (/Unable to connect|Connection refused|No such file/i.test(text)) return { state: 'error', detail: 'scheduler-unreachable' };
  const attributes = parseIppAttributes(result.stdout);
  const state = attributes.get('printer-state');
  if (!state) return { state: 'error', detail: 'no-printer-state' };
  const reasons = (attributes.get('printer-state-reasons') ?? 'none').split(',').map((reason) => reason.trim()).filter((reason) => reason !== 'none');
  const paper = reasons.find((reason) => PAPER_REASONS.test(reason));
  if (paper) return { state: 'out_of_paper', detail: paper };
  if (state === 'stopped') return { state: 'offline', detail: reasons[0] ?? 'stopped' };
  if (attributes.get('printer-is-accepting-jobs') === 'false') return { state: 'offline', detail: 'not-accepting-jobs' };
  const offline = reasons.find((reason) => OFFLINE_REASONS.test(reason));
  if (offline) return { state: 'offline', detail: offline };
  const fault = reasons.find((reason) => reason.endsWith('-error'));
  if (fault) return { state: 'error', detail: fault };
  return { state: 'ready', detail: null };
};

/** "request id is KIOSK_RECEIPT-12 (1 file(s))" -> "KIOSK_RECEIPT-12". */
export const parseRequestId = (stdout: string): string | null => /request id is (\S+-\d+) \(/.exec(stdout)?.[1] ?? null;

/** Job state from Get-Job-Attributes. */
export const jobStateFromIpp = (result: CommandResult): JobState => {
  switch (parseIppAttributes(result.stdout).get('job-state')) {
    case 'pending':
    case 'pending-held':
      return 'pending';
    case 'processing':
    case 'processing-stopped':
      return 'processing';
    case 'completed':
      return 'completed';
    case 'canceled':
    case 'aborted':
      return 'failed';
    default:
      return 'unknown';
  }
};

/** lp's refusals that mean "this printer cannot take a job now" rather than a broken spool. */
const OFFLINE_SUBMIT = /not accepting jobs|does not exist|Unable to connect|Scheduler is not running|Connection refused/i;

export const mediaOption = (opts: SubmitOptions): string =>
  opts.media === 'a4' ? 'A4' : `Custom.80x${Math.max(20, Math.ceil(opts.heightMm ?? 297))}mm`;

export class CupsPrinter implements Printer {
  private readonly queue: string;
  private readonly server: string;
  private readonly run: RunCommand;

  constructor(options: CupsPrinterOptions) {
    if (!/^[A-Za-z0-9_-]+$/.test(options.queue)) throw new TypeError('invalid CUPS queue name');
    this.queue = options.queue;
    this.server = options.server ?? 'ipp://localhost:631';
    this.run = options.run ?? runCommand;
  }

  async status(): Promise<PrinterStatus> {
    const result = await this.run('ipptool', ['-tv', `${this.server}/printers/${this.queue}`, 'get-printer-attributes.test']);
    if (result.code === 127 && result.stdout === '') return { state: 'error', detail: 'ipptool-missing' };
    return printerStatusFromIpp(result);
  }

  async submit(pdf: Uint8Array, opts: SubmitOptions): Promise<Result<{ jobId: string }, SubmitError>> {
    const dir = await mkdtemp(join(tmpdir(), 'kiosk-print-'));
    const file = join(dir, `${safeJobTitle(opts.title)}.pdf`);
    try {
      await writeFile(file, pdf, { mode: 0o600 });
      const args = ['-d', this.queue, '-t', safeJobTitle(opts.title), '-o', `media=${mediaOption(opts)}`, '--', file];
      const result = await this.run('lp', args);
      if (result.code !== 0) return err({ code: OFFLINE_SUBMIT.test(result.stderr + result.stdout) ? 'printer_offline' : 'spool_failed' });
      const jobId = parseRequestId(result.stdout);
      return jobId === null ? err({ code: 'spool_failed' }) : ok({ jobId });
    } finally {
      // The PDF holds the applicant's data; lp has streamed it to the scheduler by now.
      await rm(dir, { recursive: true, force: true });
    }
  }

  async jobState(jobId: string): Promise<JobState> {
    const number = /^(.+)-(\d+)$/.exec(jobId);
    if (!number || number[1] !== this.queue) return 'unknown';
    const result = await this.run('ipptool', ['-tv', `${this.server}/jobs/${number[2]}`, 'get-job-attributes.test']);
    return jobStateFromIpp(result);
  }
}
