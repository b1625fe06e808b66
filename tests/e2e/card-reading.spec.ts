/**
 * What a citizen and a technician see: Debian Chromium on the kiosk page, a real core process, the
 * real serial driver talking to the simulated SAM module over a pseudo-terminal.
 */
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { expect, openPinPad, removeCard, test } from './fixtures.ts';

const cardId = async (core: KioskCoreHandle, label: RegExp) => {
  const { cards } = await core.call('sim.catalogue', {});
  const card = cards.find((c) => label.test(c.label));
  if (!card) throw new Error(`no demo card labelled ${label}: ${cards.map((c) => c.label).join(' | ')}`);
  return card.id;
};

test('the secret leaves the address bar and nothing personal is in the URL', async ({ kiosk }) => {
  expect(kiosk.url()).not.toContain('#k=');
  await expect(kiosk.getByTestId('tile-legal-aid')).toBeVisible();
});

test('a demo card placed from the dev dock greets the person by name with the number masked', async ({ kiosk, core }) => {
  const id = await cardId(core, /老年|elder/i);
  await kiosk.getByTestId('dev-dock').click({ position: { x: 10, y: 10 } }).catch(() => undefined);
  await kiosk.getByTestId(`dev-card-${id}`).click();
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  const { session } = await core.call('session.get', {});
  expect(session).not.toBeNull();
  await expect(kiosk.getByTestId('welcome-name')).toContainText(session!.citizen.name);
  await expect(kiosk.getByTestId('welcome-masked-id')).toHaveText(session!.citizen.maskedIdNumber);
  expect(session!.citizen.maskedIdNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
  expect(kiosk.url()).not.toContain(encodeURIComponent(session!.citizen.name));
});

test('a card placed on the home screen without touching anything starts the session', async ({ kiosk, core }) => {
  await core.call('sim.placeCard', { cardId: await cardId(core, /青年|young/i) });
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
});

test('an expired card is refused with a plain message and no session', async ({ kiosk, core }) => {
  await kiosk.getByTestId('tile-legal-aid').click();
  await expect(kiosk.getByTestId('card-prompt')).toBeVisible();
  await core.call('sim.placeCard', { cardId: await cardId(core, /过期|expired/i) });
  await expect(kiosk.getByTestId('card-error-message')).toContainText('过期');
  await expect(kiosk.getByTestId('welcome-name')).toHaveCount(0);
  expect((await core.call('session.get', {})).session).toBeNull();
});

test('a card with a bad ID checksum is refused', async ({ kiosk, core }) => {
  await core.call('sim.placeCard', { cardId: await cardId(core, /校验|checksum/i) });
  await expect(kiosk.getByTestId('card-error-message')).toBeVisible();
  expect((await core.call('session.get', {})).session).toBeNull();
});

test('a pulled reader cable is explained, and the kiosk recovers when it is plugged back', async ({ kiosk, core }) => {
  await kiosk.getByTestId('tile-legal-aid').click();
  await core.call('sim.unplug', {});
  await expect(kiosk.getByTestId('reader-banner')).toBeVisible();
  await expect(kiosk.getByTestId('reader-banner')).toContainText('读卡器');
  await core.call('sim.plug', {});
  await expect(kiosk.getByTestId('reader-banner')).toBeHidden({ timeout: 15_000 });
  await core.call('sim.placeCard', { cardId: await cardId(core, /老年|elder/i) });
  // The service chosen before the fault is kept: the read goes on to its identity step.
  await expect(kiosk.getByTestId('face-consent').or(kiosk.getByTestId('face-alternative')).first()).toBeVisible();
  expect((await core.call('session.get', {})).session).not.toBeNull();
});

test('a garbled read is retried or explained, never a crash', async ({ kiosk, core }) => {
  await core.call('sim.setFault', { fault: 'read_failed' });
  await core.call('sim.placeCard', { cardId: await cardId(core, /老年|elder/i) });
  await expect(kiosk.getByTestId('card-error-message')).toBeVisible();
  await core.call('sim.setFault', { fault: 'none' });
  await removeCard(core);
  await core.call('sim.placeCard', { cardId: await cardId(core, /老年|elder/i) });
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
});

test('结束并清除 wipes the person from the screen and from the core', async ({ kiosk, core }) => {
  await core.call('sim.placeCard', { cardId: await cardId(core, /老年|elder/i) });
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  const name = (await core.call('session.get', {})).session!.citizen.name;
  await kiosk.getByTestId('end-session').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
  await expect(kiosk.getByTestId('welcome-name')).toHaveCount(0);
  expect(await kiosk.content()).not.toContain(name);
  expect((await core.call('session.get', {})).session).toBeNull();
});

test('the technician opens the hidden page with the PIN, runs the self-test and leaves a clean kiosk', async ({ kiosk, core }) => {
  await core.call('sim.placeCard', { cardId: await cardId(core, /老年|elder/i) });
  await expect(kiosk.getByTestId('welcome-name')).toBeVisible();
  await openPinPad(kiosk);
  for (const digit of '1111') await kiosk.getByTestId(`pin-digit-${digit}`).click();
  await kiosk.getByTestId('pin-ok').click();
  await expect(kiosk.getByTestId('pin-error')).toBeVisible();
  await kiosk.getByTestId('pin-clear').click();
  for (const digit of '2468') await kiosk.getByTestId(`pin-digit-${digit}`).click();
  await kiosk.getByTestId('pin-ok').click();
  await expect(kiosk.getByTestId('tech-panel')).toBeVisible();
  // Opening the technician page ends the citizen's session.
  expect((await core.call('session.get', {})).session).toBeNull();
  await expect(kiosk.getByTestId('welcome-name')).toHaveCount(0);
  await expect(kiosk.getByTestId('tech-reader-state')).not.toBeEmpty();
  await kiosk.getByTestId('tech-self-test').click();
  await expect(kiosk.getByTestId('tech-self-test-result').first()).toBeVisible();
  await expect(kiosk.getByTestId('tech-sam-id')).toContainText(/\d/);
  await kiosk.getByTestId('tech-exit').click();
  await expect(kiosk.getByTestId('home')).toBeVisible();
});
