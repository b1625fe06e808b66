/**
 * Centre heartbeats: how many kiosks, each beating every 30 s, one centre holds with a p99 heartbeat
 * latency under 50 ms. Steps of 1k, 2k, 5k, 10k, 20k, 30k, 50k, 100k kiosks (registered in the database
 * first), on SQLite and PostgreSQL, the centre in its own process.
 *
 * Time is compressed, not simulated: N kiosks beating every 30 s, spread evenly, send N/30 signed
 * heartbeats a second, kiosk after kiosk. Each step sends exactly that schedule, open loop (a request
 * leaves at its planned time whether or not earlier ones were answered), for STEP_SECONDS instead of
 * whole 30-second cycles: the server sees the steady-state rate of N kiosks from the first second.
 * Latency counts from the planned time, so a late sender or a queue is not hidden. Each database
 * first gets one unmeasured step at the smallest size (a fresh process warms up), and the first
 * second of each step is not counted. A step holds when its p99 is under 50 ms with no failure; the
 * first step that does not hold ends the ramp. "Sender lag" is how late the generator itself sent
 * requests: when it grows, the machine (shared, two cores), not the centre, is the limit. A step that
 * missed by less than 10x is tried again (up to 3 tries, BENCH_ATTEMPTS), every try printed.
 *
 *   npm run bench -- centre-heartbeat   (or: CENTRE_TEST_PG_URL=... node --import tsx tests/bench/centre-heartbeat.bench.ts)
 *   BENCH_STEP_SECONDS (default 10), BENCH_MAX_KIOSKS (default 100000) change the run.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CENTRE_PATHS, type HeartbeatRequest } from '../../domain/centre/protocol.ts';
import { signedHeaders, type TestKiosk } from '../../center/server/testing/harness.ts';
import { benchDatabases, latencyLine, startBenchCentre } from './centre-bench-support.ts';
import { percentile } from './stats.ts';

const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 10);
const MAX_KIOSKS = Number(process.env.BENCH_MAX_KIOSKS ?? 100_000);
const STEPS = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 50_000, 100_000].filter((n) => n <= MAX_KIOSKS);
const BEAT_EVERY_S = 30;
const WARMUP_S = 1;
const P99_LIMIT_MS = 50;
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 3);

const health: HeartbeatRequest = {
  version: '0.1.0',
  uptimeSeconds: 3600,
  reader: 'ready',
  printers: { receipt: 'ready', a4: 'ready' },
  diskFreeBytes: 20_000_000_000,
  outbox: { pending: 0, oldestCreatedAt: null },
};

// Only the kiosks that beat within a step need key pairs: at most N / 30 * STEP_SECONDS of them. The
// others are rows with a well-formed Ed25519 public key (the SPKI header and 32 random bytes).
const kioskCount = STEPS.at(-1) ?? 0;
const signers = Math.min(kioskCount, Math.ceil((kioskCount / BEAT_EVERY_S) * STEP_SECONDS) + 1);
const ED25519_SPKI_HEADER = Buffer.from('302a300506032b6570032100', 'hex');
const kiosks: TestKiosk[] = [];
const registered: { id: string; publicKey: string }[] = [];
for (let i = 0; i < kioskCount; i++) {
  if (i < signers) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const kiosk: TestKiosk = { publicKeySpki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey, kioskId: randomUUID() };
    kiosks.push(kiosk);
    registered.push({ id: kiosk.kioskId, publicKey: kiosk.publicKeySpki });
  } else {
    registered.push({ id: randomUUID(), publicKey: Buffer.concat([ED25519_SPKI_HEADER, randomBytes(32)]).toString('base64') });
  }
}
const workDir = mkdtempSync(join(tmpdir(), 'bench-heartbeat-'));
const kiosksFile = join(workDir, 'kiosks.json');
writeFileSync(kiosksFile, JSON.stringify(registered));

// node:http with keep-alive rather than fetch: the generator shares two cores with the centre and
// fetch costs several times more CPU per request; kiosks keep their connections open too.
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const body = Buffer.from(JSON.stringify(health));

/** One signed heartbeat; resolves with the status code. */
const beat = (baseUrl: string, kiosk: TestKiosk): Promise<number> =>
  new Promise((resolveStatus, reject) => {
    const url = new URL(CENTRE_PATHS.heartbeat, baseUrl);
    const headers = { 'content-type': 'application/json', 'content-length': String(body.length), ...signedHeaders(kiosk, 'POST', url.pathname, body) };
    const req = request(url, { method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolveStatus(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });

interface Step {
  readonly kiosks: number;
  readonly sent: number;
  readonly failed: number;
  readonly latencies: number[];
  /** How late the generator sent each request: when this grows, the load generator is the limit. */
  readonly senderLag: number[];
}

/** N kiosks' schedule for STEP_SECONDS: one heartbeat every 30/N s, kiosk after kiosk. */
const step = async (baseUrl: string, n: number): Promise<Step> => {
  const intervalMs = (BEAT_EVERY_S * 1000) / n;
  const total = Math.floor((STEP_SECONDS * 1000) / intervalMs);
  const latencies: number[] = [];
  const senderLag: number[] = [];
  let failed = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const planned = start + i * intervalMs;
    const wait = planned - performance.now();
    if (wait > 1) await sleep(wait);
    const kiosk = kiosks[i % kiosks.length]!;
    senderLag.push(performance.now() - planned);
    inFlight.push(
      beat(baseUrl, kiosk).then(
        (status) => {
          if (status !== 200) failed += 1;
          else if (planned - start >= WARMUP_S * 1000) latencies.push(performance.now() - planned);
        },
        () => {
          failed += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  return { kiosks: n, sent: total, failed, latencies, senderLag };
};

const held = new Map<string, number>();
try {
  for (const database of benchDatabases()) {
    const centre = await startBenchCentre(database, kiosksFile);
    try {
      // A fresh process: let the JIT and the database's caches warm up at the first step's rate.
      await step(centre.baseUrl, STEPS[0]!);
      let best = 0;
      for (const n of STEPS) {
        // The machine is shared (two cores, other jobs, p99 of a few hundred samples): a step that
        // misses narrowly gets up to ATTEMPTS tries, every one printed.
        let holds = false;
        let near = true;
        for (let attempt = 1; attempt <= ATTEMPTS && !holds && near; attempt++) {
          const result = await step(centre.baseUrl, n);
          holds = result.failed === 0 && percentile(result.latencies, 99) < P99_LIMIT_MS;
          // Far over the limit is the centre overloaded, whoever else is busy: no second try.
          near = percentile(result.latencies, 99) < 10 * P99_LIMIT_MS;
          const rate = (n / BEAT_EVERY_S).toFixed(0);
          console.log(
            `${database.padEnd(8)} ${String(n).padStart(6)} kiosks (${rate.padStart(4)} beats/s, try ${attempt}, ${result.sent} sent, ${result.failed} failed): ${latencyLine(result.latencies)}; sender lag p99 ${percentile(result.senderLag, 99).toFixed(1)} ms`,
          );
        }
        if (!holds) break;
        best = n;
      }
      held.set(database, best);
      console.log(`${database.padEnd(8)} largest step held with p99 < ${P99_LIMIT_MS} ms: ${best} kiosks${best === STEPS.at(-1) ? ' (the largest step tried)' : ''}`);
    } finally {
      await centre.stop();
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
if (held.size > 1) console.log(`Held with p99 < ${P99_LIMIT_MS} ms: ${[...held].map(([db, n]) => `${db} ${n}`).join(', ')} kiosks`);
