/**
 * A killed core (crash, OOM, a technician's mistake): the kiosk shows a calm "please wait" instead
 * of an error, reconnects by itself when the core is back (the launcher or the shell restarts it on
 * the same port with the same secret), and the person who was on screen is gone: identity lived
 * in memory only.
 */
import { test as base, expect } from '@playwright/test';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

const test = base;

test('after the core is killed the kiosk waits calmly, reconnects, and has forgotten the person', async ({ page }) => {
  test.setTimeout(90_000);
  let core: KioskCoreHandle = await startKioskCore();
  try {
    const port = new URL(core.apiBase).port;
    await page.goto(core.kioskUrl);
    await expect(page.getByTestId('home')).toBeVisible();
    const { cards } = await core.call('sim.catalogue', {});
    await core.call('sim.placeCard', { cardId: cards.find((c) => /老年/.test(c.label))!.id });
    await expect(page.getByTestId('welcome-name')).toBeVisible();
    const name = (await core.call('session.get', {})).session!.citizen.name;

    core.process.kill('SIGKILL');
    await new Promise((r) => core.process.once('exit', r));
    await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('connection-lost')).toContainText('请稍候');
    // The person must not stay on screen while the kiosk cannot reach its core.
    await expect(page.getByTestId('welcome-name')).toHaveCount(0);

    const secret = core.secret;
    await core.stop();
    core = await startKioskCore({ KIOSK_API_PORT: port, KIOSK_API_SECRET: secret });
    await expect(page.getByTestId('connection-lost')).toHaveCount(0, { timeout: 30_000 });
    await expect(page.getByTestId('home')).toBeVisible();
    expect(await page.content()).not.toContain(name);
    expect((await core.call('session.get', {})).session).toBeNull();
  } finally {
    await core.stop();
  }
});
