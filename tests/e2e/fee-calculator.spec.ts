/**
 * The litigation-fee calculator in real Chromium against a real core: no card needed; the figure,
 * the article it comes from and the halving under the simplified procedure, as a person reads them.
 */
import type { Page } from '@playwright/test';
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { audit } from './audit.ts';
import { expect, placeCard, test } from './fixtures.ts';

/** The way a person gets there: card, 法律文书, then the calculator's button. */
const openCalculator = async (kiosk: Page, core: KioskCoreHandle) => {
  await placeCard(kiosk, core, 'resident-elderly-woman');
  await kiosk.getByTestId('tile-documents').click();
  await kiosk.getByTestId('documents-fees').click();
  await expect(kiosk.getByTestId('fees-screen')).toHaveAttribute('data-phase', 'kind');
};

test('a property claim of 100,000 元 pays 2,300 元 under 第十三条, 1,150 元 halved; a labour dispute 10 元', async ({ kiosk, core }) => {
  await openCalculator(kiosk, core);

  await audit(kiosk, 'fees: kind');
  await kiosk.getByTestId('fees-kind-property').click();
  await expect(kiosk.getByTestId('fees-next')).toBeDisabled();
  for (const d of '100000') await kiosk.getByTestId(`dp-key-${d}`).click();
  await kiosk.getByTestId('fees-next').click();
  await expect(kiosk.getByTestId('fees-fee')).toHaveText('2,300元');
  await expect(kiosk.getByTestId('fees-article')).toContainText('《诉讼费用交纳办法》第十三条');
  await expect(kiosk.getByTestId('fees-steps')).toContainText('不超过1万元的部分：50元');
  await expect(kiosk.getByTestId('fees-steps')).toContainText('90,000元 × 2.5% = 2,250元');
  await expect(kiosk.getByTestId('fees-hardship')).toContainText('第四十四条');
  await audit(kiosk, 'fees: result');
  // Read aloud with the figure in words.
  await expect(kiosk.locator('#kiosk-speech')).toHaveAttribute('data-state', /loading|playing|ended/);

  await kiosk.getByTestId('fees-simplified').click();
  await expect(kiosk.getByTestId('fees-simplified')).toHaveAttribute('aria-pressed', 'true');
  await expect(kiosk.getByTestId('fees-fee')).toHaveText('1,150元');
  await expect(kiosk.getByTestId('fees-article')).toContainText('第十六条');

  await kiosk.getByTestId('fees-again').click();
  await kiosk.getByTestId('fees-kind-labour_dispute').click();
  await expect(kiosk.getByTestId('fees-fee')).toHaveText('10元');
  await expect(kiosk.getByTestId('fees-article')).toContainText('第十三条第（四）项');
});

test('an amount the pad cannot take is refused in words, and nothing is computed from it', async ({ kiosk, core }) => {
  await openCalculator(kiosk, core);
  await kiosk.getByTestId('fees-kind-property').click();
  await kiosk.getByTestId('dp-key-0').click();
  await expect(kiosk.getByTestId('dp-error')).toBeVisible();
  await expect(kiosk.getByTestId('fees-next')).toBeDisabled();
  // Back keeps the kind list one tap away, and from there the documents screen.
  await kiosk.getByTestId('fees-back').click();
  await expect(kiosk.getByTestId('fees-screen')).toHaveAttribute('data-phase', 'kind');
  await kiosk.getByTestId('fees-back').click();
  await expect(kiosk.getByTestId('documents-screen')).toBeVisible();
});
