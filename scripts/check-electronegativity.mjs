#!/usr/bin/env node
// Runs electronegativity over electron/ and turns its verdict into an exit code, which the tool
// itself never does (it exits 0 on findings and on files it failed to parse).
//
//   node scripts/check-electronegativity.mjs [--input electron] [--exceptions docs/electronegativity.md]
//
// Fails (exit 1) on: any HIGH or MEDIUM finding not listed, with a reason, in the exceptions table
// of docs/electronegativity.md; any parse error or warning (a file it could not read is a file it
// did not check); an exceptions row without a reason; nothing scanned.
//
// Why the runner and not the CLI binary: the CLI is a thin wrapper around this same exported run()
// but, when asked to write a report file, it drops the parse errors entirely, and only its CSV
// carries severities (its SARIF maps everything to warning/note). run() returns both. The SARIF
// report is still written to a temp dir for CI to keep as an artefact.
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const { values: args } = parseArgs({
  options: {
    input: { type: 'string', default: 'electron' },
    exceptions: { type: 'string', default: 'docs/electronegativity.md' },
  },
});
const input = path.resolve(root, args.input);
const exceptionsFile = path.resolve(root, args.exceptions);

const BLOCKING = new Set(['HIGH', 'MEDIUM']);
// Downloads Electron's release list from GitHub on every run; we pin Electron and track its
// security releases through dependency updates instead.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

/**
 * Reads the "## Exceptions" table: | Check | File | Reason |. File is relative to the repo root, or
 * N/A for whole-application (global) checks. Returns rows and the rows that are malformed.
 */
function parseExceptions(markdown) {
  const rows = [];
  const invalid = [];
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Exceptions'));
  if (section === undefined) return { rows, invalid };
  for (const line of section.split('\n')) {
    if (!line.trim().startsWith('|')) continue;
    const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/^`|`$/g, ''));
    if (cells.every((c) => /^:?-{3,}:?$/.test(c)) || cells[0] === 'Check') continue;
    const [check = '', file = '', reason = ''] = cells;
    if (check === '' || file === '' || reason.length < 10) invalid.push(line.trim());
    else rows.push({ check, file, reason });
  }
  return { rows, invalid };
}

async function countScannableFiles(dir) {
  // Same selection as the tool's loader (js/jsx/ts/tsx/html outside node_modules), to catch a wrong
  // --input or a loader that silently found nothing.
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && !full.includes('node_modules') && /\.(jsx?|tsx?|html?)$/i.test(entry.name)) count += 1;
  }
  return count;
}

function installedElectronVersion() {
  try {
    return require('electron/package.json').version;
  } catch {
    return undefined; // the tool then reads package.json files inside the input, if any
  }
}

/** Keeps the run offline: the tool fetches translations on start (no switch for that). */
function stubNetworkClient(runnerPath) {
  try {
    const gotPath = createRequire(runnerPath).resolve('got');
    const stub = new Module(gotPath);
    stub.exports = () => Promise.reject(new Error('network disabled by check-electronegativity'));
    stub.loaded = true;
    require.cache[gotPath] = stub;
  } catch {
    // Layout changed: the tool falls back to its bundled English strings after a 1 s timeout.
  }
}

async function main() {
  const scanned = await countScannableFiles(input);
  const { rows: exceptions, invalid } = parseExceptions(await readFile(exceptionsFile, 'utf8'));

  const runnerPath = require.resolve('@doyensec/electronegativity');
  stubNetworkClient(runnerPath);
  const run = require(runnerPath);
  const outDir = await mkdtemp(path.join(tmpdir(), 'electronegativity-'));
  const report = path.join(outDir, 'electronegativity.sarif');
  const log = console.log;
  console.log = () => undefined; // its "could not retrieve translations" chatter
  let result;
  try {
    result = await run(
      {
        input,
        output: report,
        isSarif: true,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
        severitySet: undefined,
        confidenceSet: undefined,
        isRelative: false,
        isVerbose: true,
        electronUpgrade: undefined,
        electronVersionOverride: installedElectronVersion(),
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = log;
  }

  const findings = result.issues.map((issue) => ({
    check: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file === 'N/A' ? 'N/A' : path.relative(root, issue.file),
    line: issue.location?.line ?? 0,
    review: Boolean(issue.manualReview),
  }));
  const isExcepted = (f) => exceptions.some((e) => e.check === f.check && e.file === f.file);
  const blocking = findings.filter((f) => BLOCKING.has(f.severity));
  const unexplained = blocking.filter((f) => !isExcepted(f));
  const stale = exceptions.filter((e) => !findings.some((f) => f.check === e.check && f.file === e.file));

  for (const f of findings) {
    const tag = !BLOCKING.has(f.severity) ? 'info' : isExcepted(f) ? 'excepted' : 'UNEXPLAINED';
    console.log(`  [${tag}] ${f.check} ${f.severity}/${f.confidence} ${f.file}:${f.line}${f.review ? ' (review)' : ''}`);
  }
  for (const e of result.errors) {
    console.log(`  [PARSE ${e.tolerable ? 'WARNING' : 'ERROR'}] ${path.relative(root, e.file)}: ${e.message}`);
  }
  for (const line of invalid) console.log(`  [BAD EXCEPTION ROW] ${line} (needs check, file and a reason)`);
  for (const e of stale) console.log(`  [stale exception] ${e.check} ${e.file} no longer reported; remove the row`);

  const failed = unexplained.length > 0 || result.errors.length > 0 || invalid.length > 0 || scanned === 0;
  console.log(
    `electronegativity: ${scanned} files, ${findings.length} findings (${blocking.length} HIGH/MEDIUM, ` +
      `${blocking.length - unexplained.length} excepted, ${unexplained.length} unexplained), ` +
      `${result.errors.length} parse errors -> ${failed ? 'FAIL' : 'OK'}; report ${report}`,
  );
  // exitCode, not exit(): lets the tool's pending report write finish.
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(`electronegativity: could not run (${error instanceof Error ? error.message : String(error)}) -> FAIL`);
  process.exitCode = 1;
});
