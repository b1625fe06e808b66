/**
 * Face engine benchmark in Debian Chromium (production FaceApiVerifier: worker, tfjs WASM SIMD,
 * verified weights), on fixture photos framed as 640x480 camera frames:
 *   - model load at start-up (fresh page each time: fetch + sha256 + WASM init + weights)
 *   - live pass (tiny detector + 68 landmarks) per frame, and describe (SSD + landmarks + 128-d)
 *   - full verification: first frame -> match decision, and -> liveness decision (recorded
 *     landmark motion over the real frames, replay.ts; sameFace describe after each challenge)
 *   - memory after 10 and after N match verifications (page JS heap, renderer RSS incl. worker and
 *     WASM heap, tfjs tensors)
 *
 *   node --import tsx tests/bench/face-verify.bench.ts      (FACE_BENCH_VERIFICATIONS=200, FACE_BENCH_ISOLATED=1)
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { openHarness } from '../calibration/harness-runner.ts';
import { fmt, summary } from './stats.ts';

const VERIFICATIONS = Number(process.env.FACE_BENCH_VERIFICATIONS ?? 200);
const ISOLATED = process.env.FACE_BENCH_ISOLATED === '1';
const PHOTO = '/fixtures/person-a-1.jpg';
const LIVE = '/fixtures/person-a-4.jpg';

type Harness = Record<string, (...args: unknown[]) => Promise<unknown>>;
const call = <T>(page: Page, fn: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([name, params]) => (window as unknown as { faceHarness: Harness }).faceHarness[name as string]!(...(params as unknown[])), [fn, args] as const) as Promise<T>;

const line = (label: string, values: number[]): void => {
  const s = summary(values);
  process.stdout.write(`${label.padEnd(34)} n=${s.n} median ${fmt(s.median)}  p95 ${fmt(s.p95)}  min ${fmt(s.min)}  max ${fmt(s.max)}\n`);
};
/**
 * Resident memory of the Chromium renderer processes we launched (the page and its face worker,
 * WASM heap included): processes with --type=renderer whose ancestors include this Node process.
 * performance.memory does not exist in workers, so this is the honest total.
 */
const rendererRss = (): number => {
  const parentOf = (pid: string): string | null => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] ?? null;
    } catch {
      return null;
    }
  };
  const ours = (pid: string): boolean => {
    for (let p: string | null = pid, depth = 0; p && p !== '0' && depth < 10; p = parentOf(p), depth++) if (p === String(process.pid)) return true;
    return false;
  };
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer') || !ours(pid)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
};

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

interface Verification {
  photoMs: number;
  matchMs: number;
  livenessMs: number;
  totalFromFirstFrameMs: number;
  decision: string | null;
  liveness: string | null;
}

let harness = await openHarness({ isolated: ISOLATED });
process.stdout.write(`face bench: Chromium, ${ISOLATED ? 'cross-origin isolated' : 'not isolated'}\n`);
try {
  // Start-up: each load in a fresh page (the weights are fetched and hashed every time: no-store).
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) {
      await harness.close();
      harness = await openHarness({ isolated: ISOLATED, build: false });
    }
    const info = await call<{ loadMs: number; backend: string; threads: number; crossOriginIsolated: boolean }>(harness.page, 'load');
    loads.push(info.loadMs);
    if (i === 0) process.stdout.write(`engine: backend ${info.backend}, threads ${info.threads}, crossOriginIsolated ${info.crossOriginIsolated}\n`);
  }
  line('model load (fetch+verify+init)', loads);

  const page = harness.page;
  line('live pass (analyse, 640x480)', await call<number[]>(page, 'timeAnalyse', LIVE, 60));
  line('describe (SSD+landmarks+128-d)', await call<number[]>(page, 'timeDescribe', LIVE, 15));

  const full: Verification[] = [];
  for (let seed = 1; seed <= 5; seed++) full.push(await call<Verification>(page, 'verifyOnce', PHOTO, LIVE, true, seed));
  process.stdout.write(`full verifications: decisions ${[...new Set(full.map((v) => v.decision))].join(',')}, liveness ${[...new Set(full.map((v) => v.liveness))].join(',')}\n`);
  line('ID photo describe (102x126)', full.map((v) => v.photoMs));
  line('first frame -> match decision', full.map((v) => v.matchMs));
  line('first frame -> liveness decision', full.map((v) => v.totalFromFirstFrameMs));

  const memory = async () => {
    await page.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
    const pageHeap = await page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN);
    const tf = await call<{ numTensors: number; numBytes: number }>(page, 'memory');
    return { pageHeap, rendererRss: rendererRss(), ...tf };
  };
  const show = (label: string, m: Awaited<ReturnType<typeof memory>>): void => {
    process.stdout.write(`${label.padEnd(34)} page JS heap ${mb(m.pageHeap)}, renderer RSS ${mb(m.rendererRss)}, tfjs ${m.numTensors} tensors / ${mb(m.numBytes)}\n`);
  };
  const matchTimes: number[] = [];
  let after10: Awaited<ReturnType<typeof memory>> | null = null;
  for (let i = 1; i <= VERIFICATIONS; i++) {
    const v = await call<Verification>(page, 'verifyOnce', PHOTO, LIVE, false);
    matchTimes.push(v.matchMs + v.photoMs);
    if (i === 10) {
      after10 = await memory();
      show('memory after 10 verifications', after10);
    }
  }
  const afterN = await memory();
  show(`memory after ${VERIFICATIONS} verifications`, afterN);
  line('match verification (photo+frames)', matchTimes);
  if (after10) process.stdout.write(`growth 10 -> ${VERIFICATIONS}: page JS heap ${mb(afterN.pageHeap - after10.pageHeap)}, renderer RSS ${mb(afterN.rendererRss - after10.rendererRss)}, tensors ${afterN.numTensors - after10.numTensors}\n`);
} finally {
  await harness.close();
}
