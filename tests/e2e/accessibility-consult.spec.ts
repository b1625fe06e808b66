/**
 * Accessibility audit (tests/e2e/audit.ts) of the video-consultation screens a citizen meets
 * before any lawyer answers: the matter, the recording consent and its "no", sharing the name, the
 * truthful waiting screen and the fallback when nobody takes the call. A real core enrolled with a
 * real centre and one lawyer's console on duty that lets the ring run out: with nobody on duty at
 * all the centre offers the fallback at once and the waiting screen is never shown.
 */
import { expect, test } from '@playwright/test';
import { audit, auditInEveryMode } from './audit.ts';
import { CITIZEN_CARD, openDesk, startConsultRig, type ConsultRig } from './consult-support.ts';

const FALLBACK_AFTER_MS = 25_000;
let rig: ConsultRig;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  rig = await startConsultRig({ lawyers: 1, dispatch: { ringMs: 60_000, fallbackAfterMs: FALLBACK_AFTER_MS } });
});
test.afterAll(async () => {
  await rig?.stop();
});

test('matter, consent, declined, name sharing, waiting and fallback', async () => {
  test.setTimeout(180_000);
  const { kiosk, core } = rig;
  const lawyer = await openDesk(rig, rig.lawyers[0]!);
  await core.call('sim.placeCard', { cardId: CITIZEN_CARD });
  await kiosk.getByTestId('welcome-name').waitFor();
  await kiosk.getByTestId('tile-video').click();
  const decline = kiosk.getByTestId('face-consent-no');
  await expect(decline.or(kiosk.getByTestId('face-alternative')).first()).toBeVisible();
  if (await decline.isVisible()) await decline.click();
  await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('consult-matter')).toBeVisible();
  await auditInEveryMode(kiosk, 'consult: matter');
  await kiosk.getByTestId('consult-matter-labour').click();
  await expect(kiosk.getByTestId('consult-consent')).toBeVisible();
  await audit(kiosk, 'consult: recording consent');
  await kiosk.getByTestId('consult-consent-no').click();
  await expect(kiosk.getByTestId('consult-declined')).toBeVisible();
  await audit(kiosk, 'consult: recording declined');
  await kiosk.getByTestId('consult-reconsider').click();
  await kiosk.getByTestId('consult-consent-yes').click();
  await expect(kiosk.getByTestId('consult-share-name')).toBeVisible();
  await audit(kiosk, 'consult: share the name');
  await kiosk.getByTestId('consult-share-name-yes').click();
  // The lawyer's console rings and nobody answers it: the kiosk waits and says so.
  await expect(lawyer.getByTestId('ring-card')).toBeVisible();
  await expect(kiosk.getByTestId('consult-waiting')).toHaveAttribute('data-ringing', '1');
  await auditInEveryMode(kiosk, 'consult: waiting');
  await expect(kiosk.getByTestId('consult-fallback')).toBeVisible({ timeout: FALLBACK_AFTER_MS + 10_000 });
  await audit(kiosk, 'consult: fallback');
  await kiosk.getByTestId('consult-leave').click();
  await expect(lawyer.getByTestId('ring-card')).toBeHidden();
});
