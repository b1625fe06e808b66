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
 *
 * Prints `CENTRE_READY {"baseUrl":...}` on stdout once listening; logs are JSON lines on stderr.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MIN_PASSWORD_LENGTH } from '../../domain/centre/console-api.ts';
import { buildCentre } from './app.ts';
import { isPostgresUrl, openPostgresDatabase } from './db/postgres.ts';
import { openSqliteDatabase } from './db/sqlite.ts';
import { jsonLinesLogger } from './logger.ts';
import { accountServiceFor } from './services/accounts.ts';
import { loadOrCreateLookupKey } from './services/lookup-key.ts';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const logger = jsonLinesLogger((line) => process.stderr.write(line));

const EnvSchema = z.object({
  CENTRE_DATA_DIR: z.string().min(1).default(join(repoRoot, '.data', 'centre')),
  CENTRE_PORT: z.coerce.number().int().min(0).max(65_535).default(8740),
  CENTRE_HOST: z.string().min(1).default('127.0.0.1'),
  CENTRE_NAME: z.string().trim().min(1).max(60).default('法律援助中心'),
  CENTRE_ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH).max(256).optional(),
  CENTRE_DATABASE_URL: z.string().refine(isPostgresUrl).optional(),
});

const parsed = EnvSchema.safeParse(process.env);
if (!parsed.success) {
  // Names only: values may be secrets.
  logger('error', 'config.invalid', { fields: parsed.error.issues.map((i) => i.path.join('.')).join(', ') });
  process.exit(2);
}
const env = parsed.data;
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
