#!/usr/bin/env node
// Sets up CUPS for the printing tests and for `npm start`: two cups-pdf queues standing in for the
// kiosk's printers (KIOSK_RECEIPT, the 80 mm thermal printer; KIOSK_A4, the A4 laser printer).
// Idempotent and fast when already done (a few lpstat calls). Needs root for the first run.
//
//   node scripts/setup-cups.mjs                 install what is missing (apt), start cupsd, make the queues
//   node scripts/setup-cups.mjs --no-install    the same, but never apt-get (npm start on a machine with CUPS)
//   node scripts/setup-cups.mjs disable QUEUE   put a queue offline (fault tests); `enable QUEUE` brings it back
//
// Plain Node without dependencies: it runs before `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';

export const QUEUES = ['KIOSK_RECEIPT', 'KIOSK_A4'];
/** Where cups-pdf writes its PDFs; tests/support/cups.ts reads the same directory. */
export const CUPS_PDF_OUT_DIR = '/var/spool/cups-pdf/kiosk';

const PACKAGES = { cups: '/usr/sbin/cupsd', 'printer-driver-cups-pdf': '/usr/lib/cups/backend/cups-pdf', 'poppler-utils': '/usr/bin/pdfinfo', 'cups-ipp-utils': '/usr/bin/ipptool' };
const CUPS_PDF_CONF = '/etc/cups/cups-pdf.conf';
const CUPSD_CONF = '/etc/cups/cupsd.conf';
const PPD = 'lsb/usr/cups-pdf/CUPS-PDF_opt.ppd';

const log = (line) => process.stdout.write(`[cups] ${line}\n`);
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts });

function ensurePackages(allowInstall) {
  const missing = Object.keys(PACKAGES).filter((name) => !existsSync(PACKAGES[name]));
  if (missing.length === 0) return true;
  if (!allowInstall || process.getuid?.() !== 0) {
    log(`missing: ${missing.join(' ')} (install with: sudo apt-get install -y ${missing.join(' ')})`);
    return false;
  }
  log(`installing ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const inherit = { stdio: 'inherit', env };
  if (sh('apt-get', ['update', '-qq'], inherit).status !== 0) return false;
  return sh('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], inherit).status === 0;
}

/** Sets `key value` in a CUPS-style config file; returns whether the file changed. */
function setDirective(file, key, value) {
  const text = readFileSync(file, 'utf8');
  const line = `${key} ${value}`;
  const pattern = new RegExp(`^#?\\s*${key}\\s.*$`, 'm');
  const activePattern = new RegExp(`^${key}\\s.*$`, 'm');
  const active = activePattern.exec(text);
  if (active?.[0] === line) return false;
  const next = active ? text.replace(activePattern, line) : pattern.test(text) ? text.replace(pattern, line) : `${text.trimEnd()}\n${line}\n`;
  writeFileSync(file, next);
  return true;
}

const schedulerRunning = () => sh('lpstat', ['-r']).stdout?.includes('scheduler is running') ?? false;

function waitForScheduler(timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (schedulerRunning()) return true;
    sh('sleep', ['0.1']);
  }
  return false;
}

function configure() {
  // cups-pdf: one fixed output directory for every user (tests and the simulator look there), job
  // ids in the file names ("job_12-receipt.pdf"), files readable by the test user.
  mkdirSync(CUPS_PDF_OUT_DIR, { recursive: true });
  chmodSync(CUPS_PDF_OUT_DIR, 0o1777);
  setDirective(CUPS_PDF_CONF, 'Out', CUPS_PDF_OUT_DIR);
  setDirective(CUPS_PDF_CONF, 'Label', '1');
  setDirective(CUPS_PDF_CONF, 'UserUMask', '0022');
  // Privacy: the spooled copy of a printed application must not outlive the job. Kiosks set the
  // same (electron/core/printing/README.md). A change needs the scheduler to re-read its config.
  return setDirective(CUPSD_CONF, 'PreserveJobFiles', 'No');
}

function ensureScheduler(configChanged) {
  if (schedulerRunning()) {
    if (!configChanged) return true;
    // cupsctl rewrites cupsd.conf and restarts the scheduler in place (no systemd in containers).
    sh('cupsctl', ['PreserveJobFiles=No']);
    return waitForScheduler(10_000);
  }
  mkdirSync('/run/cups', { recursive: true });
  log('starting cupsd');
  // Without -f cupsd daemonises itself; there is no systemd in containers.
  if (sh('/usr/sbin/cupsd', []).status !== 0) return false;
  return waitForScheduler(10_000);
}

function ensureQueue(queue) {
  const exists = sh('lpstat', ['-v', queue]).status === 0;
  if (!exists) {
    log(`creating queue ${queue}`);
    const made = sh('lpadmin', ['-p', queue, '-E', '-v', 'cups-pdf:/', '-m', PPD, '-o', 'printer-error-policy=abort-job']);
    if (made.status !== 0) {
      log(`lpadmin failed: ${made.stderr.trim()}`);
      return false;
    }
  }
  return setQueueEnabled(queue, true);
}

/** Puts a queue offline (stopped, rejecting) or back online, like a technician would. */
export function setQueueEnabled(queue, enabled) {
  const steps = enabled ? [['cupsenable', [queue]], ['cupsaccept', [queue]]] : [['cupsdisable', ['-r', 'offline', queue]], ['cupsreject', [queue]]];
  return steps.every(([cmd, args]) => sh(cmd, args).status === 0);
}

export function setupCups({ allowInstall = true } = {}) {
  if (!ensurePackages(allowInstall)) return false;
  if (process.getuid?.() !== 0) {
    // Without root only check: the queues may have been made earlier by root.
    const ready = schedulerRunning() && QUEUES.every((q) => sh('lpstat', ['-v', q]).status === 0);
    if (!ready) log('CUPS is not set up; run as root: node scripts/setup-cups.mjs');
    return ready;
  }
  const changed = configure();
  if (!ensureScheduler(changed)) {
    log('cupsd did not start; see /var/log/cups/error_log');
    return false;
  }
  return QUEUES.every(ensureQueue);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [command, queue] = process.argv.slice(2);
  if (command === 'disable' || command === 'enable') {
    process.exit(queue && setQueueEnabled(queue, command === 'enable') ? 0 : 1);
  }
  process.exit(setupCups({ allowInstall: command !== '--no-install' }) ? 0 : 1);
}
