import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3-multiple-ciphers';
import { webmDurationParts } from '../consult/webm-duration.ts';
import { makeLiveWebm, probeDuration, splitIntoChunks } from '../consult/testing.ts';
import { createConsultationStore } from './consultation-store.ts';
import { nodeFileOps } from './file-ops.ts';
import { openKioskStoreWith, type KioskStore } from './kiosk-store.ts';
import { makeStoreDir } from './testing.ts';

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);
const open: KioskStore[] = [];
afterEach(() => {
  for (const store of open.splice(0)) store.close();
});

const setup = () => {
  const paths = makeStoreDir('consult-store-');
  const key = randomBytes(32);
  let db: Database.Database | null = null;
  const reopen = () => {
    const opened = openKioskStoreWith({ ...paths, key, now: () => T0 }, { onDatabaseOpen: (d) => (db = d) });
    if (!opened.ok) throw new Error(opened.error.code);
    open.push(opened.value);
    return opened.value;
  };
  const store = reopen();
  const recordings = join(paths.root, 'recordings');
  return { ...paths, key, store, reopen, recordings, db: () => db as unknown as Database.Database };
};

const finalize = (webm: Uint8Array) => {
  const fixed = webmDurationParts(webm);
  return fixed.ok ? fixed.value : null;
};

describe('consultation store: the recording', () => {
  it('appends chunks in seq order, ignores a repeated seq, notes a gap, and seals a WebM whose duration ffprobe reads', async () => {
    const { store, recordings } = setup();
    const c = store.consultations;
    const id = randomUUID();
    expect(c.begin({ consultationId: id, matterCategory: 'labour', startedMs: T0 }).ok).toBe(true);
    const webm = await makeLiveWebm(3);
    const chunks = splitIntoChunks(webm, 4);
    expect(c.appendChunk(id, 0, chunks[0]!)).toMatchObject({ ok: true, value: { kind: 'written', gap: false } });
    expect(c.appendChunk(id, 1, chunks[1]!)).toMatchObject({ ok: true, value: { kind: 'written', gap: false } });
    // The renderer retried seq 1: nothing is written twice.
    expect(c.appendChunk(id, 1, chunks[1]!)).toMatchObject({ ok: true, value: { kind: 'duplicate' } });
    expect(c.appendChunk(id, 0, chunks[0]!)).toMatchObject({ ok: true, value: { kind: 'duplicate' } });
    expect(c.appendChunk(id, 2, chunks[2]!)).toMatchObject({ ok: true, value: { gap: false } });
    expect(c.appendChunk(id, 3, chunks[3]!)).toMatchObject({ ok: true, value: { gap: false } });
    expect(c.lastSeq(id)).toBe(3);

    const finished = c.finish({ consultationId: id, endedMs: T0 + 4_000, endReason: 'kiosk_hangup', rating: 5, durationHintMs: 3_000, finalize });
    expect(finished).toMatchObject({ ok: true, value: { alreadyQueued: false } });
    // Idempotent: a second finish changes nothing.
    expect(c.finish({ consultationId: id, endedMs: T0 + 9_000, endReason: 'network', rating: null, durationHintMs: 0, finalize })).toMatchObject({ ok: true, value: { alreadyQueued: true } });
    expect(readdirSync(recordings)).toEqual([`${id}.rec`]);

    const row = c.get(id)!;
    expect(row).toMatchObject({ state: 'pending', endReason: 'kiosk_hangup', rating: 5, recording: { state: 'sealed' } });
    expect(row.recording.durationMs).toBeGreaterThan(2_900);
    const plain = c.readRecording(id);
    if (!plain.ok) throw new Error(plain.error.code);
    expect(plain.value.length).toBe(row.recording.bytes);
    expect(Math.abs((await probeDuration(plain.value))! - 3)).toBeLessThan(0.1);
    // Same frames as recorded: only Info grew by the Duration element (11 bytes).
    expect(plain.value.length).toBe(webm.length + 11);
  });

  it('keeps nothing in plain text on disk: neither while recording nor after sealing', async () => {
    const { store, recordings } = setup();
    const c = store.consultations;
    const id = randomUUID();
    c.begin({ consultationId: id, matterCategory: 'family', startedMs: T0 });
    // A chunk carrying a recognisable marker, as a recording of someone saying their name would.
    const marker = Buffer.from('张三 110105199001011234 WEBM-PLAIN-MARKER', 'utf8');
    const webm = await makeLiveWebm(1);
    c.appendChunk(id, 0, Buffer.concat([webm, marker, marker]));
    const spool = readFileSync(join(recordings, `${id}.spool`));
    expect(spool.includes(marker)).toBe(false);
    expect(spool.includes(webm.subarray(0, 64))).toBe(false);
    c.finish({ consultationId: id, endedMs: T0 + 1_000, endReason: 'lawyer_hangup', rating: null, durationHintMs: 1_000, finalize });
    const sealed = readFileSync(join(recordings, `${id}.rec`));
    expect(sealed.includes(marker)).toBe(false);
    expect(sealed.includes(webm.subarray(0, 64))).toBe(false);
    expect(c.readRecording(id).ok).toBe(true);
  });

  it('a spool from another consultation or with edited bytes does not open', async () => {
    const { store, recordings } = setup();
    const c = store.consultations;
    const id = randomUUID();
    c.begin({ consultationId: id, matterCategory: 'family', startedMs: T0 });
    c.appendChunk(id, 0, await makeLiveWebm(1));
    c.finish({ consultationId: id, endedMs: T0 + 1_000, endReason: 'lawyer_hangup', rating: null, durationHintMs: 1_000, finalize });
    const file = join(recordings, `${id}.rec`);
    const bytes = readFileSync(file);
    bytes[bytes.length - 40] = (bytes[bytes.length - 40]! + 1) % 256;
    writeFileSync(file, bytes);
    expect(c.readRecording(id)).toEqual({ ok: false, error: { code: 'tampered' } });
  });

  it('after a crash mid-call the spool survives, a torn last record is dropped, and recording goes on', async () => {
    const { store, reopen, recordings } = setup();
    const id = randomUUID();
    store.consultations.begin({ consultationId: id, matterCategory: 'labour', startedMs: T0 });
    const chunks = splitIntoChunks(await makeLiveWebm(3), 3);
    store.consultations.appendChunk(id, 0, chunks[0]!);
    store.consultations.appendChunk(id, 1, chunks[1]!);
    store.close();
    open.splice(open.indexOf(store), 1);
    // The power went while writing a third record.
    appendFileSync(join(recordings, `${id}.spool`), Buffer.from([0, 0, 0, 2, 0, 0, 1, 0, 1, 2, 3]));

    const again = reopen();
    expect(again.consultations.interrupted()).toEqual([id]);
    expect(again.consultations.appendChunk(id, 2, chunks[2]!)).toMatchObject({ ok: true, value: { kind: 'written', gap: false } });
    const finished = again.consultations.finish({ consultationId: id, endedMs: T0 + 5_000, endReason: 'session_ended', rating: null, durationHintMs: 0, finalize });
    expect(finished.ok).toBe(true);
    expect(again.consultations.interrupted()).toEqual([]);
    const plain = again.consultations.readRecording(id);
    expect(plain.ok && Math.abs((await probeDuration(plain.value))! - 3) < 0.1).toBe(true);
  });

  it('a full disk answers disk_full, leaves no half record, and the next chunk is written after the last good one', async () => {
    const { store, db, recordings } = setup();
    let full = false;
    const c = createConsultationStore({
      db: db(),
      dir: recordings,
      wrapKey: randomBytes(32),
      files: nodeFileOps,
      now: () => T0,
      timeZone: 'Asia/Shanghai',
      write: (fd, buffer, offset, length) => {
        if (full) {
          // Half the record reaches the disk, then the space runs out.
          writeSync(fd, buffer, offset, Math.floor(length / 2));
          throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        }
        return writeSync(fd, buffer, offset, length);
      },
    });
    void store;
    const id = randomUUID();
    c.begin({ consultationId: id, matterCategory: 'labour', startedMs: T0 });
    const chunks = splitIntoChunks(await makeLiveWebm(3), 3);
    expect(c.appendChunk(id, 0, chunks[0]!).ok).toBe(true);
    full = true;
    expect(c.appendChunk(id, 1, chunks[1]!)).toEqual({ ok: false, error: { code: 'disk_full' } });
    full = false;
    expect(c.appendChunk(id, 1, chunks[1]!)).toMatchObject({ ok: true, value: { kind: 'written' } });
    expect(c.appendChunk(id, 2, chunks[2]!).ok).toBe(true);
    c.finish({ consultationId: id, endedMs: T0 + 3_000, endReason: 'kiosk_hangup', rating: null, durationHintMs: 3_000, finalize });
    const plain = c.readRecording(id);
    expect(plain.ok && Math.abs((await probeDuration(plain.value))! - 3) < 0.1).toBe(true);
    c.closeAll();
  });

  it('a call that never recorded is queued without a recording; done removes the sealed file', async () => {
    const { store, recordings } = setup();
    const c = store.consultations;
    const none = randomUUID();
    c.begin({ consultationId: none, matterCategory: 'other', startedMs: T0 });
    expect(c.appendChunk(randomUUID(), 0, new Uint8Array(10))).toEqual({ ok: false, error: { code: 'unknown' } });
    c.finish({ consultationId: none, endedMs: T0 + 10, endReason: 'cancelled', rating: null, durationHintMs: 0, finalize });
    expect(c.get(none)).toMatchObject({ state: 'pending', recording: { state: 'none', bytes: null } });
    expect(c.appendChunk(none, 0, new Uint8Array(10))).toEqual({ ok: false, error: { code: 'closed' } });

    // A lost chunk is noted (the caller logs it) and the recording goes on.
    const gappy = randomUUID();
    c.begin({ consultationId: gappy, matterCategory: 'other', startedMs: T0 });
    expect(c.appendChunk(gappy, 0, new Uint8Array(10))).toMatchObject({ ok: true, value: { gap: false } });
    expect(c.appendChunk(gappy, 2, new Uint8Array(10))).toMatchObject({ ok: true, value: { kind: 'written', gap: true } });
    c.closeAll();

    const rec = randomUUID();
    c.begin({ consultationId: rec, matterCategory: 'other', startedMs: T0 });
    c.appendChunk(rec, 0, await makeLiveWebm(1));
    c.finish({ consultationId: rec, endedMs: T0 + 10, endReason: 'kiosk_hangup', rating: 3, durationHintMs: 0, finalize });
    c.recordPrinted(rec, { pushId: randomUUID(), outcome: 'completed' });
    const claimed = c.outboxNext(T0 + 1_000)!;
    expect(claimed.attempts).toBe(1);
    expect(claimed.state).toBe('uploading');
    c.markDone(claimed.consultationId);
    expect(existsSync(join(recordings, `${claimed.consultationId}.rec`))).toBe(false);
    expect(c.get(claimed.consultationId)).toMatchObject({ state: 'done' });
    expect(c.stats().pending).toBe(1);
    expect(c.interrupted()).toEqual([gappy]);
  });
});
