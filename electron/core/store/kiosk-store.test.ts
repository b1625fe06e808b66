import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3-multiple-ciphers';
import { nodeFileOps, type FileOps } from './file-ops.ts';
import { openKioskStore, openKioskStoreWith, type KioskStore, type KioskStoreInternals } from './kiosk-store.ts';
import { migrations } from './migrations/index.ts';
import { makeStoreDir, sampleInput, samplePerson } from './testing.ts';

const DAY = 86_400_000;
/** 2026-11-23 10:00 in Beijing. */
const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

const open: KioskStore[] = [];
afterEach(() => {
  for (const store of open.splice(0)) {
    try {
      store.close();
    } catch {
      // already closed by the test
    }
  }
});

const setup = (internals: KioskStoreInternals = {}) => {
  const paths = makeStoreDir();
  const key = randomBytes(32);
  const clock = { t: T0 };
  const reopen = (more: KioskStoreInternals = internals, withKey: Uint8Array = key) => {
    const result = openKioskStoreWith({ ...paths, key: withKey, now: () => clock.t }, more);
    if (result.ok) open.push(result.value);
    return result;
  };
  const first = reopen();
  if (!first.ok) throw new Error(`open failed: ${first.error.code}`);
  return { ...paths, key, clock, store: first.value, reopen };
};

const filesIn = (dir: string) => readdirSync(dir).sort();

/** A FileOps that fails the n-th call of one operation (counted from the moment it is armed), once. */
const faultyFiles = () => {
  let fault: { op: keyof FileOps; nth: number; code: string } | null = null;
  const counts = new Map<keyof FileOps, number>();
  const check = (op: keyof FileOps) => {
    const n = (counts.get(op) ?? 0) + 1;
    counts.set(op, n);
    if (fault?.op === op && fault.nth === n) {
      const { code } = fault;
      fault = null;
      throw Object.assign(new Error(`injected ${code}`), { code });
    }
  };
  const ops: FileOps = {
    writeDurable: (path, data) => (check('writeDurable'), nodeFileOps.writeDurable(path, data)),
    rename: (from, to) => (check('rename'), nodeFileOps.rename(from, to)),
    remove: (path) => (check('remove'), nodeFileOps.remove(path)),
    syncDirectory: (dir) => (check('syncDirectory'), nodeFileOps.syncDirectory(dir)),
    read: (path) => (check('read'), nodeFileOps.read(path)),
    list: (dir) => (check('list'), nodeFileOps.list(dir)),
  };
  return {
    ops,
    failNext(op: keyof FileOps, nth: number, code: string) {
      counts.clear();
      fault = { op, nth, code };
    },
  };
};

describe('opening the store', () => {
  it('uses WAL, enforces foreign keys and refuses a wrong key without crashing', () => {
    let seen: Database.Database | null = null;
    const s = setup({ onDatabaseOpen: (db) => (seen = db) });
    const db = seen as unknown as Database.Database;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(() => db.prepare("INSERT INTO outbox (application_id, next_attempt_at, created_at) VALUES ('nobody', 0, 'x')").run()).toThrow(
      /FOREIGN KEY/,
    );
    expect(s.store.submitApplication(sampleInput()).ok).toBe(true);
    expect(existsSync(`${s.dbFile}-wal`)).toBe(true);
    s.store.close();

    expect(s.reopen({}, randomBytes(32))).toEqual({ ok: false, error: { code: 'wrong_key' } });
    const again = s.reopen();
    expect(again.ok && again.value.listRecent(10)).toHaveLength(1);
  });

  it('refuses a database written by newer code', () => {
    const s = setup();
    s.store.close();
    const newer = [...migrations, { version: migrations.length + 1, name: 'future', sql: 'CREATE TABLE future (x INTEGER) STRICT;' }];
    expect(s.reopen({ migrations: newer }).ok).toBe(true);
    open.pop()!.close();
    expect(s.reopen({})).toEqual({ ok: false, error: { code: 'newer_schema' } });
  });

  it('reports a database file that is not a database (or not ours) as wrong_key', () => {
    const paths = makeStoreDir();
    writeFileSync(paths.dbFile, randomBytes(8192));
    expect(openKioskStore({ ...paths, key: randomBytes(32), now: () => T0 })).toEqual({ ok: false, error: { code: 'wrong_key' } });
  });

  it('reports a damaged page as corrupt', () => {
    const s = setup();
    for (let i = 0; i < 20; i += 1) s.store.submitApplication(sampleInput({ attachmentBytes: [] }));
    s.store.close();
    const bytes = readFileSync(s.dbFile);
    expect(bytes.length).toBeGreaterThan(4 * 4096);
    randomBytes(4096).copy(bytes, 2 * 4096); // page 3 overwritten
    writeFileSync(s.dbFile, bytes);
    const result = s.reopen();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('corrupt');
  });
});

describe('submitting an application', () => {
  it('stores payload, attachments and an outbox row, and reads them back', () => {
    const { store } = setup();
    const photo = randomBytes(250_000);
    const signature = randomBytes(8_000);
    const input = sampleInput({ attachmentBytes: [photo, signature] });
    const submitted = store.submitApplication(input);
    expect(submitted).toEqual({
      ok: true,
      value: { applicationId: input.applicationId, localNumber: 'LA20261123-0001', shortCode: expect.stringMatching(/^[2-9A-HJ-NP-Z]{6}$/), submittedAt: '2026-11-23T10:00:00+08:00' },
    });
    const stored = store.getApplication(input.applicationId)!;
    expect(stored.payload).toMatchObject({ applicant: samplePerson, localNumber: 'LA20261123-0001' });
    expect(stored.attachments.map((a) => [a.kind, a.materialId, a.page, a.mime])).toEqual([
      ['material', 'id_card', 1, 'image/jpeg'],
      ['signature', null, 0, 'image/png'],
    ]);
    const [first, second] = stored.attachments.map((a) => store.readAttachment(a.id));
    expect(first!.ok && Buffer.from(first!.value).equals(photo)).toBe(true);
    expect(second!.ok && Buffer.from(second!.value).equals(signature)).toBe(true);
    expect(stored).toMatchObject({ uploadedAt: null, acceptanceNumber: null, purged: false });
    expect(store.outboxStats()).toEqual({ pending: 1, oldestCreatedAt: '2026-11-23T10:00:00+08:00' });
    expect(store.getApplication(randomUUID())).toBeNull();
  });

  it('numbers per local day and starts again at 0001 after Beijing midnight', () => {
    const { store, clock } = setup();
    clock.t = Date.UTC(2026, 10, 23, 15, 59, 58); // 23:59:58 in Beijing
    const numbers = [store.submitApplication(sampleInput()), store.submitApplication(sampleInput())].map((r) => r.ok && r.value.localNumber);
    clock.t += 3_000; // 00:00:01 the next day
    numbers.push(...[store.submitApplication(sampleInput()), store.submitApplication(sampleInput())].map((r) => r.ok && r.value.localNumber));
    expect(numbers).toEqual(['LA20261123-0001', 'LA20261123-0002', 'LA20261124-0001', 'LA20261124-0002']);
  });

  it('refuses the same application id twice and writes nothing for the second', () => {
    const { store, attachmentsDir } = setup();
    const input = sampleInput();
    expect(store.submitApplication(input).ok).toBe(true);
    const before = filesIn(attachmentsDir);
    expect(store.submitApplication(input)).toEqual({ ok: false, error: { code: 'duplicate' } });
    expect(filesIn(attachmentsDir)).toEqual(before);
  });

  describe('leaves nothing behind when a step fails', () => {
    const cases: [string, keyof FileOps, number, string, 'disk_full' | 'io'][] = [
      ['first attachment write (disk full)', 'writeDurable', 1, 'ENOSPC', 'disk_full'],
      ['second attachment write (disk full)', 'writeDurable', 2, 'ENOSPC', 'disk_full'],
      ['third attachment write (I/O error)', 'writeDurable', 3, 'EIO', 'io'],
      ['first rename', 'rename', 1, 'EIO', 'io'],
      ['last rename', 'rename', 3, 'EIO', 'io'],
      ['directory sync before commit', 'syncDirectory', 1, 'EIO', 'io'],
    ];
    it.each(cases)('%s', (_name, op, nth, code, expected) => {
      const faulty = faultyFiles();
      const { store, attachmentsDir } = setup({ files: faulty.ops });
      faulty.failNext(op, nth, code);
      const input = sampleInput({ attachmentBytes: [randomBytes(100_000), randomBytes(90_000), randomBytes(5_000)] });
      expect(store.submitApplication(input)).toEqual({ ok: false, error: { code: expected } });
      expect(store.getApplication(input.applicationId)).toBeNull();
      expect(store.listRecent(10)).toEqual([]);
      expect(store.outboxStats().pending).toBe(0);
      expect(filesIn(attachmentsDir)).toEqual([]);
      // The failed attempt used no number.
      const next = store.submitApplication(sampleInput());
      expect(next.ok && next.value.localNumber).toBe('LA20261123-0001');
    });

    it('the database itself is full (SQLITE_FULL)', () => {
      const { store, attachmentsDir } = setup({
        onDatabaseOpen: (db) => db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 4}`),
      });
      const input = sampleInput({ buildPayload: () => ({ statement: 'x'.repeat(200_000) }) });
      expect(store.submitApplication(input)).toEqual({ ok: false, error: { code: 'disk_full' } });
      expect(store.getApplication(input.applicationId)).toBeNull();
      expect(filesIn(attachmentsDir)).toEqual([]);
      expect(store.submitApplication(sampleInput()).ok).toBe(true);
    });

    it('buildPayload throws (a bug): rethrown, nothing stored', () => {
      const { store, attachmentsDir } = setup();
      const input = sampleInput({
        buildPayload: () => {
          throw new TypeError('bug');
        },
      });
      expect(() => store.submitApplication(input)).toThrow('bug');
      expect(store.getApplication(input.applicationId)).toBeNull();
      expect(filesIn(attachmentsDir)).toEqual([]);
    });
  });

  it('removes files without a row (a crash between write and commit) when opened', () => {
    const s = setup();
    const kept = sampleInput();
    s.store.submitApplication(kept);
    s.store.close();
    const legit = filesIn(s.attachmentsDir);
    writeFileSync(join(s.attachmentsDir, `${randomUUID()}.tmp`), 'half');
    writeFileSync(join(s.attachmentsDir, `${randomUUID()}.att`), 'renamed, never committed');
    const again = s.reopen();
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(filesIn(s.attachmentsDir)).toEqual(legit);
    for (const a of again.value.getApplication(kept.applicationId)!.attachments) expect(again.value.readAttachment(a.id).ok).toBe(true);
  });
});

describe('reading attachments', () => {
  it('detects an edited, a missing and a swapped file', () => {
    const { store, attachmentsDir } = setup();
    const input = sampleInput({ attachmentBytes: [randomBytes(70_000), randomBytes(3_000), randomBytes(2_000)] });
    store.submitApplication(input);
    const [a, b, c] = store.getApplication(input.applicationId)!.attachments;
    const path = (id: string) => join(attachmentsDir, `${id}.att`);

    const bytes = readFileSync(path(a!.id));
    bytes[bytes.length - 100]! ^= 0x40;
    writeFileSync(path(a!.id), bytes);
    expect(store.readAttachment(a!.id)).toEqual({ ok: false, error: { code: 'tampered' } });

    unlinkSync(path(b!.id));
    expect(store.readAttachment(b!.id)).toEqual({ ok: false, error: { code: 'missing' } });

    renameSync(path(c!.id), path(b!.id)); // c's file under b's name
    expect(store.readAttachment(b!.id)).toEqual({ ok: false, error: { code: 'tampered' } });
    expect(store.readAttachment(randomUUID())).toEqual({ ok: false, error: { code: 'missing' } });
  });
});

describe('outbox', () => {
  it('hands out due rows once, backs off on failure, and completes with the acceptance number', () => {
    const s = setup();
    const input = sampleInput();
    s.store.submitApplication(input);
    const claimed = s.store.outboxNext(T0);
    expect(claimed).toMatchObject({ applicationId: input.applicationId, attempts: 1, createdAt: '2026-11-23T10:00:00+08:00' });
    expect(s.store.outboxNext(T0)).toBeNull(); // being uploaded
    s.store.markOutboxFailed(input.applicationId, 'network', T0 + 60_000);
    expect(s.store.outboxNext(T0 + 59_999)).toBeNull();
    expect(s.store.outboxNext(T0 + 60_000)).toMatchObject({ attempts: 2 });
    s.store.close();

    // A restart during an upload makes the row pending again.
    const again = s.reopen();
    if (!again.ok) throw new Error('reopen');
    const store = again.value;
    expect(store.outboxNext(T0 + 60_000)).toMatchObject({ applicationId: input.applicationId, attempts: 3 });
    s.clock.t = T0 + DAY;
    store.markOutboxDone(input.applicationId, '京援受〔2026〕123号');
    expect(store.outboxStats()).toEqual({ pending: 0, oldestCreatedAt: null });
    expect(store.outboxNext(T0 + 2 * DAY)).toBeNull();
    expect(store.getApplication(input.applicationId)).toMatchObject({
      uploadedAt: '2026-11-24T10:00:00+08:00',
      acceptanceNumber: '京援受〔2026〕123号',
    });
  });

  it('counts pending rows and reports the oldest', () => {
    const { store, clock } = setup();
    store.submitApplication(sampleInput());
    clock.t += 3_600_000;
    const later = sampleInput();
    store.submitApplication(later);
    expect(store.outboxStats()).toEqual({ pending: 2, oldestCreatedAt: '2026-11-23T10:00:00+08:00' });
  });
});

describe('print jobs and the reprint list', () => {
  it('lists newest first with numbers, dates and the receipt\'s last print, never names', () => {
    const { store, clock } = setup();
    const first = sampleInput();
    store.submitApplication(first);
    clock.t += 60_000;
    const second = sampleInput();
    store.submitApplication(second);

    const receipt = store.recordPrintJob({ applicationId: first.applicationId, document: 'receipt', queue: 'receipt', jobId: 'r-1', state: 'queued', detail: null });
    clock.t += 1_000;
    store.updatePrintJob(receipt, 'completed', null);
    store.recordPrintJob({ applicationId: first.applicationId, document: 'form', queue: 'a4', jobId: null, state: 'printer_offline', detail: 'offline' });

    const recent = store.listRecent(10);
    expect(recent).toEqual([
      { applicationId: second.applicationId, localNumber: 'LA20261123-0002', submittedAt: '2026-11-23T10:01:00+08:00', matterId: 'wage_arrears', acceptanceNumber: null, lastPrint: null },
      {
        applicationId: first.applicationId,
        localNumber: 'LA20261123-0001',
        submittedAt: '2026-11-23T10:00:00+08:00',
        matterId: 'wage_arrears',
        acceptanceNumber: null,
        // The form's later failure does not hide how the receipt (what the person takes home) went.
        lastPrint: { document: 'receipt', state: 'completed' },
      },
    ]);
    expect(JSON.stringify(recent)).not.toContain(samplePerson.name);
    expect(store.listRecent(1)).toHaveLength(1);
  });

  it('refuses a print job for an unknown application', () => {
    const { store } = setup();
    expect(() =>
      store.recordPrintJob({ applicationId: randomUUID(), document: 'receipt', queue: 'q', jobId: null, state: 'queued', detail: null }),
    ).toThrow(/FOREIGN KEY/);
  });
});

describe('retention purge', () => {
  it('purges only uploaded applications older than the window, keeps a stub, removes the files', () => {
    const { store, clock, attachmentsDir } = setup();
    const [early, late, never] = [sampleInput(), sampleInput(), sampleInput()];
    for (const input of [early, late, never]) store.submitApplication(input);
    const earlyFiles = store.getApplication(early.applicationId)!.attachments;
    store.markOutboxDone(early.applicationId, 'A-1');
    clock.t = T0 + 20 * DAY;
    store.markOutboxDone(late.applicationId, 'A-2');

    clock.t = T0 + 30 * DAY; // exactly 30 days: not yet "more than"
    expect(store.purgeExpired(30)).toEqual({ applications: 0, files: 0 });
    clock.t = T0 + 31 * DAY;
    expect(store.purgeExpired(30)).toEqual({ applications: 1, files: 2 });

    expect(store.getApplication(early.applicationId)).toEqual({
      applicationId: early.applicationId,
      localNumber: 'LA20261123-0001',
      shortCode: expect.any(String),
      submittedAt: '2026-11-23T10:00:00+08:00',
      payload: null,
      attachments: [],
      uploadedAt: '2026-11-23T10:00:00+08:00',
      acceptanceNumber: 'A-1',
      purged: true,
    });
    for (const a of earlyFiles) {
      expect(existsSync(join(attachmentsDir, `${a.id}.att`))).toBe(false);
      expect(store.readAttachment(a.id)).toEqual({ ok: false, error: { code: 'missing' } });
    }
    expect(store.getApplication(late.applicationId)!.purged).toBe(false);
    expect(store.getApplication(never.applicationId)!.payload).not.toBeNull();
    expect(filesIn(attachmentsDir)).toHaveLength(4);
    expect(store.listRecent(10).map((r) => r.localNumber)).toContain('LA20261123-0001');

    clock.t = T0 + 10_000 * DAY; // never uploaded: never purged
    expect(store.purgeExpired(30)).toEqual({ applications: 1, files: 2 });
    expect(store.getApplication(never.applicationId)!.purged).toBe(false);
    // Numbers of purged applications are not reused.
    clock.t = T0;
    const next = store.submitApplication(sampleInput());
    expect(next.ok && next.value.localNumber).toBe('LA20261123-0004');
  });
});
