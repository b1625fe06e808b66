/**
 * From a touch to the spoken prompt starting on the new screen (issue 7, kiosk-ux.md): the tap's
 * pointerdown in the page to the shared <audio id="kiosk-speech"> firing `playing` with the new
 * screen's first clip. Real core (espeak-ng renders the prompt), Debian Chromium on the kiosk page,
 * no card needed: the 普法 screens (topic menu, a topic, an item, and back), walked as a person does.
 *
 * "first render": a screen the core has not rendered since it started (fresh data directory, so no
 * disk cache either); "cached": the same screens again (the core's clip cache, in memory and, for
 * table texts, on disk). Each round starts a new core, so first renders are measured every round.
 *
 *   npm run bench -- voice-latency        (BENCH_ROUNDS, BENCH_PASSES to change the counts)
 */
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/playwright.config.ts';
import { startKioskCore } from '../support/kiosk-core.ts';
import { fmt, summary } from './stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Walks over the same screens per round; the first is the first-render pass. */
const PASSES = Number(process.env.BENCH_PASSES ?? 5);
/** Few enough screens that every clip stays in the core's in-memory cache (64 clips). */
const TOPICS = ['labour', 'family'];

// Strings, not functions: tsx would wrap a function with helpers the page does not have.
/** Stamps every tap and every clip that starts playing on the shared speech player. */
const WATCH = `(() => {
  window.__voice = { taps: [], plays: [] };
  document.addEventListener('pointerdown', (e) => window.__voice.taps.push(performance.timeOrigin + e.timeStamp), true);
  // Media events do not bubble, but a capturing listener on the document still sees them.
  document.addEventListener('playing', (e) => {
    if (e.target && e.target.id === 'kiosk-speech') window.__voice.plays.push({ at: performance.timeOrigin + performance.now(), src: e.target.src.length + ':' + e.target.src.slice(-48) });
  }, true);
})()`;

interface Sample {
  readonly ms: number;
  readonly first: boolean;
}

/**
 * Taps `testid` and waits for the new screen's prompt to start: the first clip that plays after
 * the tap and is not one of the old screen's clips (one that started a moment late is not the
 * new prompt).
 */
const tapAndHear = async (page: Page, testid: string): Promise<number> => {
  // The clips of the screen being left: played since the previous tap.
  const before = await page.evaluate<{ taps: number; srcs: string[] }>(
    `(() => { const v = window.__voice; const last = v.taps.at(-1) ?? 0; return { taps: v.taps.length, srcs: v.plays.filter((p) => p.at >= last).map((p) => p.src) }; })()`,
  );
  await page.getByTestId(testid).click();
  // Polled from here: the kiosk's Content-Security-Policy forbids the eval waitForFunction needs.
  const check = `(() => {
      const v = window.__voice;
      const tap = v.taps[${before.taps}];
      if (tap === undefined) return null;
      const old = new Set(${JSON.stringify(before.srcs)});
      const play = v.plays.find((p) => p.at >= tap && !old.has(p.src));
      return play ? play.at - tap : null;
    })()`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ms = await page.evaluate<number | null>(check);
    if (ms !== null) return ms;
    if (Date.now() > deadline) throw new Error(`no prompt started within 30 s after tapping ${testid}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

const samples: Sample[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const core = await startKioskCore({ KIOSK_IDLE_SECONDS: '3600' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await page.goto(core.kioskUrl);
    await page.getByTestId('home').waitFor();
    await page.evaluate(WATCH);
    const seen = new Set<string>();
    const measure = async (testid: string, screen: string) => {
      const ms = await tapAndHear(page, testid);
      samples.push({ ms, first: !seen.has(screen) });
      seen.add(screen);
    };
    for (let pass = 0; pass < PASSES; pass++) {
      await measure('tile-education', 'topics');
      for (const topic of TOPICS) {
        await measure(`education-topic-${topic}`, `topic ${topic}`);
        const items = await page.locator('button.education-item-button').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!));
        for (const item of items) {
          await measure(item, item);
          await measure('education-back', `topic ${topic}`);
        }
        await measure('education-back', 'topics');
      }
      // The home screen says nothing into an empty room: not a sample.
      await page.getByTestId('education-back').click();
      await page.getByTestId('home').waitFor();
    }
  } finally {
    await browser.close();
    await core.stop();
  }
}

const show = (label: string, values: number[]) => {
  const s = summary(values);
  console.log(`${label.padEnd(30)} median ${fmt(s.median)}  p95 ${fmt(s.p95)}  min ${fmt(s.min)}  max ${fmt(s.max)}  (n=${s.n})`);
};
console.log(`touch -> spoken prompt starting on the new screen (普法 screens, ${ROUNDS} fresh cores x ${PASSES} walks)`);
show('first render (uncached)', samples.filter((s) => s.first).map((s) => s.ms));
show('cached', samples.filter((s) => !s.first).map((s) => s.ms));
show('all', samples.map((s) => s.ms));
