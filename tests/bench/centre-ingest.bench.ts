/**
 * Centre ingest: applications with 2-3 photographed pages each (~250-350 KB of JPEG-like random
 * bytes, so nothing compresses or deduplicates) uploaded through tus in the kiosk's 256 KiB chunks and
 * committed, by several simulated kiosks at once (each request Ed25519-signed as protocol.ts says).
 * The centre runs in its own process; the same load goes to SQLite and to PostgreSQL in one run.
 * Reports applications per second (uploads included) and the commit's latency (the request that
 * hashes the bytes, stores the objects and issues the acceptance number).
 *
 *   npm run bench -- centre-ingest   (or: CENTRE_TEST_PG_URL=... node --import tsx tests/bench/centre-ingest.bench.ts)
 *   BENCH_APPLICATIONS (default 240), BENCH_KIOSKS (default 8) change the load.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CENTRE_PATHS, type CommitAttachment } from '../../domain/centre/protocol.ts';
import { sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import { createUpload, enrolKiosk, patchUpload, sha256Hex, signedJson, type TestKiosk } from '../../center/server/testing/harness.ts';
import { benchDatabases, latencyLine, startBenchCentre } from './centre-bench-support.ts';
import { percentile } from './stats.ts';

const APPLICATIONS = Number(process.env.BENCH_APPLICATIONS ?? 240);
const KIOSKS = Number(process.env.BENCH_KIOSKS ?? 8);
const WARMUP = 16;
const CHUNK = 256 * 1024;

/** A photographed page: JPEG signature, then incompressible bytes. */
const page = (): Buffer => {
  const bytes = randomBytes(250_000 + Math.floor(Math.random() * 100_000));
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes;
};

const upload = async (baseUrl: string, kiosk: TestKiosk, applicationId: string, bytes: Buffer, pageNo: number): Promise<CommitAttachment> => {
  const attachmentId = randomUUID();
  const sha256 = sha256Hex(bytes);
  const created = await createUpload(baseUrl, kiosk, bytes.length, { applicationId, attachmentId, sha256, filetype: 'image/jpeg' });
  if (created.status !== 201) throw new Error(`tus create: ${created.status}`);
  const location = new URL(created.headers.get('location') ?? '', baseUrl).toString();
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const patched = await patchUpload(baseUrl, kiosk, location, offset, bytes.subarray(offset, offset + CHUNK));
    if (patched.status !== 204) throw new Error(`tus patch: ${patched.status}`);
  }
  return { attachmentId, kind: 'material', materialId: 'labour_evidence', page: pageNo, mime: 'image/jpeg', sha256, size: bytes.length, uploadUrl: location };
};

/** One application from upload to acceptance number; returns the commit's latency. */
const ingestOne = async (baseUrl: string, kiosk: TestKiosk, index: number): Promise<number> => {
  const applicationId = randomUUID();
  const attachments: CommitAttachment[] = [];
  const pages = index % 2 === 0 ? 2 : 3;
  for (let p = 1; p <= pages; p++) attachments.push(await upload(baseUrl, kiosk, applicationId, page(), p));
  const began = performance.now();
  const res = await signedJson(baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId, record: sampleRecord({ localNumber: `LA20261123-${String(index).padStart(4, '0')}` }), attachments });
  const ms = performance.now() - began;
  if (res.status !== 201) throw new Error(`commit: ${res.status} ${await res.text()}`);
  return ms;
};

/** `count` applications shared among the kiosks, each kiosk one at a time (as a real one uploads). */
const run = async (baseUrl: string, kiosks: TestKiosk[], count: number) => {
  let next = 0;
  const latencies: number[] = [];
  const began = performance.now();
  await Promise.all(
    kiosks.map(async (kiosk) => {
      while (next < count) {
        const index = next++;
        latencies.push(await ingestOne(baseUrl, kiosk, index));
      }
    }),
  );
  return { seconds: (performance.now() - began) / 1000, latencies };
};

const results = new Map<string, { perSecond: number; latencies: number[] }>();
for (const database of benchDatabases()) {
  const centre = await startBenchCentre(database);
  try {
    const kiosks: TestKiosk[] = [];
    for (let i = 0; i < KIOSKS; i++) kiosks.push(await enrolKiosk(centre.baseUrl));
    await run(centre.baseUrl, kiosks, WARMUP);
    const { seconds, latencies } = await run(centre.baseUrl, kiosks, APPLICATIONS);
    const perSecond = APPLICATIONS / seconds;
    results.set(database, { perSecond, latencies });
    console.log(`${database.padEnd(8)} ${APPLICATIONS} applications (2-3 pages of ~300 KB) from ${KIOSKS} kiosks in ${seconds.toFixed(1)} s: ${perSecond.toFixed(1)} applications/s`);
    console.log(`${database.padEnd(8)} commit latency ${latencyLine(latencies)}`);
  } finally {
    await centre.stop();
  }
}

const sqlite = results.get('sqlite');
const postgres = results.get('postgres');
if (sqlite && postgres) {
  const ratio = (p: number) => (percentile(postgres.latencies, p) / percentile(sqlite.latencies, p)).toFixed(2);
  console.log(`PostgreSQL / SQLite: throughput x${(postgres.perSecond / sqlite.perSecond).toFixed(2)}, commit p50 x${ratio(50)}, p95 x${ratio(95)}, p99 x${ratio(99)}`);
}
