#!/usr/bin/env node
// The project's two commands (`npm start`, `npm test`) and their helpers. Plain Node with no
// dependencies, because its first job on a fresh machine is to install them.
//
//   node scripts/run.mjs start      bootstrap, start the core with simulated devices, open the kiosk
//   node scripts/run.mjs test       bootstrap, lint, typecheck, electronegativity, unit, integration, e2e
//   node scripts/run.mjs build      renderer (Vite) + core and shell bundles (esbuild) into dist/
//   node scripts/run.mjs bench      the benchmarks under tests/bench
//   node scripts/run.mjs lint | typecheck
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePostgresTestCluster } from './postgres-test.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const log = (line) => process.stdout.write(`${line}\n`);

/** Debian packages the tests need, with a file that proves each one is installed. */
const SYSTEM_PACKAGES = {
  chromium: '/usr/bin/chromium',
  socat: '/usr/bin/socat',
  'fonts-noto-cjk': '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  // Makes the fake-camera clips (.y4m / .mjpeg) the face-check tests feed to Chromium.
  ffmpeg: '/usr/bin/ffmpeg',
  // Offline Mandarin voice (cmn-latn-pinyin): the core renders spoken prompts as WAV.
  'espeak-ng': '/usr/bin/espeak-ng',
  // Printing tests: CUPS with cups-pdf queues (scripts/setup-cups.mjs), poppler to check the PDFs.
  cups: '/usr/sbin/cupsd',
  'printer-driver-cups-pdf': '/usr/lib/cups/backend/cups-pdf',
  'poppler-utils': '/usr/bin/pdfinfo',
  'cups-ipp-utils': '/usr/bin/ipptool',
  // Video consultation tests that force the TURN relay path (tests/support/turn-server.ts).
  coturn: '/usr/bin/turnserver',
  // The centre's suites and benchmarks run on PostgreSQL too (scripts/postgres-test.mjs); pg_ctlcluster
  // comes with the server packages only (postgresql-common), not with the client.
  postgresql: '/usr/bin/pg_ctlcluster',
};

function run(cmd, args, opts = {}) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return result.status ?? 1;
}

function ensureSystemPackages(names) {
  const missing = names.filter((name) => !existsSync(SYSTEM_PACKAGES[name]));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    log(`Missing system packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
    process.exit(1);
  }
  log(`Installing system packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (run('apt-get', ['update', '-qq'], { env }) !== 0 || run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env }) !== 0) {
    log('apt-get failed; see above.');
    process.exit(1);
  }
}

/** `npm install` only when package.json or the lock file changed since the last install. */
function ensureNodeModules() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    if (existsSync(join(root, file))) hash.update(readFileSync(join(root, file)));
  }
  const digest = hash.digest('hex');
  const stamp = join(root, 'node_modules', '.install-stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log('Installing npm dependencies (native modules compile from source; the first time takes a few minutes)...');
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) process.exit(1);
  writeFileSync(stamp, digest);
}

function newestMtime(dir, skip = ['node_modules']) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full, skip) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds the renderer when any of its sources (or the shared contract) is newer than the build. */
function ensureRendererBuild() {
  // Face models and tfjs wasm are copied from node_modules (checksummed) into renderer/public/face.
  const copyModels = join(root, 'scripts', 'copy-face-models.mjs');
  if (existsSync(copyModels) && run(process.execPath, [copyModels]) !== 0) return 1;
  const out = join(root, 'dist', 'renderer', 'index.html');
  const sources = Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'domain')), newestMtime(join(root, 'electron', 'core', 'api')));
  if (existsSync(out) && statSync(out).mtimeMs >= sources) return 0;
  log('Building the kiosk renderer...');
  return run(bin('vite'), ['build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']);
}

/** Rebuilds the centre's staff console when its sources (or the shared contract and rule packs) changed. */
function ensureConsoleBuild() {
  const out = join(root, 'center', 'console', 'dist', 'index.html');
  const sources = Math.max(
    newestMtime(join(root, 'center', 'console'), ['node_modules', 'dist']),
    newestMtime(join(root, 'domain')),
    newestMtime(join(root, 'resources', 'legal-aid')),
  );
  if (existsSync(out) && statSync(out).mtimeMs >= sources) return 0;
  log('Building the centre console...');
  return run(bin('vite'), ['build', '--config', 'center/console/vite.config.ts', '--logLevel', 'warn']);
}

function buildAll() {
  let status = ensureRendererBuild();
  status ||= ensureConsoleBuild();
  status ||= run(process.execPath, ['scripts/build-core.mjs']);
  if (existsSync(join(root, 'scripts', 'build-shell.mjs'))) status ||= run(process.execPath, ['scripts/build-shell.mjs']);
  return status;
}

const electronBinary = () => {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
};

/** Starts the core under Node with TypeScript loaded by tsx; resolves with its API base once ready. */
function startCore(env) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'electron/core/start.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveReady, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.startsWith('KIOSK_CORE_READY ')) resolveReady({ child, ...JSON.parse(line.slice(17)) });
      }
    });
    child.on('exit', (code) => reject(new Error(`core exited with code ${code}`)));
  });
}

/**
 * The development centre's administrator password: made once (random), kept in .data (mode 0600)
 * so the same `admin` account works across restarts. Development only: a real centre's first
 * password comes from its operator (CENTRE_ADMIN_PASSWORD) or is printed once by the centre.
 */
function devAdminPassword() {
  return devPassword('centre-admin-password').password;
}

/** A dev password kept in `.data/<name>` (0600); `created` when it was made just now. */
function devPassword(name) {
  const file = join(root, '.data', name);
  const created = !existsSync(file);
  if (created) {
    mkdirSync(join(root, '.data'), { recursive: true });
    writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return { password: readFileSync(file, 'utf8').trim(), created };
}

/**
 * Demo convenience: a lawyer account `lawyer` (password in `.data/centre-lawyer-password`) with a
 * dispatch profile covering the simulator kiosk's region and every matter, made through the console
 * API as admin (domain/centre/console-api.ts, domain/consult/protocol.ts), so a video consultation
 * from the kiosk rings somewhere. A profile an administrator has set already is left alone.
 */
async function seedDemoLawyer(centreUrl, adminPassword) {
  const csrf = { 'x-centre-console': '1', 'content-type': 'application/json' };
  const call = async (method, path, body, cookie) => {
    const response = await fetch(`${centreUrl}${path}`, { method, headers: { ...csrf, ...(cookie ? { cookie } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return { json: await response.json(), response };
  };
  try {
    const signedIn = await call('POST', '/api/console/login', { username: 'admin', password: adminPassword });
    const cookie = signedIn.response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const { password, created } = devPassword('centre-lawyer-password');
    let account = (await call('GET', '/api/console/accounts', undefined, cookie)).json.find((a) => a.username === 'lawyer');
    if (account && account.role !== 'lawyer') throw new Error('the account "lawyer" is not a lawyer');
    if (account && created) {
      log('Lawyer: the account "lawyer" exists but its password is not in .data/centre-lawyer-password (reset the centre data to recreate it).');
      return;
    }
    if (!account) {
      const made = await call('POST', '/api/console/accounts', { username: 'lawyer', displayName: '演示律师', role: 'lawyer', password }, cookie);
      account = made.json;
    }
    const current = (await call('GET', `/api/console/lawyer-profiles/${account.id}`, undefined, cookie)).json;
    if (current.profile === null) {
      const profile = {
        displayName: '演示律师',
        organisation: '演示律师事务所',
        regionCodes: [process.env.KIOSK_REGION_CODE ?? '440106'],
        matterCategories: ['labour', 'family', 'support', 'injury', 'consumer', 'property', 'other'],
        languages: ['zh'],
      };
      await call('PUT', `/api/console/lawyer-profiles/${account.id}`, profile, cookie);
    }
    log(`Lawyer: ${centreUrl}/console/ (sign in as lawyer / ${password})`);
  } catch (error) {
    log(`Could not set up the demo lawyer: ${error.message}`);
  }
}

/** Starts the legal-aid centre (API and staff console); resolves with its base URL. */
function startCentre(adminPassword) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'center/server/start.ts'], {
    cwd: root,
    env: { ...process.env, CENTRE_ADMIN_PASSWORD: adminPassword, CENTRE_DATA_DIR: process.env.CENTRE_DATA_DIR ?? join(root, '.data', 'centre') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveReady, reject) => {
    let buffer = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffer += chunk;
      const match = /CENTRE_READY (\{.*\})\n/.exec(buffer);
      if (match) resolveReady({ child, ...JSON.parse(match[1]) });
    });
    child.on('exit', (code) => reject(new Error(`centre exited with code ${code}`)));
  });
}

/**
 * Simulator convenience: a kiosk that is not yet enrolled is enrolled with the local centre the way a
 * technician would (a one-time code from the centre, typed into the technician page), so uploads run.
 */
async function enrolSimulatorKiosk(apiBase, secret, centreUrl, adminPassword, dataDir) {
  if (existsSync(join(dataDir, 'keys', 'kiosk-id')) || process.env.KIOSK_IDCARD_PORT) return;
  const post = async (url, body, headers) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = await response.json();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    return { json, response };
  };
  try {
    // The console's API (domain/centre/console-api.ts: CONSOLE_API, CSRF_HEADER), signed in as admin.
    const csrf = { 'x-centre-console': '1' };
    const signedIn = await post(`${centreUrl}/api/console/login`, { username: 'admin', password: adminPassword }, csrf);
    const cookie = signedIn.response.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const {
      json: { code },
    } = await post(`${centreUrl}/api/console/enrolment-codes`, {}, { ...csrf, cookie });
    const kioskApi = { authorization: `Bearer ${secret}` };
    const {
      json: {
        value: { token },
      },
    } = await post(`${apiBase}/api/cmd/technician.unlock`, { pin: '2468' }, kioskApi);
    await post(`${apiBase}/api/cmd/technician.enrol`, { token, centreUrl, code }, kioskApi);
    await post(`${apiBase}/api/cmd/technician.lock`, { token }, kioskApi);
    log('Kiosk enrolled with the local centre (simulator).');
  } catch (error) {
    log(`Could not enrol the kiosk with the local centre: ${error.message}`);
  }
}

async function start() {
  ensureSystemPackages(['socat']);
  ensureNodeModules();
  // Printers: the cups-pdf queues when CUPS is here, else PDFs written into the data directory.
  const cups = existsSync(SYSTEM_PACKAGES.cups) && run(process.execPath, ['scripts/setup-cups.mjs', '--no-install']) === 0;
  if (ensureRendererBuild() !== 0 || ensureConsoleBuild() !== 0) process.exit(1);

  const secret = randomBytes(32).toString('hex');
  const dataDir = resolve(process.env.KIOSK_DATA_DIR ?? join(root, '.data', 'kiosk'));
  // The centre first: the kiosk uploads to it once enrolled.
  const centreAdminPassword = devAdminPassword();
  const centre = await startCentre(centreAdminPassword);
  log(`Centre: ${centre.baseUrl}`);
  log(`Console: ${centre.baseUrl}/console/  (sign in as admin / ${centreAdminPassword})`);
  await seedDemoLawyer(centre.baseUrl, centreAdminPassword);
  mkdirSync(dataDir, { recursive: true });
  const env = {
    KIOSK_API_SECRET: secret,
    KIOSK_API_PORT: process.env.KIOSK_API_PORT ?? '8730',
    KIOSK_DATA_DIR: dataDir,
    KIOSK_RENDERER_DIR: join(root, 'dist', 'renderer'),
    KIOSK_PRINTING: process.env.KIOSK_PRINTING ?? (cups ? 'cups' : 'directory'),
  };
  const display = (process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && process.env.KIOSK_NO_WINDOW !== '1';
  const announce = (apiBase) => {
    // The secret travels in the fragment: never sent to a server, and the page removes it at once.
    log(`Kiosk: ${apiBase}/#k=${secret}`);
    log(`Data: ${dataDir}`);
    log(env.KIOSK_PRINTING === 'cups' ? 'Printers: CUPS queues KIOSK_RECEIPT and KIOSK_A4 (cups-pdf writes the pages to /var/spool/cups-pdf/kiosk)' : `Printers: none; printed pages are PDFs in ${join(dataDir, 'printed')}`);
    log(process.env.KIOSK_IDCARD_PORT ? `ID-card reader: ${process.env.KIOSK_IDCARD_PORT}` : 'ID-card reader: simulator (dev dock at the bottom left of the kiosk; technician PIN 2468)');
  };

  const electron = display && process.env.KIOSK_BROWSER !== '1' ? electronBinary() : null;
  if (electron) {
    // Electron exists here: the real shell runs the core itself (supervised, app:// window).
    if (buildAll() !== 0) process.exit(1);
    log('Starting the Electron kiosk shell...');
    const shell = spawn(electron, ['.'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    shell.stdout.setEncoding('utf8').on('data', (chunk) => {
      buffer += chunk;
      const match = /KIOSK_CORE_READY (\{.*\})/.exec(buffer);
      if (match) {
        announce(JSON.parse(match[1]).apiBase);
        buffer = '';
      }
    });
    const stop = () => {
      centre.child.kill('SIGTERM');
      shell.kill('SIGTERM');
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    shell.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  // Browser kiosk mode: this launcher supervises the core, restarting it on the same port with
  // the same secret, so an open kiosk page reconnects by itself after a crash.
  let stopping = false;
  let crashes = [];
  let current = null;
  let first = true;
  const launch = async () => {
    const { child, apiBase } = await startCore(env);
    current = child;
    if (first) {
      first = false;
      announce(apiBase);
      await enrolSimulatorKiosk(apiBase, secret, centre.baseUrl, centreAdminPassword, dataDir);
      openBrowserWindow(`${apiBase}/#k=${secret}`, dataDir, display);
    } else {
      log('Core restarted.');
    }
    child.on('exit', (code, signal) => {
      if (stopping) process.exit(0);
      const now = Date.now();
      crashes = [...crashes.filter((t) => now - t < 60_000), now];
      if (code === 2 || crashes.length > 5) {
        log(code === 2 ? 'Core refused its configuration; see the log above.' : 'Core keeps crashing; giving up.');
        process.exit(1);
      }
      log(`Core exited (${signal ?? code}); restarting...`);
      setTimeout(() => launch().catch(() => process.exit(1)), 1000);
    });
  };
  await launch();
  const stop = () => {
    stopping = true;
    centre.child.kill('SIGTERM');
    current?.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function openBrowserWindow(kioskUrl, dataDir, display) {
  if (!display) {
    log('No display: serving only. Open the Kiosk URL above in Chromium.');
    return;
  }
  if (!existsSync('/usr/bin/chromium')) {
    log('No Chromium installed (apt-get install chromium): open the Kiosk URL above in a browser.');
    return;
  }
  log('Opening the kiosk in Chromium (browser kiosk mode)...');
  const args = [
    '--kiosk',
    `--app=${kioskUrl}`,
    `--user-data-dir=${join(dataDir, 'chromium-profile')}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--noerrdialogs',
    '--autoplay-policy=no-user-gesture-required',
  ];
  spawn('/usr/bin/chromium', args, { stdio: 'ignore', detached: true }).unref();
}

/** Runs one stage; returns its counts for the closing summary. */
function stage(name, cmd, args, opts = {}) {
  log(`\n=== ${name} ===`);
  const began = Date.now();
  const status = run(cmd, args, opts);
  log(`=== ${name}: ${status === 0 ? 'ok' : `FAILED (exit ${status})`} in ${((Date.now() - began) / 1000).toFixed(1)} s ===`);
  return status;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function test() {
  ensureSystemPackages(Object.keys(SYSTEM_PACKAGES));
  ensureNodeModules();
  run(process.execPath, ['scripts/setup-cups.mjs']); // cupsd running, queues KIOSK_RECEIPT/KIOSK_A4 (printing tests)
  const reports = join(root, '.cache', 'test-reports');
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });

  const totals = { passed: 0, failed: 0, skipped: 0 };
  const check = (name, status) => {
    if (status === 0) totals.passed += 1;
    else {
      totals.failed += 1;
      failures.push(name);
    }
  };
  const failures = [];

  check('lint', stage('lint (boundaries + style)', bin('eslint'), ['--max-warnings', '0', '.']));
  check('typecheck', typecheck());
  if (existsSync(join(root, 'scripts', 'check-electronegativity.mjs'))) {
    check('electronegativity', stage('electronegativity (Electron security checklist)', process.execPath, ['scripts/check-electronegativity.mjs']));
  }

  const vitestJson = join(reports, 'vitest.json');
  const vitestStatus = stage('unit + renderer + integration (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], {
    env: { ...process.env, ...postgresTestEnv() },
  });
  const vitest = readJson(vitestJson);
  if (vitest) {
    totals.passed += vitest.numPassedTests;
    totals.failed += vitest.numFailedTests;
    totals.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
    if (vitest.numFailedTests > 0) failures.push('vitest');
  }
  if (vitestStatus !== 0 && (!vitest || vitest.numFailedTests === 0)) check('vitest run', vitestStatus);

  log('\n=== build renderer (for the e2e suite) ===');
  check('renderer build', ensureRendererBuild());
  check('console build', ensureConsoleBuild());
  const cameraFixtures = join(root, 'scripts', 'make-camera-fixtures.mjs');
  if (existsSync(cameraFixtures)) check('camera fixtures', stage('fake-camera clips (ffmpeg)', process.execPath, [cameraFixtures]));
  const playwrightJson = join(reports, 'playwright.json');
  const e2eStatus = stage('end-to-end (Playwright + Debian Chromium)', bin('playwright'), ['test', '--config', 'tests/e2e/playwright.config.ts'], {
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson },
  });
  const playwright = readJson(playwrightJson);
  if (playwright?.stats) {
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = playwright.stats;
    totals.passed += expected + flaky;
    totals.failed += unexpected;
    totals.skipped += skipped;
    if (unexpected > 0) failures.push('e2e');
  }
  if (e2eStatus !== 0 && (!playwright?.stats || playwright.stats.unexpected === 0)) check('e2e run', e2eStatus);

  log('');
  if (failures.length) log(`Failed: ${failures.join(', ')}`);
  log(`Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed > 0 ? 1 : 0);
}

function typecheck() {
  const parts = ['domain', 'electron/core', 'electron/shell', 'center', 'tests'];
  let status = 0;
  for (const part of parts) {
    status ||= stage(`typecheck ${part}`, bin('tsc'), ['-p', `${part}/tsconfig.json`, '--noEmit']);
  }
  status ||= stage('typecheck renderer (vue-tsc)', bin('vue-tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']);
  status ||= stage('typecheck centre console (vue-tsc)', bin('vue-tsc'), ['-p', 'center/console/tsconfig.json', '--noEmit']);
  return status;
}

/**
 * The PostgreSQL test cluster's URL for the test process (CENTRE_TEST_PG_URL). Without it the centre
 * suites fail under CI and run on SQLite only elsewhere (center/server/testing/databases.ts).
 */
function postgresTestEnv() {
  // A server of one's own (e.g. CI with a service container) wins over the local test cluster.
  if (process.env.CENTRE_TEST_PG_URL) return {};
  try {
    const { url, action, ms } = ensurePostgresTestCluster();
    log(`PostgreSQL test cluster (127.0.0.1): ${action} in ${(ms / 1000).toFixed(1)} s`);
    return { CENTRE_TEST_PG_URL: url };
  } catch (error) {
    log(`PostgreSQL test cluster did not start: ${error.message}`);
    return {};
  }
}

function bench() {
  ensureSystemPackages(Object.keys(SYSTEM_PACKAGES));
  ensureNodeModules();
  if (ensureRendererBuild() !== 0) process.exit(1);
  const files = readdirSync(join(root, 'tests', 'bench')).filter((f) => f.endsWith('.bench.ts')).sort();
  const only = process.argv[3];
  // consult-call.bench.ts drives the lawyer's console in Chromium: it needs the console's build too.
  if ((!only || 'consult-call.bench.ts'.includes(only)) && ensureConsoleBuild() !== 0) process.exit(1);
  const pgEnv = files.some((f) => (f.startsWith('centre-') || f.startsWith('dispatch-')) && (!only || f.includes(only))) ? postgresTestEnv() : {};
  let status = 0;
  for (const file of files) {
    if (only && !file.includes(only)) continue;
    status ||= stage(`bench ${file}`, process.execPath, ['--expose-gc', '--import', 'tsx', join('tests', 'bench', file)], { env: { ...process.env, ...pgEnv } });
  }
  process.exit(status);
}

const command = process.argv[2];
switch (command) {
  case 'start':
    await start();
    break;
  case 'test':
    test();
    break;
  case 'build':
    ensureNodeModules();
    process.exit(buildAll());
    break;
  case 'bench':
    bench();
    break;
  case 'lint':
    ensureNodeModules();
    process.exit(run(bin('eslint'), ['--max-warnings', '0', '.']));
    break;
  case 'typecheck':
    ensureNodeModules();
    process.exit(typecheck());
    break;
  default:
    log('usage: node scripts/run.mjs start|test|build|bench|lint|typecheck');
    process.exit(2);
}
