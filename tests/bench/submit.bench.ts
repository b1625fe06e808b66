/**
 * Submit latency of the kiosk's local store: one transaction with the application, its attachment
 * rows and the outbox row, attachment files encrypted and fsync'd first. Measured with 3 photos of
 * ~250 KB + a signature, and without attachments; each against a SQLCipher database and, in the
 * same run and interleaved submit by submit, against a plain database (attachments are encrypted in
 * both, so the ratio is the price of SQLCipher itself).
 *
 *   npm run bench -- submit        (or: node --expose-gc --import tsx tests/bench/submit.bench.ts)
 */
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { sealAttachment } from '../../electron/core/store/attachment-cipher.ts';
import { openKioskStoreWith, type KioskStore, type SubmitApplicationInput } from '../../electron/core/store/kiosk-store.ts';
import { makeStoreDir, sampleInput } from '../../electron/core/store/testing.ts';
import { fmt, percentile, summary } from './stats.ts';

const SUBMITS = Number(process.env.BENCH_SUBMITS ?? 300);
const WARMUP = 10;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const openStore = (databaseCipher: 'sqlcipher' | 'none') => {
  const paths = makeStoreDir(`bench-submit-${databaseCipher}-`);
  const opened = openKioskStoreWith({ ...paths, key: randomBytes(32), now: () => Date.now() }, { databaseCipher });
  if (!opened.ok) throw new Error(`open failed: ${opened.error.code}`);
  return { store: opened.value, dbFile: paths.dbFile };
};

const withAttachments = () => sampleInput({ attachmentBytes: [randomBytes(250_000), randomBytes(250_000), randomBytes(250_000), randomBytes(20_000)] });
const withoutAttachments = () => sampleInput({ attachmentBytes: [] });

const timeSubmit = (store: KioskStore, input: SubmitApplicationInput) => {
  const start = performance.now();
  const result = store.submitApplication(input);
  const ms = performance.now() - start;
  if (!result.ok) throw new Error(`submit failed: ${result.error.code}`);
  return ms;
};

const line = (label: string, values: number[]) => {
  const s = summary(values);
  console.log(`${label.padEnd(34)} n=${s.n}  median ${fmt(s.median)}  p95 ${fmt(s.p95)}  p99 ${fmt(percentile(values, 99))}  max ${fmt(s.max)}`);
};

const encrypted = openStore('sqlcipher');
const plain = openStore('none');

for (const [variant, make] of [
  ['3 x 250 KB photos + signature', withAttachments],
  ['no attachments', withoutAttachments],
] as const) {
  const times = { sqlcipher: [] as number[], plain: [] as number[] };
  gc();
  for (let i = 0; i < WARMUP + SUBMITS; i += 1) {
    // Interleaved, so both see the same disk and machine load.
    const e = timeSubmit(encrypted.store, make());
    const p = timeSubmit(plain.store, make());
    if (i >= WARMUP) {
      times.sqlcipher.push(e);
      times.plain.push(p);
    }
  }
  console.log(`\nsubmit, ${variant}:`);
  line('  SQLCipher database', times.sqlcipher);
  line('  plain database', times.plain);
  const ratio = (p: number) => percentile(times.sqlcipher, p) / percentile(times.plain, p);
  console.log(`  encrypted / plain: median x${ratio(50).toFixed(2)}, p95 x${ratio(95).toFixed(2)}, p99 x${ratio(99).toFixed(2)}`);
}

const photo = randomBytes(250_000);
const key = randomBytes(32);
const seal: number[] = [];
for (let i = 0; i < 200; i += 1) {
  const start = performance.now();
  sealAttachment(photo, key, 'bench');
  seal.push(performance.now() - start);
}
console.log('');
line('sealing one 250 KB photo (AES-GCM)', seal);
const size = (f: string) => `${(statSync(f).size / 1024).toFixed(0)} KiB`;
console.log(`database file after ${2 * (WARMUP + SUBMITS)} submits: SQLCipher ${size(encrypted.dbFile)}, plain ${size(plain.dbFile)}`);
encrypted.store.close();
plain.store.close();
