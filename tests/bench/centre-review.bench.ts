/**
 * The review's reads as a centre fills up: the console's work list (first page, sorted urgent first
 * then by the running clock, with counts per status), one application in full, and the public status
 * page by number and code. Steps of 1k, 10k and 50k cases on SQLite and PostgreSQL; rows are seeded
 * straight into the database (one kiosk, realistic records), then each read is timed sequentially.
 *
 *   npm run bench -- centre-review   (or: CENTRE_TEST_PG_URL=... node --import tsx tests/bench/centre-review.bench.ts)
 *   BENCH_MAX_CASES (default 50000) and BENCH_READS (default 50) change the run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CONSOLE_API, STATUS_PATHS } from '../../domain/centre/console-api.ts';
import { addDays } from '../../domain/legal-aid/day-count.ts';
import { sampleRecord, wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import type { CentreDatabase } from '../../center/server/db/schema.ts';
import { newCaseRow } from '../../center/server/services/case-intake.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, loginAs, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';
import { benchDatabases, latencyLine } from './centre-bench-support.ts';

const MAX_CASES = Number(process.env.BENCH_MAX_CASES ?? 50_000);
const READS = Number(process.env.BENCH_READS ?? 50);
const STEPS = [1_000, 10_000, 50_000].filter((n) => n <= MAX_CASES);
const BATCH = 250;
const DAY = 86_400_000;

/** Adds cases up to `target`: mixed statuses, one in ten urgent, received over the last 60 days. */
const seed = async (centre: TestCentre, kioskId: string, from: number, target: number, lookupKey: Buffer) => {
  const now = Date.now();
  for (let start = from; start < target; start += BATCH) {
    const applications: CentreDatabase['applications'][] = [];
    const cases: ReturnType<typeof newCaseRow>[] = [];
    for (let i = start; i < Math.min(target, start + BATCH); i++) {
      const applicationId = randomUUID();
      const receivedAt = new Date(now - (i % 60) * DAY - i * 1000).toISOString();
      const urgent = i % 10 === 0 ? { deadline: addDays(receivedAt.slice(0, 10), 5), reason: 'limitation' as const } : null;
      const record = sampleRecord({ localNumber: `LA-BENCH-${i}`, shortCode: `B${i}`, answers: wageClaim({ urgent }) });
      applications.push({
        application_id: applicationId,
        acceptance_number: `440106-2026-${String(i).padStart(6, '0')}`,
        kiosk_id: kioskId,
        record: JSON.stringify(record),
        content_sha256: randomBytes(32).toString('hex'),
        local_number: record.localNumber,
        received_at: receivedAt,
      });
      const row = newCaseRow(applicationId, record, receivedAt, lookupKey);
      const status = (['received', 'received', 'materials_requested', 'granted', 'assigned', 'refused'] as const)[i % 6] ?? 'received';
      cases.push({ ...row, status, materials_due_on: status === 'materials_requested' ? addDays(row.received_on, 15) : null, assignment_due_on: status === 'granted' ? addDays(row.received_on, 3) : null });
    }
    await centre.db.insertInto('applications').values(applications).execute();
    await centre.db.insertInto('cases').values(cases).execute();
  }
};

const timed = async (reads: number, read: (i: number) => Promise<Response>): Promise<number[]> => {
  const times: number[] = [];
  for (let i = 0; i < reads; i++) {
    const started = performance.now();
    const res = await read(i);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`read failed: ${res.status}`);
    times.push(performance.now() - started);
  }
  return times;
};

for (const database of benchDatabases()) {
  const lookupKey = randomBytes(32);
  const centre = await startTestCentre({
    database,
    lookupKey,
    rateLimits: { kiosk: { capacity: 1e6, perSecond: 1e6 }, anonymous: { capacity: 1e6, perSecond: 1e6 }, publicStatus: { capacity: 1e6, perSecond: 1e6 } },
  });
  try {
    const kioskId = randomUUID();
    await centre.db
      .insertInto('kiosks')
      .values({ id: kioskId, public_key: randomBytes(44).toString('base64'), station_name: '基准服务站', region_code: '440106', enrolled_at: new Date().toISOString(), revoked_at: null, last_seen_at: null, health: null, health_at: null })
      .execute();
    const staff = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    let seeded = 0;
    for (const cases of STEPS) {
      const seedStarted = performance.now();
      await seed(centre, kioskId, seeded, cases, lookupKey);
      seeded = cases;
      const seedSeconds = ((performance.now() - seedStarted) / 1000).toFixed(1);
      const list = await timed(READS, () => staff.get(CONSOLE_API.applications));
      const filtered = await timed(READS, () => staff.get(`${CONSOLE_API.applications}?status=received&offset=500`));
      const ids = (await (await staff.get(`${CONSOLE_API.applications}?limit=200`)).json()) as { items: { applicationId: string }[] };
      const detail = await timed(READS, (i) => staff.get(`${CONSOLE_API.applications}/${ids.items[i % ids.items.length]!.applicationId}`));
      const status = await timed(READS, (i) => {
        const n = (i * 7919) % cases;
        return fetch(`${centre.baseUrl}${STATUS_PATHS.publicPage}/LA-BENCH-${n}?c=B${n}`);
      });
      console.log(`${database.padEnd(8)} ${String(cases).padStart(6)} cases (seeded in ${seedSeconds} s)`);
      console.log(`  work list, first page   ${latencyLine(list)}`);
      console.log(`  received, offset 500    ${latencyLine(filtered)}`);
      console.log(`  one application         ${latencyLine(detail)}`);
      console.log(`  public status page      ${latencyLine(status)}`);
    }
  } finally {
    await centre.close();
  }
}
