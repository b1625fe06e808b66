/**
 * The centre under benchmark, in a process of its own (the load generator must not share its event
 * loop): a test centre on loopback over SQLite or a fresh PostgreSQL database.
 *
 *   node --import tsx tests/bench/centre-bench-server.ts <sqlite|postgres> [kiosks.json]
 *
 * kiosks.json (optional) lists `{ id, publicKey }` kiosks to register directly in the database, as
 * enrolment would: thousands of one-time codes over HTTP would measure enrolment, not heartbeats.
 * Prints `BENCH_CENTRE_READY {"baseUrl":...}`; closes (dropping a PostgreSQL database) when its
 * stdin ends, so a dying parent leaves nothing behind.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { startTestCentre } from '../../center/server/testing/harness.ts';

const KioskListSchema = z.array(z.object({ id: z.uuid(), publicKey: z.string().min(40) }));
const database = z.enum(['sqlite', 'postgres']).parse(process.argv[2]);
const kiosks = process.argv[3] ? KioskListSchema.parse(JSON.parse(readFileSync(process.argv[3], 'utf8'))) : [];

// Rate limits far above the load: the benchmark measures the server, not its brakes.
const centre = await startTestCentre({
  database,
  rateLimits: { kiosk: { capacity: 1_000_000, perSecond: 1_000_000 }, anonymous: { capacity: 1_000_000, perSecond: 1_000_000 } },
});

const enrolledAt = new Date().toISOString();
const BATCH = 500;
for (let i = 0; i < kiosks.length; i += BATCH) {
  await centre.db
    .insertInto('kiosks')
    .values(
      kiosks.slice(i, i + BATCH).map((k) => ({
        id: k.id,
        public_key: k.publicKey,
        station_name: '基准测试服务站',
        region_code: '440106',
        enrolled_at: enrolledAt,
        revoked_at: null,
        last_seen_at: null,
      })),
    )
    .execute();
}

process.stdout.write(`BENCH_CENTRE_READY ${JSON.stringify({ baseUrl: centre.baseUrl })}\n`);

let closing = false;
const close = async () => {
  if (closing) return;
  closing = true;
  await centre.close();
  process.exit(0);
};
process.stdin.on('end', () => void close());
process.stdin.on('error', () => void close());
process.stdin.resume();
process.once('SIGTERM', () => void close());
