/**
 * Exactly-once upload under faults (issue 5): a real kiosk core process uploads to a real centre
 * process through a paced TCP link, while a seeded random sequence of faults hits the transfer:
 *
 *   kiosk-kill   SIGKILL of the kiosk core mid-upload, restarted on the same data directory
 *   centre-kill  SIGKILL of the centre mid-transfer, restarted on the same data directory and port
 *   centre-term  SIGTERM of the centre mid-transfer (graceful stop), restarted likewise
 *   network-cut  the link refuses connections and the centre is down for a few seconds
 *   link-drop    the link stalls and drops every connection in the middle of a chunk
 *
 * Each fault strikes after a random number of request bytes (mostly inside a tus PATCH), just after
 * a commit request went by, or once the link has swallowed a commit's answer (the centre committed,
 * the kiosk never heard it: it must replay, not commit twice). New applications keep arriving
 * between faults. At the end the outbox must drain,
 * and what a centre operator and a kiosk technician would check must hold: every application at
 * the centre exactly once with the acceptance number the kiosk shows, every stored object with the
 * SHA-256 of the bytes photographed at the kiosk, nothing left in the upload staging area.
 *
 * FAULT_SEED replays a run (the seed is printed); FAULT_CYCLES and FAULT_APPLICATIONS make longer runs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, expect, it } from 'vitest';
import { wageClaim } from '../../domain/legal-aid/testing/answers.ts';
import { createEnrolmentCode } from '../../center/server/testing/harness.ts';
import { findDemoCard } from '../../electron/core/devices/id-card/demo-cards.ts';
import { loadStoreKey, openKioskStore } from '../../electron/core/store/index.ts';
import { centreProcess, freePort, type CentreProcess } from '../support/fault-centre.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { newSeed, seededRandom } from '../support/fault-random.ts';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

/** A whole number from the environment (unset or empty: the default); anything else stops the run. */
const countFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name} must be a whole number of at least 1`);
  return Number(raw);
};
const SEED = process.env.FAULT_SEED?.trim() || newSeed();
const CYCLES = countFromEnv('FAULT_CYCLES', 30);
const INITIAL_APPLICATIONS = countFromEnv('FAULT_APPLICATIONS', 12);
/** FAULT_VERBOSE=1 prints each cycle (kind, moment, duration). */
const VERBOSE = process.env.FAULT_VERBOSE === '1';
/** A slow village uplink: a 256 KiB tus chunk takes a noticeable moment, so faults land inside chunks. */
const UPLINK_BYTES_PER_SECOND = 2 * 1024 * 1024;
const CARD = findDemoCard('resident-young-man')!;

const FAULT_KINDS = ['kiosk-kill', 'centre-kill', 'centre-term', 'network-cut', 'link-drop'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];
type Moment = 'in-transfer' | 'at-commit' | 'answer-lost' | 'idle';

const rng = seededRandom(SEED);
const kioskDir = mkdtempSync(join(tmpdir(), 'fault-kiosk-'));
const centreDir = mkdtempSync(join(tmpdir(), 'fault-centre-'));
let centre: CentreProcess | undefined;
let proxy: FaultProxy | undefined;
let core: KioskCoreHandle | undefined;
/** Log lines of every kiosk core process of the run (a killed one keeps what it wrote). */
const kioskLogs: string[][] = [];

afterAll(async () => {
  await core?.stop();
  await centre?.stop('SIGTERM');
  await proxy?.close();
  rmSync(kioskDir, { recursive: true, force: true });
  rmSync(centreDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Polls generously: the assertions are about outcomes, never about how long they took. */
const until = async (what: string, check: () => Promise<boolean>, ms: number, everyMs = 100) => {
  const began = Date.now();
  while (Date.now() - began < ms) {
    if (await check()) return;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not reached in ${ms} ms`);
};

const startCore = async () => {
  const started = await startKioskCore({ KIOSK_DATA_DIR: kioskDir, KIOSK_SIM_READ_DELAY_MS: '20', KIOSK_PRINTING: 'directory' });
  kioskLogs.push(started.logLines);
  return started;
};

/**
 * An image file's start bytes, then noise (the centre checks the magic, not the image). Sizes come
 * from the seed; the noise need not, and distinct noise makes every attachment a distinct object.
 */
const imageBytes = (magic: readonly number[], size: number) => {
  const bytes = randomBytes(size);
  bytes.set(magic, 0);
  return bytes;
};
const JPEG_MAGIC = [0xff, 0xd8, 0xff, 0xe0];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

interface Submitted {
  applicationId: string;
  localNumber: string;
  sha256s: string[];
  bytes: number;
}

/** A citizen at the kiosk: card on the reader, 0-2 photographed pages and a signature, submit, end. */
const submitAtKiosk = async (kiosk: KioskCoreHandle): Promise<Submitted> => {
  await kiosk.call('sim.removeCard', {});
  await until('reader ready', async () => (await kiosk.call('device.status', {})).reader.state === 'ready', 20_000, 20);
  await kiosk.call('sim.placeCard', { cardId: CARD.id });
  await until('session', async () => (await kiosk.call('session.get', {})).session !== null, 20_000, 20);
  const files: { kind: 'material' | 'signature'; bytes: Buffer }[] = [];
  for (let page = rng.int(0, 2); page > 0; page -= 1) files.push({ kind: 'material', bytes: imageBytes(JPEG_MAGIC, rng.int(150_000, 650_000)) });
  files.push({ kind: 'signature', bytes: imageBytes(PNG_MAGIC, rng.int(8_000, 40_000)) });
  for (const { kind, bytes } of files) {
    await kiosk.call('application.putAttachment', {
      kind,
      materialId: kind === 'material' ? 'labour_evidence' : null,
      mime: kind === 'material' ? 'image/jpeg' : 'image/png',
      base64: bytes.toString('base64'),
    });
  }
  const submitted = await kiosk.call('application.submit', { answers: wageClaim({ placeCentreCode: null, materials: [] }) });
  await kiosk.call('session.end', { reason: 'user' });
  return {
    applicationId: submitted.applicationId,
    localNumber: submitted.receipt.localNumber,
    sha256s: files.map((f) => sha256(f.bytes)).sort(),
    bytes: files.reduce((sum, f) => sum + f.bytes.length, 0),
  };
};

/** What the technician page shows as the upload backlog. */
const outboxPending = async (kiosk: KioskCoreHandle) => {
  const { token } = await kiosk.call('technician.unlock', { pin: '2468' });
  try {
    return (await kiosk.call('technician.printing', { token })).outbox.pending;
  } finally {
    await kiosk.call('technician.lock', { token });
  }
};

/** The kiosk's own record of each application, read from its encrypted store after the core stopped. */
const kioskRecords = (applicationIds: string[]) => {
  const key = loadStoreKey(join(kioskDir, 'keys', 'store.key'));
  if (!key.ok) throw new Error(key.error.code);
  const opened = openKioskStore({ dbFile: join(kioskDir, 'kiosk.db'), attachmentsDir: join(kioskDir, 'attachments'), key: key.value, now: Date.now });
  if (!opened.ok) throw new Error(opened.error.code);
  const store = opened.value;
  try {
    return {
      pending: store.outboxStats().pending,
      byId: new Map(applicationIds.map((id) => [id, store.getApplication(id)] as const)),
    };
  } finally {
    store.close();
  }
};

interface CentreState {
  applications: { application_id: string; acceptance_number: string; local_number: string }[];
  attachments: { attachment_id: string; application_id: string; sha256: string; size: number; object_key: string }[];
  uploads: { upload_id: string; attachment_id: string }[];
}

const centreState = (dbFile: string): CentreState => {
  const db = new Database(dbFile, { readonly: true });
  try {
    return {
      applications: db.prepare('SELECT application_id, acceptance_number, local_number FROM applications').all() as CentreState['applications'],
      attachments: db.prepare('SELECT attachment_id, application_id, sha256, size, object_key FROM attachments').all() as CentreState['attachments'],
      uploads: db.prepare('SELECT upload_id, attachment_id FROM uploads').all() as CentreState['uploads'],
    };
  } finally {
    db.close();
  }
};

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

const countBy = <T,>(items: readonly T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/** What the kiosk logged about its attempts (a SIGKILLed core may have lost its last lines). */
const uploadEvents = () => {
  const failures = new Map<string, number>();
  let replays = 0;
  for (const line of kioskLogs.flat()) {
    let entry: { event?: string; code?: string; replay?: boolean };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.event === 'upload.failed' || entry.event === 'upload.failed_permanently') failures.set(entry.code ?? '?', (failures.get(entry.code ?? '?') ?? 0) + 1);
    if (entry.event === 'upload.done' && entry.replay === true) replays += 1;
  }
  return { failures, replays };
};

/**
 * Waits for the moment the fault should strike: some request bytes into a transfer (mostly inside
 * a PATCH), just after a commit went by, or once the link has swallowed a commit's answer (the
 * centre committed, the kiosk never heard: the replay case).
 */
const faultMoment = async (link: FaultProxy, pendingBytes: number): Promise<Moment> => {
  const wait = AbortSignal.timeout(20_000);
  const draw = rng.next();
  if (draw < 0.2) {
    if (!(await link.waitForCommit(wait))) return 'idle';
    // 0-40 ms on: the centre may be inside the commit, or already answering into a dying link.
    await sleep(rng.int(0, 40));
    return 'at-commit';
  }
  if (draw < 0.4) return (await link.loseCommitAnswer(wait)) ? 'answer-lost' : 'idle';
  return (await link.waitForBytes(rng.int(1, Math.max(1, pendingBytes)), wait)) ? 'in-transfer' : 'idle';
};

/**
 * One fault of `kind` at a random moment of the transfer under way, then the repair a supervisor
 * (or the network) would make. Returns when the fault struck and that everything runs again.
 */
const strike = async (kind: FaultKind, pendingBytes: number): Promise<{ moment: Moment; struckAt: number }> => {
  if (!proxy || !centre || !core) throw new Error('not started');
  if (kind === 'link-drop') {
    // The link itself decides the byte at which it hangs (a short stall or none, then RST): inside
    // the transfer, inside a commit's body, or it swallows a commit's answer.
    const where = rng.pick(['in-transfer', 'in-transfer', 'at-commit', 'answer-lost'] as const);
    const wait = AbortSignal.timeout(20_000);
    if (where === 'answer-lost') return { moment: (await proxy.loseCommitAnswer(wait)) ? where : 'idle', struckAt: Date.now() };
    const started = where === 'at-commit' ? await proxy.waitForCommit(wait) : true;
    const plan = { afterBytes: rng.int(1, where === 'at-commit' ? 600 : pendingBytes), stallMs: rng.pick([0, 0, 300, 1500]) };
    const cut = started && (await proxy.cut(plan, wait));
    return { moment: cut ? where : 'idle', struckAt: Date.now() };
  }
  const moment = await faultMoment(proxy, pendingBytes);
  const struckAt = Date.now();
  if (kind === 'kiosk-kill') {
    core.process.kill('SIGKILL');
    await core.stop();
    core = await startCore();
  } else if (kind === 'centre-kill' || kind === 'centre-term') {
    await centre.stop(kind === 'centre-kill' ? 'SIGKILL' : 'SIGTERM');
    await centre.start();
  } else {
    await proxy.refuse();
    await centre.stop(rng.chance(0.5) ? 'SIGKILL' : 'SIGTERM');
    await sleep(rng.int(500, 3_000));
    await centre.start();
    await proxy.accept();
  }
  return { moment, struckAt };
};

it(`exactly once through ${CYCLES} random faults (kiosk and centre killed, network cut, link dropped mid-chunk)`, async () => {
  const began = Date.now();
  console.log(`upload fault injection: seed ${SEED} (replay with FAULT_SEED=${SEED})`);

  const centrePort = await freePort();
  centre = centreProcess(centreDir, centrePort);
  await centre.start();
  proxy = await startFaultProxy(await freePort(), { targetPort: centrePort, upstreamBytesPerSecond: UPLINK_BYTES_PER_SECOND });
  core = await startCore();

  // The technician enrols the kiosk; its centre address is the (faulty) link.
  const code = await createEnrolmentCode(centre.baseUrl);
  const { token } = await core.call('technician.unlock', { pin: '2468' });
  await core.call('technician.enrol', { token, centreUrl: proxy.baseUrl, code });
  await core.call('technician.lock', { token });

  const submitted: Submitted[] = [];
  for (let i = 0; i < INITIAL_APPLICATIONS; i += 1) submitted.push(await submitAtKiosk(core));
  if (VERBOSE) console.log(`setup and ${INITIAL_APPLICATIONS} applications: ${((Date.now() - began) / 1000).toFixed(1)} s`);

  const faults = new Map<string, number>();
  const moments = new Map<Moment, number>();
  for (let cycle = 0; cycle < CYCLES; cycle += 1) {
    // A new citizen between faults; the submit also tells the worker to look at the outbox now
    // (else, after a centre outage, it would wait for its next health probe).
    const cycleBegan = Date.now();
    const fresh = await submitAtKiosk(core);
    submitted.push(fresh);
    const submittedAt = Date.now();
    const kind: FaultKind = rng.pick(FAULT_KINDS);
    const { moment, struckAt } = await strike(kind, fresh.bytes);
    if (VERBOSE) {
      const s = (from: number, to: number) => ((to - from) / 1000).toFixed(1);
      console.log(`cycle ${cycle}: ${kind} ${moment}; submit ${s(cycleBegan, submittedAt)} s, wait ${s(submittedAt, struckAt)} s, recover ${s(struckAt, Date.now())} s`);
    }
    faults.set(kind, (faults.get(kind) ?? 0) + 1);
    moments.set(moment, (moments.get(moment) ?? 0) + 1);
  }
  const drainBegan = Date.now();

  // Faults are over: the outbox drains (a nudge by one more citizen, as the next visitor would).
  submitted.push(await submitAtKiosk(core));
  const kiosk = core;
  try {
    await until('kiosk outbox empty', async () => (await outboxPending(kiosk)) === 0, 240_000);
  } catch (error) {
    // Codes and ids only (the logs carry nothing personal): enough to see where the upload stuck.
    console.log(['kiosk upload log:', ...kioskLogs.flat().filter((l) => l.includes('"upload.')).slice(-40), 'centre log:', ...centre.logLines.slice(-20)].join('\n'));
    throw error;
  }
  const drainEnded = Date.now();
  await core.stop();
  await centre.stop('SIGTERM');

  // The run proved something only if the faults met uploads and commits, not an idle link.
  expect(moments.get('idle') ?? 0, `faults on an idle link: ${moments.get('idle') ?? 0}`).toBeLessThan(CYCLES / 2);

  // The centre holds each application exactly once, under the number the kiosk issued and shows.
  const state = centreState(centre.dbFile);
  const ids = submitted.map((s) => s.applicationId);
  expect(new Set(ids).size).toBe(submitted.length);
  expect(state.applications).toHaveLength(submitted.length);
  expect([...countBy(state.applications, (a) => a.application_id).values()].every((n) => n === 1)).toBe(true);
  expect([...countBy(state.applications, (a) => a.local_number).values()].every((n) => n === 1)).toBe(true);
  expect(new Set(state.applications.map((a) => a.acceptance_number)).size).toBe(submitted.length);
  const atCentre = new Map(state.applications.map((a) => [a.application_id, a]));
  const local = kioskRecords(ids);
  expect(local.pending).toBe(0);
  for (const s of submitted) {
    const row = atCentre.get(s.applicationId);
    expect(row?.local_number, s.applicationId).toBe(s.localNumber);
    expect(local.byId.get(s.applicationId)?.acceptanceNumber, s.applicationId).toBe(row?.acceptance_number);
  }

  // Every attachment once, with the bytes photographed at the kiosk, read back from the object store.
  const attachmentCount = submitted.reduce((n, s) => n + s.sha256s.length, 0);
  expect(state.attachments).toHaveLength(attachmentCount);
  expect(new Set(state.attachments.map((a) => a.attachment_id)).size).toBe(attachmentCount);
  const byApplication = new Map<string, string[]>();
  for (const a of state.attachments) byApplication.set(a.application_id, [...(byApplication.get(a.application_id) ?? []), a.sha256]);
  for (const s of submitted) expect(byApplication.get(s.applicationId)?.sort(), s.applicationId).toEqual(s.sha256s);
  for (const a of state.attachments) {
    const stored = readFileSync(join(centre.dataDir, 'objects', a.object_key));
    expect(stored.length).toBe(a.size);
    expect(sha256(stored)).toBe(a.sha256);
  }
  // Content-addressed: one object per distinct content, and no torn or temporary file beside them.
  const objectFiles = filesUnder(join(centre.dataDir, 'objects'));
  expect(objectFiles.filter((f) => !/\/sha256\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(f)), 'files that are not objects').toEqual([]);
  expect(objectFiles).toHaveLength(new Set(state.attachments.map((a) => a.sha256)).size);

  // The staging area keeps nothing for committed attachments: no upload rows, no files.
  expect(state.uploads).toEqual([]);
  expect(readdirSync(join(centre.dataDir, 'uploads'))).toEqual([]);

  // Nothing personal in either side's logs, however the processes died.
  const logs = [...kioskLogs.flat(), ...centre.logLines].join('\n');
  for (const secret of [CARD.data.name, CARD.data.idNumber]) expect(logs).not.toContain(secret);

  const { failures, replays } = uploadEvents();
  const retries = [...failures.values()].reduce((a, b) => a + b, 0);
  const list = (m: Map<string, number>) => [...m].map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(
    `upload fault injection: seed ${SEED}; ${CYCLES} cycles; faults: ${list(faults)}; struck: ${list(moments)}; ` +
      `${submitted.length} applications, ${attachmentCount} attachments, ${submitted.reduce((n, s) => n + s.bytes, 0)} bytes (${proxy.upstreamBytes} sent over the link); ` +
      `retries ${retries} (${list(failures)}), commit replays ${replays}, connections dropped ${proxy.dropped}; ` +
      `${((Date.now() - began) / 1000).toFixed(1)} s (drain ${((drainEnded - drainBegan) / 1000).toFixed(1)} s)`,
  );
}, 240_000 + CYCLES * 15_000);
