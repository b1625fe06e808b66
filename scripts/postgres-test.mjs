#!/usr/bin/env node
// A throwaway PostgreSQL cluster for the centre's tests and benchmarks, under <repo>/.data/pg-test:
// Debian's PostgreSQL (apt package `postgresql`), listening only on 127.0.0.1:55432, password
// (scram-sha-256) authentication, a `centre` role that may create databases (each test centre makes
// its own and drops it). Idempotent: initialises once, starts when not running, and is fast (a
// pg_ctl status) when already up. Plain Node with no dependencies, like run.mjs that imports it.
//
//   node scripts/postgres-test.mjs          ensure it runs; prints CENTRE_TEST_PG_URL=postgres://...
//   node scripts/postgres-test.mjs stop     stop it (the data stays)
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
// CENTRE_TEST_PG_PORT: a second checkout on the same machine (a CI clone beside a working tree) runs
// its own cluster beside the first.
export const PG_TEST_PORT = Number(process.env.CENTRE_TEST_PG_PORT ?? 55432);
const home = join(root, '.data', 'pg-test');
const dataDir = join(home, 'data');
const logFile = join(home, 'server.log');
// Written once the role and database exist: a cluster without it is half made and is made again.
const readyMarker = join(home, 'ready');
// Two runs at once (npm test beside a lone vitest) must not both initialise.
const lockDir = join(root, '.data', 'pg-test.lock');
// Outside the data directory: readable by the user running the tests only (mode 0600).
const passwordFile = join(root, '.data', 'pg-test-password');

/** The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin). */
const binDir = () => {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v) && existsSync(join(base, v, 'bin', 'initdb'))) : [];
  const newest = majors.map(Number).sort((a, b) => b - a)[0];
  if (newest === undefined || newest < 15) throw new Error('PostgreSQL 15 or newer is not installed (apt-get install postgresql)');
  return join(base, String(newest), 'bin');
};

// PostgreSQL refuses to run as root: as root, the server tools run as the `postgres` OS user.
const asRoot = process.getuid?.() === 0;

const pgTool = (tool, args, { input, allowFailure = false } = {}) => {
  const command = asRoot ? ['runuser', ['-u', 'postgres', '--', join(binDir(), tool), ...args]] : [join(binDir(), tool), args];
  const result = spawnSync(command[0], command[1], { cwd: '/', input, encoding: 'utf8' });
  if (result.status !== 0 && !allowFailure) {
    throw new Error(`${tool} failed (exit ${result.status}): ${(result.stderr || result.stdout || '').trim().slice(-2000)}`);
  }
  return result;
};

const ownByServerUser = (path) => {
  if (!asRoot) return;
  const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  chownSync(path, id('-u'), id('-g'));
};

const password = () => {
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(passwordFile, 'utf8').trim();
};

export const testClusterUrl = () => `postgres://centre:${encodeURIComponent(password())}@127.0.0.1:${PG_TEST_PORT}/centre`;

const initialise = () => {
  if (existsSync(join(dataDir, 'PG_VERSION')) && running()) pgTool('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true, mode: 0o700 });
  ownByServerUser(home);
  if (asRoot && spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', home]).status !== 0) {
    throw new Error(`the postgres user cannot reach ${home}: a parent directory is not searchable by others (chmod o+x it, or move the repository)`);
  }
  const secret = password();
  // The bootstrap superuser gets the same password (initdb reads it from a file).
  const pwfile = join(home, 'pwfile');
  writeFileSync(pwfile, `${secret}\n`, { mode: 0o600 });
  ownByServerUser(pwfile);
  try {
    // Locale C: text compares byte-wise as in SQLite (ISO timestamps, ordering), whatever the host's locale.
    pgTool('initdb', ['-D', dataDir, '-U', 'postgres', '--pwfile', pwfile, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions']);
  } finally {
    rmSync(pwfile, { force: true });
  }
  const conf = [
    "listen_addresses = '127.0.0.1'",
    `port = ${PG_TEST_PORT}`,
    // No Unix socket: nothing but loopback TCP with a password reaches this cluster.
    "unix_socket_directories = ''",
    // Every test centre and benchmark has its own pool.
    'max_connections = 300',
    'shared_buffers = 128MB',
    "password_encryption = 'scram-sha-256'",
  ];
  writeFileSync(join(dataDir, 'postgresql.conf'), `${readFileSync(join(dataDir, 'postgresql.conf'), 'utf8')}\n# law-kiosk test cluster\n${conf.join('\n')}\n`);
  // Only password logins over loopback TCP.
  writeFileSync(
    join(dataDir, 'pg_hba.conf'),
    ['# law-kiosk test cluster: loopback TCP, scram-sha-256 only', 'host all all 127.0.0.1/32 scram-sha-256', ''].join('\n'),
  );
};

const running = () => pgTool('pg_ctl', ['status', '-D', dataDir], { allowFailure: true }).status === 0;

const psqlAsSuperuser = (sqlText) => {
  const result = spawnSync(join(binDir(), 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(PG_TEST_PORT), '-U', 'postgres', '-d', 'postgres'], {
    input: sqlText,
    encoding: 'utf8',
    env: { ...process.env, PGPASSWORD: password(), PGCONNECT_TIMEOUT: '5' },
  });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr.trim()}`);
  return result.stdout;
};

const createRole = () => {
  // The password is ours (base64url): safe to quote inline.
  psqlAsSuperuser(`CREATE ROLE centre LOGIN CREATEDB PASSWORD '${password()}';\nCREATE DATABASE centre OWNER centre;\n`);
};

const sleepSync = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const withLock = (work) => {
  const deadline = Date.now() + 120_000;
  // A fresh clone has no .data yet.
  mkdirSync(join(root, '.data'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left behind by a killed run is older than any initialisation takes.
      const age = (() => {
        try {
          return Date.now() - statSync(lockDir).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if (age > 120_000) rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another run holds ${lockDir}`);
      else sleepSync(100);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
};

/**
 * Ensures the test cluster runs; returns its URL (role `centre`, database `centre`) and how long
 * this call took, and whether it had to initialise or start the server.
 */
export const ensurePostgresTestCluster = () => {
  const began = performance.now();
  const done = (action) => ({ url: testClusterUrl(), action, ms: performance.now() - began });
  // The usual case, without the lock: made and running.
  if (existsSync(readyMarker) && existsSync(passwordFile) && running()) return done('already running');
  return withLock(() => {
    let action = 'already running';
    // Half made (a run killed during initialisation) or its password lost: start over; the cluster
    // only ever holds test databases.
    if (!existsSync(readyMarker) || !existsSync(passwordFile)) {
      initialise();
      action = 'initialised and started';
    }
    if (!running()) {
      if (action === 'already running') action = 'started';
      pgTool('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-w', '-t', '60']);
    }
    if (action === 'initialised and started') {
      createRole();
      writeFileSync(readyMarker, `${new Date().toISOString()}\n`);
    }
    return done(action);
  });
};

export const stopPostgresTestCluster = () => {
  if (existsSync(join(dataDir, 'PG_VERSION')) && running()) pgTool('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w']);
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv[2] === 'stop') {
      stopPostgresTestCluster();
      process.stdout.write('PostgreSQL test cluster stopped.\n');
    } else {
      const { url, action, ms } = ensurePostgresTestCluster();
      process.stderr.write(`PostgreSQL test cluster on 127.0.0.1:${PG_TEST_PORT}: ${action} in ${(ms / 1000).toFixed(2)} s\n`);
      process.stdout.write(`CENTRE_TEST_PG_URL=${url}\n`);
    }
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
