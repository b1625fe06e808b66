/**
 * Idle: after the configured quiet time the kiosk asks "还在吗？", counts down, and then forgets the
 * person on screen, in the renderer's stores and in the core. Short times are configuration.
 */
import { expect, openLegalAidApplication, removeCard, test } from './fixtures.ts';

test.use({ coreEnv: { KIOSK_IDLE_SECONDS: '10', KIOSK_COUNTDOWN_SECONDS: '5' } });

const placeElderlyCard = async (core: Parameters<Parameters<typeof test>[2]>[0]['core']) => {
  const { cards } = await core.call('sim.catalogue', {});
  const card = cards.find((c) => /老年|elder/i.test(c.label)) ?? cards[0]!;
  await core.call('sim.placeCard', { cardId: card.id });
};

test('an idle session is wiped from the DOM and from the core', async ({ kiosk, core }) => {
  test.setTimeout(60_000);
  await placeElderlyCard(core);
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  const name = (await core.call('session.get', {})).session!.citizen.name;

  await expect(kiosk.getByTestId('idle-prompt')).toBeVisible({ timeout: 15_000 });
  await expect(kiosk.getByTestId('idle-countdown')).toHaveText(/^[1-5]/);
  await expect(kiosk.getByTestId('home')).toBeVisible({ timeout: 10_000 });
  await expect(kiosk.getByTestId('idle-prompt')).toHaveCount(0);
  expect(await kiosk.content()).not.toContain(name);
  expect((await core.call('session.get', {})).session).toBeNull();
});

test('"我还在" keeps the session', async ({ kiosk, core }) => {
  test.setTimeout(60_000);
  await placeElderlyCard(core);
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  await expect(kiosk.getByTestId('idle-prompt')).toBeVisible({ timeout: 15_000 });
  await kiosk.getByTestId('idle-continue').click();
  await expect(kiosk.getByTestId('idle-prompt')).toHaveCount(0);
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  expect((await core.call('session.get', {})).session).not.toBeNull();
});

test('idle in the middle of a legal-aid application wipes the draft from screen and memory', async ({ kiosk, core }) => {
  test.setTimeout(90_000);
  await placeElderlyCard(core);
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  await openLegalAidApplication(kiosk);
  await kiosk.getByTestId('apply-next').click();
  await kiosk.getByTestId('choice-self').click();
  await kiosk.getByTestId('choice-maintenance').click();
  await kiosk.getByTestId('choice-none').click();
  await kiosk.getByTestId('choice-none').click();
  await expect(kiosk.getByTestId('apply')).toHaveAttribute('data-step', 'members');
  for (const d of '7') await kiosk.getByTestId(`dp-key-${d}`).click();

  // Walk away: the prompt, the countdown, then nothing of the person or the answers is left.
  await expect(kiosk.getByTestId('idle-prompt')).toBeVisible({ timeout: 15_000 });
  await expect(kiosk.getByTestId('home')).toBeVisible({ timeout: 10_000 });
  expect((await core.call('session.get', {})).session).toBeNull();
  await expect(kiosk.getByTestId('apply')).toHaveCount(0);

  // The next person starts a blank application: no answer of the previous one survives in memory.
  await removeCard(core);
  await placeElderlyCard(core);
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  await openLegalAidApplication(kiosk);
  await kiosk.getByTestId('apply-next').click();
  await expect(kiosk.getByTestId('choice-self')).toHaveAttribute('aria-pressed', 'false');
  await expect(kiosk.getByTestId('choice-other')).toHaveAttribute('aria-pressed', 'false');
});
