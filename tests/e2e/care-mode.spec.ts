/**
 * 关怀版 and the high-contrast theme (issue 7), as a poorly sighted person meets them in Debian
 * Chromium against a real core: every text at 30 pt (40 px) or more and every target at 60 px or
 * more on the home screen and on a question screen; buttons at 7:1 contrast or more in the
 * high-contrast theme; and the next person, after 结束并清除, finds the defaults again.
 */
import { expect, openLegalAidApplication, placeCard, test } from './fixtures.ts';
import { lowContrastButtons, smallTargets, smallTexts } from './screen-checks.ts';

// Keep the attract loop away while the screens are measured.
test.use({ coreEnv: { KIOSK_ATTRACT_SECONDS: '3600' } });

test('关怀版 makes every text 40 px and every target 60 px; high contrast gives 7:1; the next person gets the defaults', async ({ kiosk, core }) => {
  // Normal mode already keeps the floors the standard sets for everyone: 24 px text, 60 px targets.
  expect(await smallTargets(kiosk, 60)).toEqual([]);

  // The measure can fail: without 关怀版 the normal 24-36 px texts are below 40 px.
  expect((await smallTexts(kiosk, 40)).length).toBeGreaterThan(0);
  await kiosk.getByTestId('care-toggle').click();
  await expect(kiosk.getByTestId('care-toggle')).toHaveAttribute('aria-pressed', 'true');
  expect(await smallTexts(kiosk, 40)).toEqual([]);
  expect(await smallTargets(kiosk, 60)).toEqual([]);
  // Fewer items per row: the five service tiles two to a row, not five.
  const tops = await kiosk.locator('.tile').evaluateAll((tiles) => new Set(tiles.map((t) => Math.round(t.getBoundingClientRect().top))).size);
  expect(tops).toBeGreaterThanOrEqual(3);

  await kiosk.getByTestId('contrast-toggle').click();
  expect(await lowContrastButtons(kiosk, 7)).toEqual([]);

  // A question screen with its choices, still in both modes (the person's card keeps them).
  const { cards } = await core.call('sim.catalogue', {});
  await placeCard(kiosk, core, cards[0]!.id);
  await expect(kiosk.locator('html')).toHaveClass(/large-text/);
  await openLegalAidApplication(kiosk);
  await kiosk.getByTestId('apply-next').click();
  await expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', 'who');
  expect(await smallTexts(kiosk, 40)).toEqual([]);
  expect(await smallTargets(kiosk, 60)).toEqual([]);
  expect(await lowContrastButtons(kiosk, 7)).toEqual([]);
  // Line spacing of the question at least 1.3.
  const lineRatio = await kiosk.getByTestId('apply-title').evaluate((el) => parseFloat(getComputedStyle(el).lineHeight) / parseFloat(getComputedStyle(el).fontSize));
  expect(lineRatio).toBeGreaterThanOrEqual(1.3);
  await kiosk.getByTestId('volume-down').click();
  await expect(kiosk.getByTestId('volume-level')).toHaveAttribute('data-level', '3');

  // The person leaves in a hurry; the next one finds everything as it was.
  await kiosk.getByTestId('end-session').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await expect(kiosk.locator('html')).not.toHaveClass(/large-text|high-contrast/);
  await expect(kiosk.getByTestId('care-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(kiosk.getByTestId('contrast-toggle')).toHaveAttribute('aria-pressed', 'false');
  await expect(kiosk.getByTestId('volume-level')).toHaveAttribute('data-level', '4');
  const fontSize = await kiosk.locator('html').evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).toBe('24px');
});
