/**
 * Counts, inside the kiosk page, what a person does in a flow (the usability budget): screens seen
 * (route changes and the step, phase, level or question of the screen on show), taps (every
 * pointer press, a signature stroke included) and characters typed (presses of a letter or digit
 * key on the on-screen keyboard, digit pad or date pad). Counted where the person acts, not where
 * the script thinks it acted, so a screen a flow passes through by itself counts too.
 */
import type { Page } from '@playwright/test';

export const FIGURES = ['screens', 'taps', 'characters'] as const;
export type UsabilityFigures = Record<(typeof FIGURES)[number], number>;

/**
 * The page-side counter, as a string: the kiosk page is already loaded (the app never reloads),
 * and a string keeps the test runner's transforms out of the page.
 */
const COUNTER_SCRIPT = `(() => {
  // Brief states between two screens (a look-up, a submit in progress) are not screens one acts on.
  const TRANSIENT = new Set(['loading', 'submitting', 'checking', 'preparing', 'requesting', 'idle']);
  const attr = (testid, name) => document.querySelector('[data-testid="' + testid + '"]')?.getAttribute(name) ?? '';
  const present = (testids) => testids.filter((id) => document.querySelector('[data-testid="' + id + '"]') !== null).join(',');
  const signature = () => {
    const states = [
      attr('apply', 'data-step'),
      attr('documents-screen', 'data-phase'),
      attr('document-question', 'data-question'),
      attr('fees-screen', 'data-phase'),
      attr('status', 'data-phase'),
      attr('education-screen', 'data-level'),
      attr('consult-screen', 'data-screen'),
    ];
    if (states.some((s) => TRANSIENT.has(s))) return null;
    const route = location.hash.replace(/^#/, '').split('?')[0];
    return [route, ...states, present(['card-prompt', 'face-consent', 'face-alternative', 'face-verify', 'face-passed', 'idle-prompt', 'attract-loop'])].join('|');
  };
  const counter = { screens: 0, taps: 0, characters: 0, trail: [] };
  let last = signature();
  const observe = () => {
    const now = signature();
    if (now === null || now === last) return;
    last = now;
    counter.screens += 1;
    counter.trail.push(now.split('|').filter((s) => s !== '').join(':'));
  };
  new MutationObserver(observe).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step', 'data-phase', 'data-question', 'data-level', 'data-screen'] });
  window.addEventListener('hashchange', observe);
  document.addEventListener('pointerdown', (event) => {
    counter.taps += 1;
    const key = event.target instanceof Element ? event.target.closest('[data-testid]')?.getAttribute('data-testid') ?? '' : '';
    if (/^(kb|dp|date)-key-([a-z0-9]|point)$/.test(key)) counter.characters += 1;
  }, { capture: true, passive: true });
  window.__usabilityCounter = counter;
})()`;

/** Starts counting on the screen now showing (it is not counted itself: the flow starts there). */
export const installUsabilityCounter = async (page: Page): Promise<void> => {
  await page.evaluate(COUNTER_SCRIPT);
};

export const readUsabilityCounter = (page: Page): Promise<UsabilityFigures & { trail: string[] }> =>
  page.evaluate(`(() => { const c = window.__usabilityCounter; return { screens: c.screens, taps: c.taps, characters: c.characters, trail: [...c.trail] }; })()`);
