/**
 * Composition root of the centre server: the only module that reads the environment.
 *
 *   CENTRE_DATA_DIR     database, tus staging and object store (default .data/centre)
 *   CENTRE_PORT         default 8740
 *   CENTRE_HOST         default 127.0.0.1
 *   CENTRE_NAME         shown to kiosks at enrolment
 *   CENTRE_DATABASE_URL postgres://user:password@host:port/db to use PostgreSQL (database created
 *                       with LC_COLLATE 'C'); default: the SQLite file in CENTRE_DATA_DIR
 *   CENTRE_ADMIN_PASSWORD  password of the first administrator (`admin`, min 10 characters), used
 *                       only when no administrator exists yet; when absent then, one is generated
 *                       and printed once on stdout as `CENTRE_ADMIN_PASSWORD=<password>` (never logged)
 *   Video consultations (README, "Configuration"):
 *   CENTRE_STUN_URLS, CENTRE_TURN_URLS  comma-separated stun:/turn:/turns: URLs handed to both browsers
 *   CENTRE_TURN_SECRET  coturn's static-auth-secret: time-limited TURN credentials (REST scheme)
 *   CENTRE_TURN_TTL_SECONDS  how long one TURN credential lasts (default 3600)
 *   CENTRE_ICE_RELAY_ONLY  1: every call through the TURN relay only (needs TURN URLs and secret)
 *   CENTRE_DISPATCH_RING_MS, CENTRE_DISPATCH_OFFERS_PER_TIER, CENTRE_DISPATCH_TIERS,
 *   CENTRE_DISPATCH_MAX_MISSED_RINGS, CENTRE_DISPATCH_WRAP_UP_MS, CENTRE_DISPATCH_FALLBACK_MS
 *                       the dispatch engine's settings (domain/dispatch/README.md)
 *   CENTRE_CONSULT_GRACE_MS  how long a call waits for a side whose socket dropped (default 30000)
 *
 * Prints `CENTRE_READY {"baseUrl":...}` on stdout once listening; logs are JSON lines on stderr.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../domain/centre/console-api.ts';
import { DispatchConfigSchema, TIERS } from '../../domain/dispatch/model.ts';
import { buildCentre } from './app.ts';
import { isPostgresUrl, openPostgresDatabase } from './db/postgres.ts';
import { openSqliteDatabase } from './db/sqlite.ts';
import { jsonLinesLogger } from './logger.ts';
import { accountServiceFor } from './services/accounts.ts';
import { loadOrCreateLookupKey } from './services/lookup-key.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const logger = jsonLinesLogger((line) => process.stderr.write(line));

/** A comma-separated list of ICE URLs (at most 8, as the protocol allows), empty when unset. */
function urlList(scheme: RegExp) {
  return z
    .string()
    .default('')
    .transform((v) => v.split(',').map((u) => u.trim()).filter((u) => u.length > 0))
    .pipe(z.array(z.string().regex(scheme).max(300)).max(8));
}

const EnvSchema = z.object({
  CENTRE_DATA_DIR: z.string().min(1).default(join(repoRoot, '.data', 'centre')),
  CENTRE_PORT: z.coerce.number().int().min(0).max(65_535).default(8740),
  CENTRE_HOST: z.string().min(1).default('127.0.0.1'),
  CENTRE_NAME: z.string().trim().min(1).max(60).default('法律援助中心'),
  CENTRE_ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH).max(256).optional(),
  CENTRE_DATABASE_URL: z.string().refine(isPostgresUrl).optional(),
  CENTRE_STUN_URLS: urlList(/^stun:/),
  CENTRE_TURN_URLS: urlList(/^turns?:/),
  CENTRE_TURN_SECRET: z.string().min(16).max(256).optional(),
  CENTRE_TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 86_400).default(3600),
  CENTRE_ICE_RELAY_ONLY: z.enum(['0', '1']).default('0'),
  CENTRE_DISPATCH_RING_MS: z.coerce.number().int().optional(),
  CENTRE_DISPATCH_OFFERS_PER_TIER: z.coerce.number().int().optional(),
  CENTRE_DISPATCH_TIERS: z
    .string()
    .transform((v) => v.split(',').map((t) => t.trim()))
    .pipe(z.array(z.enum(TIERS)).min(1))
    .optional(),
  CENTRE_DISPATCH_MAX_MISSED_RINGS: z.coerce.number().int().optional(),
  CENTRE_DISPATCH_WRAP_UP_MS: z.coerce.number().int().optional(),
  CENTRE_DISPATCH_FALLBACK_MS: z.coerce.number().int().optional(),
  CENTRE_CONSULT_GRACE_MS: z.coerce.number().int().min(1000).max(10 * 60_000).default(30_000),
});

const parsed = EnvSchema.safeParse(process.env);
if (!parsed.success) {
  // Names only: values may be secrets.
  logger('error', 'config.invalid', { fields: parsed.error.issues.map((i) => i.path.join('.')).join(', ') });
  process.exit(2);
}
const env = parsed.data;
const dispatch = DispatchConfigSchema.safeParse({
  ringMs: env.CENTRE_DISPATCH_RING_MS,
  offersPerTier: env.CENTRE_DISPATCH_OFFERS_PER_TIER,
  tierOrder: env.CENTRE_DISPATCH_TIERS,
  maxMissedRings: env.CENTRE_DISPATCH_MAX_MISSED_RINGS,
  wrapUpMs: env.CENTRE_DISPATCH_WRAP_UP_MS,
  fallbackAfterMs: env.CENTRE_DISPATCH_FALLBACK_MS,
});
if (!dispatch.success) {
  logger('error', 'config.invalid', { fields: dispatch.error.issues.map((i) => `dispatch.${i.path.join('.')}`).join(', ') });
  process.exit(2);
}
if (env.CENTRE_TURN_URLS.length > 0 && env.CENTRE_TURN_SECRET === undefined) {
  // A TURN server without credentials cannot be used: calls behind strict NATs will fail.
  logger('warn', 'config.turn_without_secret', {});
}
if (env.CENTRE_ICE_RELAY_ONLY === '1' && (env.CENTRE_TURN_URLS.length === 0 || env.CENTRE_TURN_SECRET === undefined)) {
  // Relay-only without a usable relay would make every call fail: refuse to start instead.
  logger('error', 'config.relay_only_without_turn', {});
  process.exit(2);
}
mkdirSync(env.CENTRE_DATA_DIR, { recursive: true, mode: 0o700 });

const db = env.CENTRE_DATABASE_URL ? openPostgresDatabase(env.CENTRE_DATABASE_URL) : openSqliteDatabase(join(env.CENTRE_DATA_DIR, 'centre.sqlite'));
const centre = await buildCentre({
  host: env.CENTRE_HOST,
  port: env.CENTRE_PORT,
  dataDir: env.CENTRE_DATA_DIR,
  db,
  centreName: env.CENTRE_NAME,
  now: () => Date.now(),
  logger,
  // Kept beside the data: losing it orphans every case's applicant key (no look-up by card).
  lookupKey: loadOrCreateLookupKey(join(env.CENTRE_DATA_DIR, 'keys', 'lookup.key')),
  consult: {
    dispatch: dispatch.data,
    ice: { stunUrls: env.CENTRE_STUN_URLS, turnUrls: env.CENTRE_TURN_URLS, turnSecret: env.CENTRE_TURN_SECRET ?? null, turnTtlSeconds: env.CENTRE_TURN_TTL_SECONDS, relayOnly: env.CENTRE_ICE_RELAY_ONLY === '1' },
    graceMs: env.CENTRE_CONSULT_GRACE_MS,
  },
});
const adminPassword = env.CENTRE_ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
if (await accountServiceFor(db, () => Date.now()).ensureAdmin(adminPassword)) {
  logger('info', 'account.bootstrap_admin_created');
  // Printed, not logged: the operator needs it once to sign in and make the other accounts.
  if (!env.CENTRE_ADMIN_PASSWORD) process.stdout.write(`CENTRE_ADMIN_PASSWORD=${adminPassword}\n`);
}
process.stdout.write(`CENTRE_READY ${JSON.stringify({ baseUrl: centre.baseUrl })}\n`);
logger('info', 'centre.started', { baseUrl: centre.baseUrl });

const shutdown = async (signal: string) => {
  logger('info', 'centre.stopping', { signal });
  await centre.stop();
  await db.destroy();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));
