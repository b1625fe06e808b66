/**
 * Accessibility audit of every citizen screen (kiosk-ux.md, issue 7), measured on the rendered
 * screens in Debian Chromium against a real core: an axe scan (WCAG 2 A/AA) with no serious or
 * critical finding, touch targets >= 60 x 60 CSS px, text >= 18 pt (24 px) and contrast >= 4.5:1
 * computed for every visible text (tests/e2e/audit.ts). The main screens are audited again in
 * 关怀版 (text >= 30 pt = 40 px) and in the high-contrast theme, switched from the AccessBar.
 *
 * One core for the whole file; every screen state is scanned once here (the consultation screens
 * that need a centre: accessibility-consult.spec.ts). Screens other specs
 * already audit in the default look (the document questions' choice step and the fee result in
 * document-drafting/fee-calculator, the status list with a centre in status-lookup, the receipt
 * screens in legal-aid-apply) are not scanned twice in that look.
 */
import type { Page } from '@playwright/test';
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { audit, auditInEveryMode, measureKioskScreen } from './audit.ts';
import { draftWageClaimToPreview } from './flows.ts';
import { choose, digits, drawSignature, next, pinyin, step } from './interview.ts';
import { openStatusLookup } from './kiosk-centre.ts';
import { cameraClip, expect, faceCardsEnv, landmarkRecording, openPinPad, placeCard, test, withFakeCamera } from './fixtures.ts';

const demoCardId = async (core: KioskCoreHandle, label: RegExp) => {
  const { cards } = await core.call('sim.catalogue', {});
  const card = cards.find((c) => label.test(c.label));
  if (!card) throw new Error(`no demo card labelled ${label}`);
  return card.id;
};

/**
 * Idle time for this file: short enough to reach the idle prompt, long enough that no other screen
 * is covered by it while being scanned (each scan takes a few seconds on a loaded machine).
 */
const IDLE_SECONDS = 45;
/** The attract loop shows after this long untouched on the home screen; every other test leaves home at once. */
const ATTRACT_SECONDS = 8;

// Fake camera and face cards: the consent screen only appears when a camera could be used; the
// landmark replay lets the face check pass (identity-pass.spec.ts explains it).
test.use({
  coreEnv: {
    ...faceCardsEnv,
    KIOSK_IDLE_SECONDS: String(IDLE_SECONDS),
    KIOSK_COUNTDOWN_SECONDS: '30',
    KIOSK_ATTRACT_SECONDS: String(ATTRACT_SECONDS),
    // One item stays while it is scanned (no fade in the middle of a measurement).
    KIOSK_ATTRACT_CYCLE_SECONDS: '120',
    KIOSK_SIM_READ_DELAY_MS: '100',
  },
  launchOptions: withFakeCamera(cameraClip('holder-a4')),
  landmarkReplay: landmarkRecording('replay-all-challenges'),
});

const ELDERLY_WOMAN = 'resident-elderly-woman';

test('home in every mode, the attract loop, the card prompt and a card error, the PIN pad', async ({ kiosk, core }) => {
  test.setTimeout(120_000);
  await auditInEveryMode(kiosk, 'home');
  await expect(kiosk.getByTestId('attract-loop')).toBeVisible({ timeout: ATTRACT_SECONDS * 1000 + 15_000 });
  await audit(kiosk, 'attract loop');
  await kiosk.getByTestId('attract-loop').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();

  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('card-prompt')).toBeVisible();
  await auditInEveryMode(kiosk, 'card prompt');
  await core.call('sim.placeCard', { cardId: await demoCardId(core, /过期|expired/i) });
  await expect(kiosk.getByTestId('card-error-message')).toContainText('过期');
  await audit(kiosk, 'card error');
  await kiosk.getByTestId('card-back').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();

  await openPinPad(kiosk);
  await audit(kiosk, 'PIN pad');
});

test('welcome in every mode, the face check (consent, camera, passed), the idle prompt', async ({ kiosk, core }) => {
  test.setTimeout(200_000);
  await placeCard(kiosk, core, 'person-a-1');
  await auditInEveryMode(kiosk, 'welcome');
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('face-consent')).toBeVisible();
  await auditInEveryMode(kiosk, 'face consent');
  await kiosk.getByTestId('face-consent-yes').click();
  await expect(kiosk.getByTestId('face-camera-on')).toBeVisible();
  await audit(kiosk, 'face check, camera on');
  // The decision takes longer on a loaded machine; a pass is audited here, the other way has its own audit below.
  const passed = kiosk.getByTestId('face-passed');
  await expect(passed.or(kiosk.getByTestId('face-alternative'))).toBeVisible({ timeout: 90_000 });
  if (await passed.isVisible()) await audit(kiosk, 'face check passed');
  else console.log('face check ended in the other way (slow machine): face-passed not audited in this run');

  // Nobody touches the screen: the idle question, big and spoken, over the screen.
  await expect(kiosk.getByTestId('idle-prompt')).toBeVisible({ timeout: IDLE_SECONDS * 1000 + 15_000 });
  await audit(kiosk, 'idle prompt');
  await kiosk.getByTestId('idle-continue').click();
  await expect(kiosk.getByTestId('idle-prompt')).toBeHidden();
});

/** One interview screen, audited once it shows. */
const at = async (kiosk: Page, id: string) => {
  await step(kiosk, id);
  await audit(kiosk, `apply: ${id}`);
};

test('every step of a legal-aid application on the statement branch, the detours, review and done', async ({ kiosk, core }) => {
  test.setTimeout(300_000);
  await placeCard(kiosk, core, ELDERLY_WOMAN);
  await kiosk.getByTestId('tile-legal-aid').click();
  await kiosk.getByTestId('face-consent-no').click();
  await expect(kiosk.getByTestId('face-alternative')).toBeVisible();
  await audit(kiosk, 'face alternative');
  await kiosk.getByTestId('face-alt-continue').click();
  await at(kiosk, 'intro');
  await next(kiosk);

  // On behalf of someone else (第四十条), then back to applying for oneself.
  await at(kiosk, 'who');
  await kiosk.getByTestId('choice-other').click();
  await at(kiosk, 'relationship');
  await kiosk.getByTestId('choice-close_relative').click();
  await at(kiosk, 'applicantCard');
  await kiosk.getByTestId('apply-back').click();
  await step(kiosk, 'relationship');
  await kiosk.getByTestId('apply-back').click();
  await choose(kiosk, 'who', 'self');

  // The matter in every look; a matter legal aid does not cover, then a covered one.
  await step(kiosk, 'matter');
  await auditInEveryMode(kiosk, 'apply: matter');
  await kiosk.getByTestId('choice-business_dispute').click();
  await at(kiosk, 'outcome');
  await kiosk.getByTestId('apply-back').click();
  await choose(kiosk, 'matter', 'maintenance');
  await at(kiosk, 'circumstance');
  await kiosk.getByTestId('choice-none').click();
  await at(kiosk, 'status');
  await kiosk.getByTestId('choice-none').click();
  await at(kiosk, 'members');
  await digits(kiosk, 'dp', '1');
  await next(kiosk);
  // An income above the province's standard: the hardship screen says so and offers both ways.
  await at(kiosk, 'income');
  await digits(kiosk, 'dp', '90000');
  await next(kiosk);
  await at(kiosk, 'property');
  await kiosk.getByTestId('apply-text-none').click();
  await at(kiosk, 'hardship');
  await kiosk.getByTestId('apply-hardship-continue').click();

  await step(kiosk, 'phone');
  await auditInEveryMode(kiosk, 'apply: phone (digit pad)');
  await digits(kiosk, 'dp', '13800138000');
  await next(kiosk);
  for (const [id, value] of [
    ['occupation', 'worker'],
    ['education', 'junior_secondary'],
    ['health', 'healthy'],
    ['role', 'claimant'],
    ['stage', 'not_started'],
    ['opposingKind', 'organisation'],
  ] as const) {
    await at(kiosk, id);
    await kiosk.getByTestId(`choice-${value}`).click();
  }
  await at(kiosk, 'opposingName');
  await pinyin(kiosk, 'laoban', '老板');
  await next(kiosk);
  await step(kiosk, 'facts');
  await auditInEveryMode(kiosk, 'apply: facts (pinyin keyboard)');
  await pinyin(kiosk, 'shanyang', '赡养');
  await next(kiosk);
  for (const [id, value] of [
    ['place', '440106'],
    ['urgent', 'no'],
    ['prior', 'no'],
  ] as const) {
    await at(kiosk, id);
    await kiosk.getByTestId(`choice-${value}`).click();
  }
  await at(kiosk, 'materials');
  // The document camera (fake), then leave the page for later.
  await kiosk.locator('[data-testid^="material-capture-"]').first().click();
  await expect(kiosk.getByTestId('cap-capture')).toBeVisible({ timeout: 20_000 });
  await audit(kiosk, 'apply: document camera');
  await kiosk.getByTestId('cap-capture').click();
  await expect(kiosk.getByTestId('cap-keep')).toBeVisible();
  await audit(kiosk, 'apply: photographed page');
  await kiosk.getByTestId('cap-keep').click();
  await kiosk.getByTestId('cap-finish').click();
  await kiosk.getByTestId('apply-materials-done').click();

  await step(kiosk, 'pledge');
  await auditInEveryMode(kiosk, 'apply: pledge');
  await kiosk.getByTestId('apply-pledge-accept').click();
  await at(kiosk, 'signature');
  await kiosk.getByTestId('apply-sign-touch').click();
  await expect(kiosk.getByTestId('sig-canvas')).toBeVisible();
  await audit(kiosk, 'apply: signature pad');
  await drawSignature(kiosk);

  await step(kiosk, 'review');
  await auditInEveryMode(kiosk, 'apply: review');
  await kiosk.getByTestId('apply-submit').click();
  await expect(kiosk.getByTestId('apply-done')).toBeVisible();
  await expect(kiosk.locator('[data-testid^="apply-print-"]:not([data-testid=apply-print-printing])').first()).toBeVisible({ timeout: 60_000 });
  await auditInEveryMode(kiosk, 'apply: done (receipt)');
  await kiosk.getByTestId('apply-finish').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
});

test('status look-up without a centre, in every mode; 结束并清除 and the wipe notice', async ({ kiosk, core }) => {
  test.setTimeout(120_000);
  await openStatusLookup(kiosk, core, ELDERLY_WOMAN);
  await auditInEveryMode(kiosk, 'status');

  await kiosk.getByTestId('end-session').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await expect(kiosk.getByTestId('wipe-notice')).toBeVisible();
  await audit(kiosk, 'home with the wipe notice');
});

test('video consultation on a kiosk not enrolled with a centre: said at once, with the other ways', async ({ kiosk, core }) => {
  await placeCard(kiosk, core, ELDERLY_WOMAN);
  await kiosk.getByTestId('tile-video').click();
  const decline = kiosk.getByTestId('face-consent-no');
  await expect(decline.or(kiosk.getByTestId('face-alternative')).or(kiosk.getByTestId('consult-screen')).first()).toBeVisible();
  if (await decline.isVisible()) await decline.click();
  if (await kiosk.getByTestId('face-alt-continue').isVisible()) await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('consult-screen')).toHaveAttribute('data-screen', 'unavailable');
  await expect(kiosk.getByTestId('consult-no-call-what')).toBeVisible();
  await audit(kiosk, 'consult: unavailable');
});

test('legal education: topic menu, a topic, an item in every mode', async ({ kiosk }) => {
  test.setTimeout(120_000);
  await kiosk.getByTestId('tile-education').click();
  const screen = kiosk.getByTestId('education-screen');
  await expect(screen).toHaveAttribute('data-level', 'topics');
  await audit(kiosk, 'education: topics');
  await kiosk.getByTestId('education-topic-labour').click();
  await expect(screen).toHaveAttribute('data-level', 'topic');
  await audit(kiosk, 'education: topic');
  await kiosk.getByTestId('education-item-labour-unpaid-wages').click();
  await expect(screen).toHaveAttribute('data-level', 'item');
  await auditInEveryMode(kiosk, 'education: item');
});

test('documents: the choice and the question kinds in 关怀版 and high contrast, the preview in every mode; the fee calculator', async ({ kiosk, core }) => {
  test.setTimeout(240_000);
  await placeCard(kiosk, core, ELDERLY_WOMAN);
  await kiosk.getByTestId('tile-documents').click();
  await expect(kiosk.getByTestId('documents-screen')).toHaveAttribute('data-phase', 'choose');
  await auditInEveryMode(kiosk, 'documents: choose');
  await draftWageClaimToPreview(kiosk, async (key) => {
    if (key === 'court') await audit(kiosk, 'documents: text question (keyboard)');
    if (key === 'startDate') await auditInEveryMode(kiosk, 'documents: date question');
    if (key === 'amount') await audit(kiosk, 'documents: amount question (digit pad)');
  });
  await auditInEveryMode(kiosk, 'documents: preview');

  await kiosk.getByTestId('document-fees').click();
  await expect(kiosk.getByTestId('fees-fee')).toBeVisible();
  await auditInEveryMode(kiosk, 'fees: result');
  await kiosk.getByTestId('fees-again').click();
  await kiosk.getByTestId('fees-kind-property').click();
  await expect(kiosk.getByTestId('fees-next')).toBeVisible();
  await audit(kiosk, 'fees: amount');
});

test('the measurements catch what they are for: a small button, small text, grey on white, faded text', async ({ kiosk }) => {
  // Planted on the real home screen, measured, removed: proves the checks above can fail.
  await kiosk.evaluate(() => {
    const probe = document.createElement('div');
    probe.id = 'audit-probe';
    probe.style.cssText = 'position:fixed;left:0;bottom:0;background:#ffffff;font-size:30px;color:#000000';
    probe.innerHTML =
      '<button style="width:40px;height:40px;font-size:30px;color:#000;background:#fff">x</button>' +
      '<p style="font-size:20px">small</p><p style="color:#999999">grey</p><p style="opacity:0.3">faded</p>';
    document.body.append(probe);
  });
  const { problems } = await measureKioskScreen(kiosk);
  await kiosk.evaluate(() => document.getElementById('audit-probe')?.remove());
  expect(problems.find((p) => p.startsWith('target 40x40'))).toBeDefined();
  expect(problems.find((p) => p.startsWith('text 20px') && p.includes('small'))).toBeDefined();
  expect(problems.find((p) => p.startsWith('contrast 2.85:1') && p.includes('grey'))).toBeDefined();
  expect(problems.find((p) => p.startsWith('contrast') && p.includes('faded'))).toBeDefined();
  expect(problems).toHaveLength(4);
});
