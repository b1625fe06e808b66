/**
 * Driving the legal-aid interview on the kiosk screen the way a person does: one answer per
 * screen, the on-screen digit pad and pinyin keyboard, the signature pad. Shared by the specs that
 * apply at the kiosk.
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';

export const step = (kiosk: Page, id: string) => expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', id);

export const choose = async (kiosk: Page, at: string, value: string) => {
  await step(kiosk, at);
  await kiosk.getByTestId(`choice-${value}`).click();
};

export const next = (kiosk: Page) => kiosk.getByTestId('apply-next').click();

export const digits = async (kiosk: Page, prefix: 'dp' | 'date', text: string) => {
  for (const d of text) await kiosk.getByTestId(`${prefix}-key-${d === '.' ? 'point' : d}`).click();
};

/** Types pinyin on the on-screen keyboard and picks the candidate showing `word`. */
export const pinyin = async (kiosk: Page, letters: string, word: string) => {
  for (const letter of letters) await kiosk.getByTestId(`kb-key-${letter}`).click();
  await kiosk.locator('[data-testid^="kb-candidate-"]', { hasText: new RegExp(`^\\s*${word}\\s*$`) }).first().click();
  await expect(kiosk.getByTestId('kb-text')).toContainText(word);
};

export const drawSignature = async (kiosk: Page) => {
  const box = (await kiosk.getByTestId('sig-canvas').boundingBox())!;
  await kiosk.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await kiosk.mouse.down();
  for (let i = 1; i <= 30; i += 1) await kiosk.mouse.move(box.x + box.width * (0.2 + i * 0.02), box.y + box.height * (0.6 - Math.sin(i / 3) * 0.25));
  await kiosk.mouse.up();
  await kiosk.getByTestId('sig-confirm').click();
};

/** The questions every branch shares, from the phone number to the materials screen. */
export const commonQuestions = async (kiosk: Page, opts: { opposingPinyin: [string, string] | null; factsPinyin: [string, string] }) => {
  await step(kiosk, 'phone');
  await digits(kiosk, 'dp', '13800138000');
  await next(kiosk);
  await choose(kiosk, 'occupation', 'worker');
  await choose(kiosk, 'education', 'junior_secondary');
  await choose(kiosk, 'health', 'healthy');
  await choose(kiosk, 'role', 'claimant');
  await choose(kiosk, 'stage', 'not_started');
  if (opts.opposingPinyin) {
    await choose(kiosk, 'opposingKind', 'organisation');
    await step(kiosk, 'opposingName');
    await pinyin(kiosk, ...opts.opposingPinyin);
    await next(kiosk);
  } else await choose(kiosk, 'opposingKind', 'unknown');
  await step(kiosk, 'facts');
  await pinyin(kiosk, ...opts.factsPinyin);
  await next(kiosk);
  await choose(kiosk, 'place', '440106');
  await choose(kiosk, 'urgent', 'no');
  await choose(kiosk, 'prior', 'no');
  await step(kiosk, 'materials');
};
