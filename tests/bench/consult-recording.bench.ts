/**
 * The kiosk's consultation recording: how long appending one 1 s recorder chunk to the encrypted
 * spool takes (it happens every second during a call, on the core's event loop), and how long the
 * end of a call takes (joining the chunks, fixing the WebM duration, sealing the final file) for a
 * long recording, with the memory that needs. The WebM is a real ffmpeg recording whose clusters are
 * repeated up to the wanted size (~150 KB per second, the plan's 360 MB per hour at most).
 *
 *   npm run bench -- consult-recording     (BENCH_RECORDING_MINUTES, default 10)
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { makeLiveWebm, splitIntoChunks } from '../../electron/core/consult/testing.ts';
import { webmDurationParts } from '../../electron/core/consult/webm-duration.ts';
import { openKioskStore } from '../../electron/core/store/kiosk-store.ts';
import { makeStoreDir } from '../../electron/core/store/testing.ts';
import { fmt, percentile, summary } from './stats.ts';

const MINUTES = Number(process.env.BENCH_RECORDING_MINUTES ?? 10);
const BYTES_PER_SECOND = 150 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** A long WebM: the real file's header, then its clusters again and again. */
const longWebm = async (bytes: number): Promise<Buffer> => {
  const real = await makeLiveWebm(10);
  const firstCluster = real.indexOf(Buffer.from([0x1f, 0x43, 0xb6, 0x75]));
  const head = real.subarray(0, firstCluster);
  const clusters = real.subarray(firstCluster);
  const parts = [head];
  for (let size = head.length; size < bytes; size += clusters.length) parts.push(clusters);
  return Buffer.concat(parts);
};

const paths = makeStoreDir('bench-consult-');
const opened = openKioskStore({ ...paths, key: randomBytes(32), now: Date.now });
if (!opened.ok) throw new Error(opened.error.code);
const store = opened.value.consultations;

const seconds = MINUTES * 60;
const webm = await longWebm(seconds * BYTES_PER_SECOND);
const chunks = splitIntoChunks(webm, seconds);
const id = randomUUID();
store.begin({ consultationId: id, matterCategory: 'labour', startedMs: Date.now() });

const appends: number[] = [];
for (const [seq, chunk] of chunks.entries()) {
  const start = performance.now();
  const appended = store.appendChunk(id, seq, chunk);
  appends.push(performance.now() - start);
  if (!appended.ok) throw new Error(appended.error.code);
}

gc();
const rssBefore = process.memoryUsage().rss;
let rssPeak = rssBefore;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
const finishStart = performance.now();
const finished = store.finish({
  consultationId: id,
  endedMs: Date.now(),
  endReason: 'kiosk_hangup',
  rating: null,
  durationHintMs: seconds * 1000,
  finalize: (bytes) => {
    const fixed = webmDurationParts(bytes);
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    return fixed.ok ? fixed.value : null;
  },
});
const finishMs = performance.now() - finishStart;
rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
if (!finished.ok) throw new Error(finished.error.code);
const readStart = performance.now();
const read = store.readRecording(id);
const readMs = performance.now() - readStart;
rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
clearInterval(sampler);
if (!read.ok) throw new Error(read.error.code);

const s = summary(appends);
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log(`recording: ${MINUTES} min, ${chunks.length} chunks, ${mb(webm.length)}`);
console.log(`append one chunk (~${(BYTES_PER_SECOND / 1024).toFixed(0)} KB, sealed)   median ${fmt(s.median)}  p95 ${fmt(s.p95)}  p99 ${fmt(percentile(appends, 99))}  max ${fmt(s.max)}`);
console.log(`finish (join, fix duration, seal, write)  ${fmt(finishMs)}`);
console.log(`read for upload (open, verify sha256)     ${fmt(readMs)}`);
console.log(`memory during finish and read: rss +${mb(rssPeak - rssBefore)}`);
opened.value.close();
