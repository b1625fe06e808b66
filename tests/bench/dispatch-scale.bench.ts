/**
 * Lawyer dispatch at national scale: 38,000 lawyers with dispatch profiles in the centre's database
 * (GB/T 2260 counties across 31 provinces, 3-5 of the 7 matter categories each), 10 % of them online,
 * and 500 kiosks across the regions asking for a lawyer at the same moment. Every online console
 * accepts as soon as it rings (up to three ring per request, so the losers' accepts race the winner's).
 *
 * Reported per database (SQLite file, PostgreSQL): request -> connected (the match time, including the
 * database claim that makes the first accept win) as p50/p95/p99, the tiers that answered, refused
 * accepts, and double bookings counted afterwards in the database (a lawyer with two connected
 * consultations; must be 0).
 *
 * What is real and what is driven: the dispatcher (center/server/consult/dispatcher.ts) with its
 * engine, message validation, effects, timeline and claim runs exactly as in the centre, on a real
 * database file or PostgreSQL database. The 3,800 consoles and 500 kiosks are in-process drivers of the
 * dispatcher's socket API (kioskConnected / consoleConnected with JSON round-tripped messages), not
 * 4,300 WebSockets: on this 2-core machine shared with other work, socket I/O of that many clients in
 * one process would measure the load generator, not the dispatch.
 *
 *   npm run bench -- dispatch-scale   (or: CENTRE_TEST_PG_URL=... node --import tsx tests/bench/dispatch-scale.bench.ts)
 *   BENCH_LAWYERS (38000), BENCH_ONLINE_SHARE (0.1), BENCH_REQUESTS (500) change the run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { MATTER_CATEGORIES, type CentreToConsole, type CentreToKiosk, type ConsoleToCentre, type KioskToCentre } from '../../domain/consult/protocol.ts';
import { dispatchConfig } from '../../domain/dispatch/model.ts';
import { Dispatcher, type Link, type Session } from '../../center/server/consult/dispatcher.ts';
import { NO_ICE_SERVERS } from '../../center/server/consult/ice.ts';
import { migrate } from '../../center/server/db/migrations.ts';
import type { CentreDatabase } from '../../center/server/db/schema.ts';
import { openSqliteDatabase } from '../../center/server/db/sqlite.ts';
import { quietLogger } from '../../center/server/logger.ts';
import { createScratchPostgres, type CentreDatabaseKind } from '../../center/server/testing/databases.ts';
import { benchDatabases, latencyLine } from './centre-bench-support.ts';

const LAWYERS = Number(process.env.BENCH_LAWYERS ?? 38_000);
const ONLINE_SHARE = Number(process.env.BENCH_ONLINE_SHARE ?? 0.1);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const PROVINCES = ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'];

// A seeded generator: the same population every run, so runs compare.
let seed = 20261123;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

/** Counties: 31 provinces, 1-12 cities each, 1-9 counties per city (about 2,000 county codes). */
const counties: string[] = [];
for (const province of PROVINCES) {
  const cities = 1 + Math.floor(random() * 12);
  for (let city = 1; city <= cities; city++) {
    const n = 1 + Math.floor(random() * 9);
    for (let county = 1; county <= n; county++) counties.push(`${province}${String(city).padStart(2, '0')}${String(county).padStart(2, '0')}`);
  }
}

const lawyers = Array.from({ length: LAWYERS }, (_, i) => {
  const matters = [...MATTER_CATEGORIES].sort(() => random() - 0.5).slice(0, 3 + Math.floor(random() * 3));
  return { id: randomUUID(), username: `lawyer${i}`, region: pick(counties), matters, languages: random() < 0.05 ? ['zh', 'en'] : ['zh'] };
});
const kiosks = Array.from({ length: REQUESTS }, () => ({ id: randomUUID(), region: pick(counties) }));

const insertInChunks = async <T>(rows: readonly T[], size: number, insert: (chunk: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
};

const populate = async (db: Kysely<CentreDatabase>) => {
  const now = new Date().toISOString();
  await migrate(db, () => now);
  await insertInChunks(lawyers, 1000, (chunk) =>
    db
      .insertInto('accounts')
      .values(chunk.map((l) => ({ id: l.id, username: l.username, display_name: `律师${l.username}`, role: 'lawyer' as const, password_hash: 'x', created_at: now, disabled_at: null, failed_logins: 0, locked_until: null })))
      .execute(),
  );
  await insertInChunks(lawyers, 1000, (chunk) =>
    db
      .insertInto('lawyer_profiles')
      .values(
        chunk.map((l) => ({
          account_id: l.id,
          display_name: `律师${l.username}`,
          organisation: '某律师事务所',
          region_codes: JSON.stringify([l.region]),
          matter_categories: JSON.stringify(l.matters),
          languages: JSON.stringify(l.languages),
          updated_at: now,
        })),
      )
      .execute(),
  );
  await insertInChunks(kiosks, 500, (chunk) =>
    db
      .insertInto('kiosks')
      .values(chunk.map((k) => ({ id: k.id, public_key: randomBytes(44).toString('base64'), station_name: `${k.region}服务站`, region_code: k.region, enrolled_at: now, revoked_at: null, last_seen_at: null, health: null, health_at: null })))
      .execute(),
  );
};

/**
 * A link that hands the dispatcher's messages over as a socket would: serialised at once (the moment
 * the centre sends, when times are taken: a socket's write leaves then too), parsed by the other side
 * on a later turn of the event loop.
 */
const link = <T>(onSent: (message: T, at: number) => void, onMessage: (message: T) => void): Link<T> => ({
  send: (message) => {
    onSent(message, performance.now());
    const wire = JSON.stringify(message);
    setImmediate(() => onMessage(JSON.parse(wire) as T));
  },
  close: () => {},
});
const deliver = (session: Session, message: KioskToCentre | ConsoleToCentre) => session.receive(JSON.parse(JSON.stringify(message)));

const run = async (kind: CentreDatabaseKind) => {
  let db: Kysely<CentreDatabase>;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const scratch = await createScratchPostgres({ maxConnections: 10 });
    db = scratch.db;
    cleanup = scratch.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'dispatch-bench-'));
    db = openSqliteDatabase(join(dir, 'centre.sqlite'));
    cleanup = async () => {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    let t = performance.now();
    await populate(db);
    const populateMs = performance.now() - t;
    const dispatcher = new Dispatcher({ db, now: () => Date.now(), logger: quietLogger, dispatch: dispatchConfig(), ice: NO_ICE_SERVERS, graceMs: 30_000 });
    t = performance.now();
    await dispatcher.start();
    const startMs = performance.now() - t;

    // 10 % of the lawyers online: a console each, available, accepting every ring at once.
    let refused = 0;
    const firstRing = new Map<string, number>();
    let rings = 0;
    const online = lawyers.filter(() => random() < ONLINE_SHARE);
    for (const lawyer of online) {
      let session: Session | null = null;
      session = dispatcher.consoleConnected(
        { accountId: lawyer.id, role: 'lawyer' },
        link<CentreToConsole>(
          (message, at) => {
            if (message.type === 'ring' && !firstRing.has(message.consultationId)) firstRing.set(message.consultationId, at);
          },
          (message) => {
            if (message.type === 'ring') {
              rings += 1;
              if (session) deliver(session, { type: 'accept', consultationId: message.consultationId });
            }
            if (message.type === 'acceptRefused') refused += 1;
          },
        ),
      );
      deliver(session, { type: 'presence', presence: 'available' });
    }
    await new Promise((r) => setImmediate(r));

    const sentAt = new Map<string, number>();
    const matchMs: number[] = [];
    const tiers = new Map<string, number>();
    let fallbacks = 0;
    let done = 0;
    let finish: () => void = () => {};
    const allDone = new Promise<void>((resolve) => (finish = resolve));
    const sessions = kiosks.map((kiosk) =>
      dispatcher.kioskConnected(
        { kioskId: kiosk.id, stationName: `${kiosk.region}服务站`, regionCode: kiosk.region },
        link<CentreToKiosk>(
          (message, at) => {
            if (message.type === 'connected') matchMs.push(at - (sentAt.get(message.consultationId) ?? at));
          },
          (message) => {
            if (message.type === 'connected') done += 1;
            else if (message.type === 'fallback') fallbacks += 1;
            else return;
            if (done === kiosks.length) finish();
          },
        ),
      ),
    );
    t = performance.now();
    // All at once: one synchronous burst, as if 500 citizens pressed the button in the same instant.
    // Every request counts from the burst's start, so the queue of requests before it is included.
    kiosks.forEach((kiosk, i) => {
      const consultationId = randomUUID();
      sentAt.set(consultationId, t);
      deliver(sessions[i] as Session, {
        type: 'request',
        consultationId,
        matterCategory: pick(MATTER_CATEGORIES),
        language: 'zh',
        recordingConsent: true,
        citizen: { name: null, verification: null },
      });
    });
    const handedOverMs = performance.now() - t;
    const timeout = setTimeout(finish, 120_000);
    await allDone;
    clearTimeout(timeout);
    const burstMs = performance.now() - t;
    await dispatcher.settled();
    const settledMs = performance.now() - t;

    const rows = await db.selectFrom('consultations').select(['lawyer_account_id', 'answered_tier', 'phase']).execute();
    for (const row of rows) if (row.answered_tier) tiers.set(row.answered_tier, (tiers.get(row.answered_tier) ?? 0) + 1);
    const doubleBooked = await db
      .selectFrom('consultations')
      .select(['lawyer_account_id', (eb) => eb.fn.countAll().as('n')])
      .where('phase', '=', 'connected')
      .groupBy('lawyer_account_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    const connectedRows = rows.filter((r) => r.phase === 'connected' && r.lawyer_account_id !== null).length;
    const events = await db
      .selectFrom('consultation_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    dispatcher.stop();

    console.log(`\n${kind}: ${LAWYERS} lawyers with profiles (${counties.length} counties in ${PROVINCES.length} provinces), ${online.length} online, ${REQUESTS} simultaneous requests`);
    console.log(`  setup: population written in ${(populateMs / 1000).toFixed(1)} s; dispatcher start (profiles loaded and registered) ${startMs.toFixed(0)} ms`);
    const ringMs = [...firstRing].map(([id, at]) => at - (sentAt.get(id) ?? at));
    console.log(`  the ${REQUESTS} requests stepped through the engine (validated, rung, written to the queue) in ${handedOverMs.toFixed(0)} ms, one after another`);
    console.log(`  request -> the centre sends the first ring: ${latencyLine(ringMs)}`);
    console.log(`  request -> the centre sends connected (claim stored): ${latencyLine(matchMs)}  (n=${matchMs.length}; all ${REQUESTS} matched in ${burstMs.toFixed(0)} ms, every write stored after ${settledMs.toFixed(0)} ms)`);
    console.log(`  answered by tier: ${[...tiers].map(([tier, n]) => `${tier} ${n}`).join(', ')}; fallbacks ${fallbacks}; rings ${rings}; accepts refused (someone else was first) ${refused}`);
    console.log(`  database: ${connectedRows} connected consultations, ${Number(events.n)} timeline rows; lawyers with two connected consultations (double bookings): ${doubleBooked.length}`);
    if (doubleBooked.length > 0 || connectedRows !== matchMs.length) {
      console.log('  FAILED: the database disagrees with what the kiosks were told');
      process.exitCode = 1;
    }
  } finally {
    await cleanup();
  }
};

console.log('dispatch-scale: the real dispatcher, engine and database claim; consoles and kiosks are in-process drivers of its socket API (JSON round-tripped), not WebSockets');
for (const kind of benchDatabases()) await run(kind);
