/**
 * Accessibility audit of the citizen screens (kiosk-ux.md): an axe scan (WCAG 2 A/AA) with no
 * serious or critical finding, touch targets >= 60 x 60 CSS px and text >= 24 px (18 pt).
 * One core for the whole file with a shortened idle time, so the idle prompt can be reached too.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { cameraClip, expect, faceCardsEnv, openPinPad, placeCard, test, withFakeCamera } from './fixtures.ts';

/**
 * Not citizen UI, left out of every check. Keep this list short; each entry needs a reason.
 */
const EXCLUDED = [
  '[data-testid=dev-dock]', // simulator-only dev dock, never built into a kiosk
];

const MIN_TARGET_PX = 60;
const MIN_FONT_PX = 24;

/** Axe scan; fails listing rule ids and targets of every serious or critical violation. */
const expectNoSeriousAxeViolations = async (page: Page, screen: string) => {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  for (const selector of EXCLUDED) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(report, `${screen}: serious or critical axe violations`).toEqual([]);
};

/** Visible controls smaller than 60 x 60 and visible text below 24 px, outside the exclusions. */
const expectKioskSizes = async (page: Page, screen: string) => {
  const { problems, controls, texts } = await page.evaluate(
    ({ excluded, minTarget, minFont }) => {
      const out: string[] = [];
      let controls = 0;
      let texts = 0;
      const isExcluded = (el: Element) => excluded.some((sel) => el.closest(sel) !== null);
      const visible = (el: Element) => {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (el as HTMLElement).closest('[aria-hidden=true],[hidden]') === null;
      };
      const describe = (el: Element) =>
        `<${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? ` data-testid=${el.getAttribute('data-testid')}` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 20)}"`;
      for (const el of Array.from(document.querySelectorAll('button, [role=button], a, select'))) {
        if (isExcluded(el) || !visible(el)) continue;
        controls += 1;
        const r = el.getBoundingClientRect();
        if (r.width < minTarget || r.height < minTarget) out.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${describe(el)}`);
      }
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !(node.textContent ?? '').trim()) continue;
        if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || isExcluded(parent) || !visible(parent)) continue;
        texts += 1;
        const size = parseFloat(getComputedStyle(parent).fontSize);
        if (size < minFont) out.push(`text ${size}px: ${describe(parent)}`);
      }
      return { problems: out, controls, texts };
    },
    { excluded: EXCLUDED, minTarget: MIN_TARGET_PX, minFont: MIN_FONT_PX },
  );
  // The screen was really measured (a blank page would pass the checks below).
  expect(controls + texts, `${screen}: nothing measured`).toBeGreaterThan(0);
  expect(problems, `${screen}: controls under 60 x 60 px or text under 24 px`).toEqual([]);
};

/** Both checks on the screen now showing. */
const audit = async (page: Page, screen: string) => {
  await expectNoSeriousAxeViolations(page, screen);
  await expectKioskSizes(page, screen);
};

const demoCardId = async (core: KioskCoreHandle, label: RegExp) => {
  const { cards } = await core.call('sim.catalogue', {});
  const card = cards.find((c) => label.test(c.label));
  if (!card) throw new Error(`no demo card labelled ${label}`);
  return card.id;
};

/**
 * Idle time for this file: short enough to reach the idle prompt, long enough that no other screen
 * is covered by it while being scanned (each scan takes a second or two).
 */
const IDLE_SECONDS = 30;

// Fake camera and face cards: the consent screen only appears when a camera could be used.
test.use({
  coreEnv: { ...faceCardsEnv, KIOSK_IDLE_SECONDS: String(IDLE_SECONDS), KIOSK_COUNTDOWN_SECONDS: '30' },
  launchOptions: withFakeCamera(cameraClip('holder-a4')),
});

test('home screen', async ({ kiosk }) => {
  await audit(kiosk, 'home');
});

test('card prompt', async ({ kiosk }) => {
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('card-prompt')).toBeVisible();
  await audit(kiosk, 'card prompt');
});

test('card error (expired card)', async ({ kiosk, core }) => {
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('card-prompt')).toBeVisible();
  await core.call('sim.placeCard', { cardId: await demoCardId(core, /过期|expired/i) });
  await expect(kiosk.getByTestId('card-error-message')).toContainText('过期');
  await audit(kiosk, 'card error');
});

test('welcome', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, await demoCardId(core, /老年|elder/i));
  await audit(kiosk, 'welcome');
});

test('face consent, face alternative (declined) and service placeholder', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, 'person-a-1');
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('face-consent')).toBeVisible();
  await audit(kiosk, 'face consent');
  await kiosk.getByTestId('face-consent-no').click();
  await expect(kiosk.getByTestId('face-alternative')).toHaveAttribute('data-reason', 'declined');
  await audit(kiosk, 'face alternative');
  await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('service-pending')).toContainText('法律援助申请');
  await audit(kiosk, 'service placeholder');
});

test('PIN pad', async ({ kiosk }) => {
  await openPinPad(kiosk);
  await audit(kiosk, 'PIN pad');
});

test('idle prompt', async ({ kiosk, core }) => {
  test.setTimeout(90_000);
  await placeCard(kiosk, core, await demoCardId(core, /老年|elder/i));
  await expect(kiosk.getByTestId('idle-prompt')).toBeVisible({ timeout: IDLE_SECONDS * 1000 + 15_000 });
  await audit(kiosk, 'idle prompt');
});
