/**
 * Memory of the core across citizen sessions: heap after 10 read/wipe cycles vs after 1,000, with
 * a forced GC before each measurement. Growth beyond noise would mean the core keeps something of
 * every person it has seen. Real core process, simulated SAM on a PTY, events over the WebSocket.
 *
 *   npm run bench -- core-memory           (or: node --import tsx tests/bench/core-memory.bench.ts)
 */
import WebSocket from 'ws';
import { startKioskCore } from '../support/kiosk-core.ts';

const CYCLES = Number(process.env.BENCH_CYCLES ?? 1000);
const core = await startKioskCore({ KIOSK_SIM_READ_DELAY_MS: '0', KIOSK_IDLE_SECONDS: '3600', KIOSK_IDCARD_POLL_MS: '50' }, ['--expose-gc']);

const ws = new WebSocket(`${core.apiBase.replace('http', 'ws')}/api/events`);
let waiter: { type: string; resolve: () => void } | null = null;
ws.on('message', (data) => {
  const event = JSON.parse(String(data)) as { type: string };
  if (waiter && event.type === waiter.type) {
    const w = waiter;
    waiter = null;
    w.resolve();
  }
});
await new Promise((r) => ws.once('open', r));
ws.send(JSON.stringify({ type: 'auth', secret: core.secret }));
const next = (type: string) => new Promise<void>((resolve) => (waiter = { type, resolve }));

const { cards } = await core.call('sim.catalogue', {});
const valid = cards.filter((c) => !/过期|expired|校验|checksum/i.test(c.label)).map((c) => c.id);

const heapAfterGc = async () => {
  const response = await core.request('/api/health?gc=1');
  return ((await response.json()) as { value: { memory: { heapUsed: number; rss: number } } }).value.memory;
};

const cycle = async (i: number) => {
  const read = next('card.read');
  await core.call('sim.placeCard', { cardId: valid[i % valid.length]! });
  await read;
  const removed = next('card.removed');
  await core.call('sim.removeCard', {});
  await removed;
  const ended = next('session.ended');
  await core.call('session.end', { reason: 'user' });
  await ended;
};

// Checkpoints show whether heap grows with every person (a leak: linear) or only while the JIT
// and caches warm up (a plateau).
const checkpoints = [...new Set([10, 100, 500, CYCLES].filter((n) => n <= CYCLES))];
const heaps: Array<{ cycles: number; heapUsed: number; rss: number }> = [];
const began = Date.now();
let done = 0;
for (const checkpoint of checkpoints) {
  for (; done < checkpoint; done++) await cycle(done);
  heaps.push({ cycles: done, ...(await heapAfterGc()) });
}
ws.close();
await core.stop();

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
const first = heaps[0]!;
const last = heaps.at(-1)!;
console.log(`core memory over read/wipe cycles (${((Date.now() - began) / 1000).toFixed(0)} s in all; heap after a forced GC)`);
for (const h of heaps) {
  console.log(`after ${String(h.cycles).padStart(5)} cycles: heapUsed ${mb(h.heapUsed)}  rss ${mb(h.rss)}  ratio to ${first.cycles}: ${(h.heapUsed / first.heapUsed).toFixed(3)}`);
}
const perCycleLate = heaps.length >= 3 ? (last.heapUsed - heaps.at(-2)!.heapUsed) / (last.cycles - heaps.at(-2)!.cycles) : Number.NaN;
console.log(`ratio heapUsed ${last.cycles}/${first.cycles}: ${(last.heapUsed / first.heapUsed).toFixed(3)}; late growth ${perCycleLate.toFixed(0)} bytes/cycle`);
