/**
 * Test support: an in-process centre on loopback in a temporary directory, and a kiosk that signs
 * its requests the way protocol.ts says (the kiosk core has its own client; this one is for tests).
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { CONSOLE_API, type AccountRole } from '../../../domain/centre/console-api.ts';
import { CENTRE_PATHS, KIOSK_AUTH_HEADERS, signingString } from '../../../domain/centre/protocol.ts';
import { buildCentre, type Centre, type CentreDeps } from '../app.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { openSqliteDatabase } from '../db/sqlite.ts';
import { quietLogger } from '../logger.ts';
import { accountServiceFor, BOOTSTRAP_ADMIN } from '../services/accounts.ts';
import { loginAs } from './console-client.ts';
import { createScratchPostgres, type CentreDatabaseKind } from './databases.ts';

export { loginAs, type ConsoleClient } from './console-client.ts';

/** The administrator every test centre starts with. */
export const ADMIN_USERNAME = BOOTSTRAP_ADMIN.username;
export const ADMIN_PASSWORD = 'test-admin-password-0123';

export interface TestCentre extends Centre {
  readonly dataDir: string;
  readonly database: CentreDatabaseKind;
  /** The SQLite file (on PostgreSQL: none, read through `db`). */
  readonly dbFile: string | null;
  /** The centre's own connection: for tests that look at rows the way the centre stored them. */
  readonly db: Kysely<CentreDatabase>;
  close(): Promise<void>;
}

export type TestCentreOptions = Partial<CentreDeps> & {
  /** Default SQLite; 'postgres' makes a fresh database on CENTRE_TEST_PG_URL's server (dropped on close). */
  readonly database?: CentreDatabaseKind;
};

const openTestDatabase = async (kind: CentreDatabaseKind, dataDir: string) => {
  if (kind === 'postgres') {
    const scratch = await createScratchPostgres();
    return { db: scratch.db, dbFile: null, close: scratch.drop };
  }
  const dbFile = join(dataDir, 'centre.sqlite');
  const db = openSqliteDatabase(dbFile);
  return { db, dbFile, close: () => db.destroy() };
};

export const startTestCentre = async ({ database = 'sqlite', ...overrides }: TestCentreOptions = {}): Promise<TestCentre> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'centre-test-'));
  const opened = await openTestDatabase(database, dataDir);
  const { db, dbFile } = opened;
  const discard = async () => {
    await opened.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let centre: Centre;
  try {
    centre = await buildCentre({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      db,
      centreName: '测试法律援助中心',
      now: () => Date.now(),
      logger: quietLogger,
      lookupKey: randomBytes(32),
      // Tests make many codes from one address; the rate-limit test sets its own.
      rateLimits: { kiosk: { capacity: 10_000, perSecond: 1000 }, anonymous: { capacity: 10_000, perSecond: 1000 } },
      ...overrides,
    });
  } catch (error) {
    // A centre that did not start leaves no scratch database or directory behind.
    await discard();
    throw error;
  }
  await accountServiceFor(db, overrides.now ?? Date.now).ensureAdmin(ADMIN_PASSWORD);
  return {
    ...centre,
    dataDir,
    database,
    dbFile,
    db,
    async close() {
      await centre.stop();
      await discard();
    },
  };
};

export interface TestKiosk {
  readonly publicKeySpki: string;
  readonly privateKey: KeyObject;
  kioskId: string;
}

export const newKioskKeys = (): TestKiosk => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKeySpki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'), privateKey, kioskId: '' };
};

/** A one-time enrolment code, made the way a technician does: signed in to the console. */
export const createEnrolmentCode = async (baseUrl: string): Promise<string> => {
  const admin = await loginAs(baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
  const res = await admin.post(CONSOLE_API.enrolmentCodes);
  if (res.status !== 201) throw new Error(`code creation failed: ${res.status}`);
  return ((await res.json()) as { code: string }).code;
};

export interface TestAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: AccountRole;
  readonly password: string;
}

let accountSequence = 0;

/** An account straight in the centre's database (as an administrator would make it). */
export const createTestAccount = async (
  centre: TestCentre,
  options: { role: AccountRole; username?: string; displayName?: string; password?: string },
): Promise<TestAccount> => {
  accountSequence += 1;
  const username = options.username ?? `${options.role}${accountSequence}`;
  const displayName = options.displayName ?? `测试${options.role}${accountSequence}`;
  const password = options.password ?? `password-${options.role}-${accountSequence}`;
  const created = await accountServiceFor(centre.db, Date.now).create({ username, displayName, role: options.role, password }, { kind: 'system', id: null });
  return { id: created.id, username, displayName, role: options.role, password };
};

export const enrolKiosk = async (baseUrl: string, kiosk = newKioskKeys()): Promise<TestKiosk> => {
  const code = await createEnrolmentCode(baseUrl);
  const res = await fetch(`${baseUrl}${CENTRE_PATHS.enrol}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicKey: kiosk.publicKeySpki, stationName: '测试服务站', regionCode: '440106' }),
  });
  if (res.status !== 201) throw new Error(`enrol failed: ${res.status}`);
  kiosk.kioskId = ((await res.json()) as { kioskId: string }).kioskId;
  return kiosk;
};

export interface SignedOptions {
  readonly headers?: Record<string, string>;
  readonly body?: Buffer | string;
  /** Overrides for attacks: another time, another kiosk id, another key. */
  readonly time?: number;
  readonly kioskId?: string;
  readonly signWith?: KeyObject;
}

export const signedHeaders = (kiosk: TestKiosk, method: string, pathWithQuery: string, body: Buffer, options: SignedOptions = {}) => {
  const time = String(options.time ?? Date.now());
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const signature = sign(null, Buffer.from(signingString(method, pathWithQuery, time, bodyHash)), options.signWith ?? kiosk.privateKey).toString('base64');
  return {
    [KIOSK_AUTH_HEADERS.kiosk]: options.kioskId ?? kiosk.kioskId,
    [KIOSK_AUTH_HEADERS.time]: time,
    [KIOSK_AUTH_HEADERS.signature]: signature,
  };
};

/** A signed request; `path` may be a full URL (tus Location) or a path. */
export const signedFetch = async (baseUrl: string, kiosk: TestKiosk, method: string, path: string, options: SignedOptions = {}): Promise<Response> => {
  const url = new URL(path, baseUrl);
  const body = typeof options.body === 'string' ? Buffer.from(options.body) : (options.body ?? Buffer.alloc(0));
  const headers = { ...options.headers, ...signedHeaders(kiosk, method, url.pathname + url.search, body, options) };
  return fetch(url, { method, headers, body: method === 'GET' || method === 'HEAD' || body.length === 0 ? undefined : new Uint8Array(body) });
};

export const signedJson = (baseUrl: string, kiosk: TestKiosk, path: string, value: unknown, options: SignedOptions = {}) =>
  signedFetch(baseUrl, kiosk, 'POST', path, { ...options, body: JSON.stringify(value), headers: { 'content-type': 'application/json', ...options.headers } });

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** tus creation (raw HTTP): returns the Location. */
export const createUpload = async (
  baseUrl: string,
  kiosk: TestKiosk,
  length: number,
  metadata: Record<string, string>,
): Promise<Response> =>
  signedFetch(baseUrl, kiosk, 'POST', CENTRE_PATHS.uploads, {
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      'upload-metadata': Object.entries(metadata)
        .map(([k, v]) => `${k} ${b64(v)}`)
        .join(','),
    },
  });

export const patchUpload = (baseUrl: string, kiosk: TestKiosk, location: string, offset: number, chunk: Buffer): Promise<Response> =>
  signedFetch(baseUrl, kiosk, 'PATCH', location, {
    body: chunk,
    headers: { 'tus-resumable': '1.0.0', 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream' },
  });

/** Creates and fully uploads `bytes`; returns the upload URL. */
export const uploadBytes = async (baseUrl: string, kiosk: TestKiosk, bytes: Buffer, metadata: Record<string, string>): Promise<string> => {
  const created = await createUpload(baseUrl, kiosk, bytes.length, metadata);
  if (created.status !== 201) throw new Error(`tus create failed: ${created.status} ${await created.text()}`);
  const location = created.headers.get('location') ?? '';
  const patched = await patchUpload(baseUrl, kiosk, location, 0, bytes);
  if (patched.status !== 204) throw new Error(`tus patch failed: ${patched.status} ${await patched.text()}`);
  return new URL(location, baseUrl).toString();
};

/** Row count of a table, on whichever database the centre runs. */
export const countRows = async (centre: Pick<TestCentre, 'db'>, table: keyof CentreDatabase): Promise<number> => {
  const row = await centre.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  // PostgreSQL's count is int8 (a string unless parsed): Number() either way.
  return Number(row.n);
};

export const sha256Hex = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Bytes that start like a JPEG (the centre checks the signature bytes, not the whole image). */
export const fakeJpeg = (size: number, seed = 1): Buffer => {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 7) & 0xff;
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return bytes;
};
