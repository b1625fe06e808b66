/**
 * A kiosk core and a real centre in one Playwright worker: the centre fixture, enrolment as a
 * technician does it, waiting for the centre's acceptance number, and the citizen's way to 查询进度.
 * Shared by the specs where the kiosk talks to the centre.
 */
import type { Page } from '@playwright/test';
import { createEnrolmentCode, startTestCentre, type TestCentre } from '../../center/server/testing/harness.ts';
import type { KioskCoreHandle } from '../support/kiosk-core.ts';
import { expect, placeCard, test as base } from './fixtures.ts';

/** Kiosk specs with a worker-scoped centre the core uploads to (stop it early by closing it and setting `stopped`). */
export const test = base.extend<object, { centre: TestCentre & { stopped: boolean } }>({
  centre: [
    async ({}, use) => {
      const centre = Object.assign(await startTestCentre(), { stopped: false });
      await use(centre);
      if (!centre.stopped) await centre.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  coreEnv: [async ({ centre }, use) => use({ KIOSK_CENTRE_URL: centre.baseUrl, KIOSK_SIM_READ_DELAY_MS: '100' }), { scope: 'worker' }],
});

const DEMO_PIN = '2468';

/**
 * Enrols the core with the centre using a one-time code, as a technician would. Specs using this
 * file's `test` share one worker (core and centre), so a core already enrolled there stays as it is.
 */
export const enrolWithCentre = async (core: KioskCoreHandle, centre: TestCentre): Promise<void> => {
  const { token } = await core.call('technician.unlock', { pin: DEMO_PIN });
  const { centre: link } = await core.call('technician.status', { token });
  if (link.kioskId === null || link.url !== centre.baseUrl) {
    await core.call('technician.enrol', { token, centreUrl: centre.baseUrl, code: await createEnrolmentCode(centre.baseUrl) });
  }
  await core.call('technician.lock', { token });
};

/** The acceptance number once the outbox worker has stored the centre's answer for the application. */
export const acceptanceNumberOf = async (core: KioskCoreHandle, which: { applicationId: string } | { localNumber: string }): Promise<string> => {
  const { token } = await core.call('technician.unlock', { pin: DEMO_PIN });
  let number: string | null = null;
  await expect
    .poll(
      async () => {
        const recent = (await core.call('technician.printing', { token })).recent;
        const row = recent.find((r) => ('applicationId' in which ? r.applicationId === which.applicationId : r.localNumber === which.localNumber));
        number = row?.acceptanceNumber ?? null;
        return number;
      },
      { timeout: 60_000 },
    )
    .not.toBeNull();
  await core.call('technician.lock', { token });
  return number!;
};

/** Card, greeting, 查询进度, identity step declined (card only), and on to the status screen. */
export const openStatusLookup = async (kiosk: Page, core: KioskCoreHandle, cardId: string) => {
  await placeCard(kiosk, core, cardId);
  await kiosk.getByTestId('tile-status').click();
  const decline = kiosk.getByTestId('face-consent-no');
  await expect(decline.or(kiosk.getByTestId('face-alternative'))).toBeVisible();
  if (await decline.isVisible()) await decline.click();
  await kiosk.getByTestId('face-alt-continue').click();
  await expect(kiosk.getByTestId('status')).toHaveAttribute('data-phase', /shown|failed/);
};
