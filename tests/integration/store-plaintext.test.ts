import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKioskStoreWith } from '../../electron/core/store/kiosk-store.ts';
import { makeStoreDir, sampleInput, samplePerson } from '../../electron/core/store/testing.ts';

const secrets = [samplePerson.name, samplePerson.idNumber, '北京市朝阳区'];

/** UTF-8, UTF-16LE and UTF-16BE forms of each secret. */
const needles = secrets.flatMap((s) => {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [
    { label: `${s} (UTF-8)`, bytes: Buffer.from(s, 'utf8') },
    { label: `${s} (UTF-16LE)`, bytes: le },
    { label: `${s} (UTF-16BE)`, bytes: be },
  ];
});

/** Submits several applications whose payload and attachment bytes both carry the person's data. */
const fillStore = (databaseCipher: 'sqlcipher' | 'none') => {
  const paths = makeStoreDir('store-plaintext-');
  const opened = openKioskStoreWith({ ...paths, key: randomBytes(32), now: () => Date.now() }, { databaseCipher });
  if (!opened.ok) throw new Error(opened.error.code);
  const store = opened.value;
  const text = secrets.join(' ');
  const photo = () => Buffer.concat([randomBytes(5000), Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')]);
  for (let i = 0; i < 8; i += 1) {
    const submitted = store.submitApplication(sampleInput({ attachmentBytes: [photo(), photo()] }));
    expect(submitted.ok).toBe(true);
  }
  // Files as they are while the kiosk runs: the WAL still holds the recent pages.
  const files = [paths.dbFile, `${paths.dbFile}-wal`, `${paths.dbFile}-shm`, ...readdirSync(paths.attachmentsDir).map((f) => join(paths.attachmentsDir, f))];
  return { store, files };
};

const hits = (files: string[]) =>
  files.flatMap((file) => {
    const bytes = readFileSync(file);
    return needles.filter((n) => bytes.includes(n.bytes)).map((n) => `${file.split('/').pop()}: ${n.label}`);
  });

describe('nothing personal on disk in plain text', () => {
  it('database, -wal, -shm and attachment files hold no name, ID number or address', () => {
    const { store, files } = fillStore('sqlcipher');
    expect(existsSync(files[1]!)).toBe(true);
    expect(readFileSync(files[1]!).length).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(3 + 8);
    expect(hits(files)).toEqual([]);
    store.close();
    expect(hits(files.filter((f) => existsSync(f)))).toEqual([]);
  });

  it('the same search finds them in an unencrypted database (the search works)', () => {
    const { store, files } = fillStore('none');
    const found = hits(files.slice(0, 2));
    expect(found).toEqual(expect.arrayContaining([expect.stringContaining(`${samplePerson.idNumber} (UTF-8)`), expect.stringContaining(`${samplePerson.name} (UTF-8)`)]));
    store.close();
  });
});
