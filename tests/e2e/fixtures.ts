import { test as base, expect, type Page } from '@playwright/test';
import { startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';

interface WorkerFixtures {
  /** Extra environment for the core of this spec file (e.g. short idle times). */
  coreEnv: Record<string, string>;
  core: KioskCoreHandle;
}
interface TestFixtures {
  /** The kiosk page, opened on a clean core: no session, no card, reader plugged, no fault. */
  kiosk: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  coreEnv: [{}, { scope: 'worker', option: true }],
  core: [
    async ({ coreEnv }, use) => {
      const core = await startKioskCore(coreEnv);
      await use(core);
      await core.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  kiosk: async ({ page, core }, use) => {
    await core.call('sim.plug', {});
    await core.call('sim.setFault', { fault: 'none' });
    await removeCard(core);
    await core.call('session.end', { reason: 'user' });
    await page.goto(core.kioskUrl);
    await expect(page.getByTestId('home')).toBeVisible();
    await use(page);
  },
});

/**
 * Lifts the card and waits until the reader has noticed (it needs a couple of empty polls), as a
 * person would before placing the next card; otherwise a swap looks like the same card staying.
 */
export const removeCard = async (core: KioskCoreHandle) => {
  await core.call('sim.removeCard', {});
  await expect
    .poll(async () => (await core.call('device.status', {})).reader.state, { timeout: 15_000 })
    .toMatch(/^(ready|disconnected)$/);
};

export { expect };
