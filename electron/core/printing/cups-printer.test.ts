import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CupsPrinter, jobStateFromIpp, mediaOption, parseRequestId, printerStatusFromIpp, type CommandResult } from './cups-printer.ts';
import { safeJobTitle } from './printer.ts';

const ippPrinter = (state: string, reasons: string, accepting = true): CommandResult => ({
  code: 0,
  stderr: '',
  stdout: [
    '"/usr/share/cups/ipptool/get-printer-attributes.test":',
    '    Get-Printer-Attributes:',
    '        printer-uri (uri) = ipp://localhost:631/printers/KIOSK_RECEIPT',
    '    Get printer attributes using get-printer-attributes                  [PASS]',
    `        printer-is-accepting-jobs (boolean) = ${accepting}`,
    `        printer-state (enum) = ${state}`,
    `        printer-state-reasons (keyword) = ${reasons}`,
  ].join('\n'),
});

describe('CUPS printer status from IPP', () => {
  it.each([
    [ippPrinter('idle', 'none'), { state: 'ready', detail: null }],
    [ippPrinter('processing', 'none'), { state: 'ready', detail: null }],
    [ippPrinter('stopped', 'paused'), { state: 'offline', detail: 'paused' }],
    [ippPrinter('idle', 'none', false), { state: 'offline', detail: 'not-accepting-jobs' }],
    [ippPrinter('idle', 'offline-report'), { state: 'offline', detail: 'offline-report' }],
    [ippPrinter('idle', 'media-empty-error'), { state: 'out_of_paper', detail: 'media-empty-error' }],
    [ippPrinter('stopped', 'paused,media-needed-warning'), { state: 'out_of_paper', detail: 'media-needed-warning' }],
    [ippPrinter('idle', 'cover-open-error'), { state: 'error', detail: 'cover-open-error' }],
    [{ code: 1, stdout: '', stderr: 'ipptool: Unable to connect to "localhost" on port 631 - Connection refused' }, { state: 'error', detail: 'scheduler-unreachable' }],
    [{ code: 0, stdout: '        status-code = client-error-not-found (The printer or class does not exist.)', stderr: '' }, { state: 'missing', detail: 'queue-not-found' }],
  ])('%#', (result, expected) => {
    expect(printerStatusFromIpp(result)).toEqual(expected);
  });
});

describe('CUPS job tracking', () => {
  it('reads the job id from lp', () => {
    expect(parseRequestId('request id is KIOSK_RECEIPT-12 (1 file(s))\n')).toBe('KIOSK_RECEIPT-12');
    expect(parseRequestId('')).toBeNull();
  });

  it.each([
    ['pending', 'pending'],
    ['pending-held', 'pending'],
    ['processing', 'processing'],
    ['completed', 'completed'],
    ['canceled', 'failed'],
    ['aborted', 'failed'],
  ])('job-state %s is %s', (ipp, expected) => {
    expect(jobStateFromIpp({ code: 0, stderr: '', stdout: `        job-state (enum) = ${ipp}\n` })).toBe(expected);
  });

  it('does not know jobs of other queues or jobs CUPS has forgotten', async () => {
    const printer = new CupsPrinter({ queue: 'KIOSK_A4', run: async () => ({ code: 1, stdout: '        status-message (textWithoutLanguage) = Job #9 does not exist.', stderr: '' }) });
    expect(await printer.jobState('KIOSK_RECEIPT-9')).toBe('unknown');
    expect(await printer.jobState('KIOSK_A4-9')).toBe('unknown');
  });
});

describe('CUPS submit', () => {
  const recording = (result: Omit<CommandResult, 'code'> & { code?: number }) => {
    const calls: { cmd: string; args: readonly string[]; fileExisted: boolean; fileBytes: string }[] = [];
    const printer = new CupsPrinter({
      queue: 'KIOSK_RECEIPT',
      run: async (cmd, args) => {
        const file = args[args.length - 1]!;
        calls.push({ cmd, args, fileExisted: existsSync(file), fileBytes: existsSync(file) ? readFileSync(file, 'latin1') : '' });
        return { code: 0, ...result };
      },
    });
    return { printer, calls };
  };

  it('spools with lp as an argument list, a neutral title and the measured receipt height, then deletes the temp file', async () => {
    const { printer, calls } = recording({ stdout: 'request id is KIOSK_RECEIPT-7 (1 file(s))\n', stderr: '' });
    const result = await printer.submit(new TextEncoder().encode('%PDF-1.4 test'), { title: '张三的回执', media: 'receipt', heightMm: 148.2 });
    expect(result).toEqual({ ok: true, value: { jobId: 'KIOSK_RECEIPT-7' } });
    const call = calls[0]!;
    expect(call.cmd).toBe('lp');
    expect(call.args.slice(0, 7)).toEqual(['-d', 'KIOSK_RECEIPT', '-t', 'document', '-o', 'media=Custom.80x149mm', '--']);
    expect(call.fileExisted).toBe(true);
    expect(call.fileBytes).toBe('%PDF-1.4 test');
    expect(call.args.at(-1)).not.toMatch(/张三/);
    expect(existsSync(call.args.at(-1)!)).toBe(false);
  });

  it.each([
    ['lp: Destination "KIOSK_RECEIPT" is not accepting jobs.', 'printer_offline'],
    ['lp: Error - The printer or class does not exist.', 'printer_offline'],
    ['lp: Error - Scheduler is not running.', 'printer_offline'],
    ['lp: Error - No space left on device', 'spool_failed'],
  ])('maps "%s" to %s and still deletes the temp file', async (stderr, code) => {
    const { printer, calls } = recording({ code: 1, stdout: '', stderr });
    expect(await printer.submit(new Uint8Array([1]), { title: 'receipt', media: 'receipt', heightMm: 100 })).toEqual({ ok: false, error: { code } });
    expect(existsSync(calls[0]!.args.at(-1)!)).toBe(false);
  });

  it('rejects queue names that could smuggle options', () => {
    expect(() => new CupsPrinter({ queue: '-o evil' })).toThrow(TypeError);
  });

  it('asks A4 for A4 and gives a receipt without a height a full page', () => {
    expect(mediaOption({ title: 'form', media: 'a4' })).toBe('A4');
    expect(mediaOption({ title: 'receipt', media: 'receipt' })).toBe('Custom.80x297mm');
  });

  it('lets only document kinds through as job titles', () => {
    expect(safeJobTitle('receipt')).toBe('receipt');
    expect(safeJobTitle('form')).toBe('form');
    expect(safeJobTitle('zhang san')).toBe('document');
    expect(safeJobTitle('张三 110101199001011234')).toBe('document');
  });
});
