/**
 * The accessibility checks of kiosk-ux.md as helpers for any end-to-end spec, measured on the
 * rendered screen: an axe scan (WCAG 2 A/AA) with no serious or critical finding, touch targets
 * >= 60 x 60 CSS px, text >= 18 pt (24 px; 30 pt = 40 px in 关怀版), and every visible text at
 * >= 4.5:1 against the background it is painted on (our own computation, stricter than axe, which
 * allows 3:1 for text this large).
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
/** 18 pt; kiosk-ux.md's floor for every citizen text. */
const MIN_FONT_PX = 24;
/** 30 pt; the floor in 关怀版 (html.large-text). */
const MIN_CARE_FONT_PX = 40;
const MIN_CONTRAST = 4.5;

/** Axe scan; fails listing rule ids and targets of every serious or critical violation. */
export const expectNoSeriousAxeViolations = async (page: Page, screen: string) => {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  for (const selector of EXCLUDED) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  expect(report, `${screen}: serious or critical axe violations`).toEqual([]);
};

export interface KioskMeasurements {
  readonly problems: string[];
  readonly controls: number;
  readonly texts: number;
  /** Texts whose contrast was computed (the others sit on a picture or a gradient). */
  readonly contrastChecked: number;
  readonly careMode: boolean;
}

/**
 * Measures the screen now showing: visible controls under 60 x 60, visible text under the floor
 * of the current mode, and text under 4.5:1 against its effective background (the element's and
 * its ancestors' background colours composited over the white canvas; the element's colour alpha
 * and the ancestors' opacity applied). Texts over a background image are counted as unchecked.
 */
export const measureKioskScreen = (page: Page): Promise<KioskMeasurements> =>
  page.evaluate(
    ({ excluded, minTarget, minFont, minCareFont, minContrast }) => {
      type Rgba = [number, number, number, number];
      const out: string[] = [];
      let controls = 0;
      let texts = 0;
      let contrastChecked = 0;
      const careMode = document.documentElement.classList.contains('large-text');
      const floor = careMode ? minCareFont : minFont;
      const isExcluded = (el: Element) => excluded.some((sel) => el.closest(sel) !== null);
      const visible = (el: Element) => {
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (el as HTMLElement).closest('[aria-hidden=true],[hidden]') === null;
      };
      const describe = (el: Element) =>
        `<${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? ` data-testid=${el.getAttribute('data-testid')}` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}> "${(el.textContent ?? '').trim().slice(0, 20)}"`;

      // Colours as Chromium computes them: rgb()/rgba(), or color(srgb r g b / a) for newer syntax.
      const parse = (css: string): Rgba | null => {
        let m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(css);
        if (m) return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : Number(m[4])];
        m = /^color\(srgb\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)(?:\s*\/\s*([\d.]+))?\)$/.exec(css);
        if (m) return [Number(m[1]) * 255, Number(m[2]) * 255, Number(m[3]) * 255, m[4] === undefined ? 1 : Number(m[4])];
        return null;
      };
      const over = (top: Rgba, bottom: Rgba): Rgba => {
        const a = top[3] + bottom[3] * (1 - top[3]);
        if (a === 0) return [0, 0, 0, 0];
        const mix = (i: number) => (top[i]! * top[3] + bottom[i]! * bottom[3] * (1 - top[3])) / a;
        return [mix(0), mix(1), mix(2), a];
      };
      const luminance = ([r, g, b]: Rgba) => {
        const lin = (v: number) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const hex = (c: Rgba) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
      /** The background the element's text is painted on, or null when a picture is part of it. */
      const backgroundOf = (el: Element): { colour: Rgba; opacity: number } | null => {
        const layers: Rgba[] = [];
        let opacity = 1;
        for (let node: Element | null = el; node; node = node.parentElement) {
          const style = getComputedStyle(node);
          opacity *= Number(style.opacity);
          if (style.backgroundImage !== 'none') return null;
          const colour = parse(style.backgroundColor);
          if (colour === null) return null;
          if (colour[3] > 0) layers.push(colour);
          if (colour[3] >= 1) break;
        }
        let result: Rgba = [255, 255, 255, 1]; // the canvas under everything
        for (const layer of layers.reverse()) result = over(layer, result);
        return { colour: result, opacity };
      };

      for (const el of Array.from(document.querySelectorAll('button, [role=button], a, select'))) {
        if (isExcluded(el) || !visible(el)) continue;
        controls += 1;
        const r = el.getBoundingClientRect();
        if (r.width < minTarget || r.height < minTarget) out.push(`target ${Math.round(r.width)}x${Math.round(r.height)}: ${describe(el)}`);
      }
      const measured = new Set<Element>();
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !(node.textContent ?? '').trim()) continue;
        if (['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(parent.tagName) || isExcluded(parent) || !visible(parent)) continue;
        if (measured.has(parent)) continue;
        measured.add(parent);
        texts += 1;
        const style = getComputedStyle(parent);
        const size = parseFloat(style.fontSize);
        if (size < floor) out.push(`text ${size}px (floor ${floor}px${careMode ? ', 关怀版' : ''}): ${describe(parent)}`);
        const background = backgroundOf(parent);
        const colour = parse(style.color);
        if (background === null) continue;
        if (colour === null) {
          out.push(`colour not understood (${style.color}): ${describe(parent)}`);
          continue;
        }
        contrastChecked += 1;
        // Faded text (its own alpha, an ancestor's opacity) is seen mixed into what is behind it.
        const seen = over([colour[0], colour[1], colour[2], colour[3] * background.opacity], background.colour);
        const [hi, lo] = [luminance(seen), luminance(background.colour)].sort((a, b) => b - a) as [number, number];
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < minContrast) out.push(`contrast ${ratio.toFixed(2)}:1 (${hex(seen)} on ${hex(background.colour)}): ${describe(parent)}`);
      }
      return { problems: out, controls, texts, contrastChecked, careMode };
    },
    { excluded: EXCLUDED, minTarget: MIN_TARGET_PX, minFont: MIN_FONT_PX, minCareFont: MIN_CARE_FONT_PX, minContrast: MIN_CONTRAST },
  );

/** Visible controls smaller than 60 x 60, text under the mode's floor and text under 4.5:1. */
export const expectKioskSizes = async (page: Page, screen: string) => {
  const { problems, controls, texts, contrastChecked } = await measureKioskScreen(page);
  // The screen was really measured (a blank page would pass the checks below).
  expect(controls + texts, `${screen}: nothing measured`).toBeGreaterThan(0);
  if (texts > 0) expect(contrastChecked, `${screen}: no text's contrast could be computed`).toBeGreaterThan(0);
  expect(problems, `${screen}: controls under 60 x 60 px, text under 18 pt (30 pt in 关怀版) or contrast under 4.5:1`).toEqual([]);
};

/** Both checks on the screen now showing. */
export const audit = async (page: Page, screen: string) => {
  await expectNoSeriousAxeViolations(page, screen);
  await expectKioskSizes(page, screen);
};

/** Switches 关怀版 or the high-contrast theme from the AccessBar, as a person does, and waits for it. */
export const setMode = async (page: Page, mode: 'care' | 'contrast', on: boolean) => {
  const toggle = page.getByTestId(mode === 'care' ? 'care-toggle' : 'contrast-toggle').first();
  const htmlClass = mode === 'care' ? 'large-text' : 'high-contrast';
  if ((await toggle.getAttribute('aria-pressed')) !== String(on)) await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', String(on));
  await expect.poll(() => page.evaluate((c) => document.documentElement.classList.contains(c), htmlClass)).toBe(on);
};

/**
 * The screen in the default look, in 关怀版 and in the high-contrast theme, each audited, and the
 * default look back at the end. The screen must show the AccessBar.
 */
export const auditInEveryMode = async (page: Page, screen: string) => {
  await audit(page, screen);
  await setMode(page, 'care', true);
  await audit(page, `${screen} (关怀版)`);
  await setMode(page, 'care', false);
  await setMode(page, 'contrast', true);
  await audit(page, `${screen} (高对比度)`);
  await setMode(page, 'contrast', false);
};
