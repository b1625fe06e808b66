/**
 * What a person perceives, measured in the page: the spoken prompts (the shared <audio>'s plays and
 * states, and the texts sent to voice.render), the size of text and targets, the contrast of
 * buttons, and Chinese characters left on an English screen. Shared by voice, care-mode and
 * english specs.
 */
import type { Page, Request } from '@playwright/test';

/** Counts `playing` on the speech player and logs its states, from before the app loads. */
export const recordSpeech = async (page: Page) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __plays: number; __states: string[] };
    w.__plays = 0;
    w.__states = [];
    // `playing` does not bubble, but capture on document sees it.
    document.addEventListener('playing', (e) => (e.target as HTMLElement).id === 'kiosk-speech' && (w.__plays += 1), true);
    new MutationObserver((records) => {
      for (const r of records) if ((r.target as HTMLElement).id === 'kiosk-speech' && r.attributeName === 'data-state') w.__states.push((r.target as HTMLElement).dataset.state ?? '');
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-state'] });
  });
};
export const plays = (page: Page) => page.evaluate(() => (window as unknown as { __plays: number }).__plays);
export const states = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[] }).__states);

export interface Rendered {
  readonly text: string;
  readonly locale?: string;
  readonly key?: string;
  readonly cacheable?: boolean;
}
/** Every voice.render the page asks for, in order. */
export const recordRenders = (page: Page): Rendered[] => {
  const renders: Rendered[] = [];
  page.on('request', (request: Request) => {
    if (request.url().includes('/api/cmd/voice.render')) renders.push(request.postDataJSON() as Rendered);
  });
  return renders;
};

/** Visible elements with their own text whose computed font size is below `minPx`. */
export const smallTexts = (page: Page, minPx: number) =>
  page.evaluate((min) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      if (el.closest('.dev-dock, #kiosk-speech, .tech-corner')) continue;
      const own = Array.from(el.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? '').join('').trim();
      if (!own || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.closest('[aria-hidden="true"]')) continue;
      const size = parseFloat(style.fontSize);
      if (size < min) out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} "${own.slice(0, 20)}" ${size}px`);
    }
    return out;
  }, minPx);

/** Visible buttons smaller than `minPx` in either direction. */
export const smallTargets = (page: Page, minPx: number) =>
  page.evaluate((min) => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button, [role="button"], a[href]'))) {
      if (el.closest('.dev-dock')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      if (box.width < min || box.height < min) out.push(`${el.dataset.testid ?? el.textContent?.trim().slice(0, 20)} ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    return out;
  }, minPx);

/** Visible buttons whose text/background contrast is below `minRatio` (WCAG relative luminance). */
export const lowContrastButtons = (page: Page, minRatio: number) =>
  page.evaluate((min) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r = 0, g = 0, b = 0]: number[]) => {
      const c = [r, g, b].map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
    };
    /** The first ancestor-or-self background that is not transparent. */
    const background = (el: HTMLElement | null): number[] => {
      for (let at = el; at; at = at.parentElement) {
        const c = rgb(getComputedStyle(at).backgroundColor);
        if (c.length >= 3 && (c.length < 4 || c[3]! > 0.5)) return c;
      }
      return [255, 255, 255];
    };
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('button'))) {
      if (el.closest('.dev-dock') || el.getClientRects().length === 0 || !el.textContent?.trim()) continue;
      const fg = lum(rgb(getComputedStyle(el).color));
      const bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      if (ratio < min) out.push(`${el.dataset.testid ?? el.textContent.trim().slice(0, 20)} ${ratio.toFixed(2)}:1`);
    }
    return out;
  }, minRatio);

/**
 * Visible texts with Chinese characters, except the named elements (the person's own name, the
 * station's name, the switch back to Chinese) and the developer's dock.
 */
export const hanOnScreen = (page: Page, exceptTestIds: readonly string[]) =>
  page.evaluate((skip) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const el = node.parentElement;
      if (!el || !/\p{Script=Han}/u.test(text) || el.getClientRects().length === 0) continue;
      if (el.closest('.dev-dock, [aria-hidden="true"]')) continue;
      if (skip.some((id) => el.closest(`[data-testid="${id}"]`))) continue;
      out.push(text.trim().slice(0, 40));
    }
    return out;
  }, exceptTestIds as string[]);
