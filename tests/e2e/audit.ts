/**
 * The accessibility checks of kiosk-ux.md as helpers for any end-to-end spec: an axe scan (WCAG 2
 * A/AA) with no serious or critical finding, touch targets >= 60 x 60 CSS px, text >= 24 px.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

/**
 * Not citizen UI, left out of every check. Keep this list short; each entry needs a reason.
 */
const EXCLUDED = [
  '[data-testid=dev-dock]', // simulator-only dev dock, never built into a kiosk
];

const MIN_TARGET_PX = 60;
const MIN_FONT_PX = 24;

/** Axe scan; fails listing rule ids and targets of every serious or critical violation. */
export const expectNoSeriousAxeViolations = async (page: Page, screen: string) => {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  for (const selector of EXCLUDED) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(report, `${screen}: serious or critical axe violations`).toEqual([]);
};

/** Visible controls smaller than 60 x 60 and visible text below 24 px, outside the exclusions. */
export const expectKioskSizes = async (page: Page, screen: string) => {
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
export const audit = async (page: Page, screen: string) => {
  await expectNoSeriousAxeViolations(page, screen);
  await expectKioskSizes(page, screen);
};
