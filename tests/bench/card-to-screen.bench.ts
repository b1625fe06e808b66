/**
 * From the reader's last byte to the name on screen: the core + renderer overhead of a card read.
 * Real core process, simulated SAM on a PTY (read delay 0: the reader's own ~1 s is not ours to
 * measure), Debian Chromium on the kiosk page. The core reports the last byte's time (benchmark
 * hook, no personal data); the page stamps the moment the name element appears.
 *
 *   npm run bench -- card-to-screen        (or: node --import tsx tests/bench/card-to-screen.bench.ts)
 */
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/playwright.config.ts';
import { startKioskCore } from '../support/kiosk-core.ts';
import { fmt, summary } from './stats.ts';

const READS = Number(process.env.BENCH_READS ?? 200);

const core = await startKioskCore({ KIOSK_SIM_READ_DELAY_MS: '0', KIOSK_BENCH_TIMINGS: '1', KIOSK_IDLE_SECONDS: '3600', KIOSK_IDCARD_POLL_MS: '50' });
const published: Array<{ receivedAt: number; publishedAt: number }> = [];
core.process.stdout!.on('data', (chunk: string) => {
  for (const match of String(chunk).matchAll(/KIOSK_BENCH (\{[^\n]*\})/g)) published.push(JSON.parse(match[1]!));
});

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
await page.goto(core.kioskUrl);
await page.getByTestId('home').waitFor();
const { cards } = await core.call('sim.catalogue', {});
const validCards = cards.filter((c) => !/过期|expired|校验|checksum/i.test(c.label)).map((c) => c.id);

const total: number[] = [];
const coreOnly: number[] = [];
const rendererOnly: number[] = [];
for (let i = 0; i < READS; i++) {
  // Stamp the first frame in which the greeting's name is in the DOM.
  // A string, not a function: tsx would wrap a function with helpers the page does not have.
  const shown = page.evaluate<number>(`new Promise((resolve) => {
    const done = () => resolve(performance.timeOrigin + performance.now());
    if (document.querySelector('[data-testid="welcome-name"]')) return done();
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="welcome-name"]')) { observer.disconnect(); done(); }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })`);
  const before = published.length;
  await core.call('sim.placeCard', { cardId: validCards[i % validCards.length]! });
  const shownAt = await shown;
  while (published.length === before) await new Promise((r) => setTimeout(r, 5));
  const { receivedAt, publishedAt } = published[before]!;
  total.push(shownAt - receivedAt);
  coreOnly.push(publishedAt - receivedAt);
  rendererOnly.push(shownAt - publishedAt);
  await core.call('sim.removeCard', {});
  // The reader must see the field empty before the next card counts as a new one.
  while ((await core.call('device.status', {})).reader.state !== 'ready') await new Promise((r) => setTimeout(r, 10));
  await core.call('session.end', { reason: 'user' });
  await page.getByTestId('home').waitFor();
  await page.getByTestId('welcome-name').waitFor({ state: 'detached' });
}

await browser.close();
await core.stop();

const show = (label: string, values: number[]) => {
  const s = summary(values);
  console.log(`${label.padEnd(34)} median ${fmt(s.median)}  p95 ${fmt(s.p95)}  min ${fmt(s.min)}  max ${fmt(s.max)}  (n=${s.n})`);
};
console.log(`card read -> name on screen, ${READS} reads (reader's own read time excluded)`);
show('last byte -> name in DOM (total)', total);
show('  core: last byte -> event sent', coreOnly);
show('  renderer: event sent -> name in DOM', rendererOnly);
