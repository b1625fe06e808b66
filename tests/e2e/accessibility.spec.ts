/**
 * Accessibility audit of the citizen screens (kiosk-ux.md): an axe scan (WCAG 2 A/AA) with no
 * serious or critical finding, touch targets >= 60 x 60 CSS px and text >= 24 px (18 pt).
 * One core for the whole file with a shortened idle time, so the idle prompt can be reached too.
 */
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { audit } from './audit.ts';
import { cameraClip, expect, faceCardsEnv, openPinPad, placeCard, test, withFakeCamera } from './fixtures.ts';

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

test('face consent, face alternative (declined) and the legal-aid intro', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, 'person-a-1');
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('face-consent')).toBeVisible();
  await audit(kiosk, 'face consent');
  await kiosk.getByTestId('face-consent-no').click();
  await expect(kiosk.getByTestId('face-alternative')).toHaveAttribute('data-reason', 'declined');
  await audit(kiosk, 'face alternative');
  await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', 'intro');
  await audit(kiosk, 'legal-aid intro');
});

test('service placeholder', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, await demoCardId(core, /老年|elder/i));
  await kiosk.getByTestId('tile-video').click();
  await expect(kiosk.getByTestId('service-pending')).toContainText('视频咨询律师');
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
