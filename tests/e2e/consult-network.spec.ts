/**
 * Video consultations when things go wrong, with the real parts of consult-call.spec.ts (real centre,
 * enrolled kiosk core, two Chromium instances): the kiosk's link to the centre drops mid-call and
 * comes back (the kiosk core reaches the centre only through a TCP proxy that can refuse and reset
 * connections); two lawyers answer the same ring at once; a ringing lawyer closes the console;
 * nobody is there to answer at all.
 *
 * The drop cuts the kiosk core's signalling socket (and its uploads); the two browsers' media path
 * is loopback and is not cut. What the product promises for that case is checked: the kiosk says
 * 网络不稳定, the lawyer sees the citizen's link gone, and once the link is back the call resumes
 * (the kiosk restarts ICE) with live video on both sides, and the recording still reaches the centre.
 */
import { expect, test, type Page } from '@playwright/test';
import { ConsultationDetailSchema, CONSULT_PATHS } from '../../domain/consult/protocol.ts';
import { ensureCups } from '../support/cups.ts';
import { citizenAsksForLawyer, openDesk, remoteVideoAdvances, resetKiosk, startConsultRig, type ConsultRig } from './consult-support.ts';

test.describe.configure({ mode: 'serial' });

const FALLBACK_AFTER_MS = 10_000;
let rig: ConsultRig;
/** The lawyers' open consoles, by lawyer index. */
const desks = new Map<number, Page>();

test.beforeAll(async () => {
  test.setTimeout(90_000);
  expect(ensureCups(), 'CUPS with the cups-pdf queues (scripts/setup-cups.mjs)').toBe(true);
  rig = await startConsultRig({
    proxy: true,
    lawyers: 3,
    graceMs: 30_000,
    // Two consoles ring at once, so two lawyers can race for one citizen.
    dispatch: { ringMs: 30_000, offersPerTier: 2, fallbackAfterMs: FALLBACK_AFTER_MS },
  });
});
test.afterAll(async () => {
  await rig?.stop();
});

const desk = async (index: number): Promise<Page> => {
  let page = desks.get(index);
  if (!page) {
    page = await openDesk(rig, rig.lawyers[index]!);
    desks.set(index, page);
  }
  return page;
};

const closeDesk = async (index: number) => {
  await desks.get(index)?.context().close();
  desks.delete(index);
};

/** The pages whose console shows a ring right now. */
const ringing = async (pages: readonly Page[]) => {
  const shown = await Promise.all(pages.map((p) => p.getByTestId('ring-card').isVisible()));
  return pages.filter((_, i) => shown[i]);
};

test('the kiosk loses its link to the centre mid-call: it says so, the call resumes when the link is back, and the recording arrives', async () => {
  test.setTimeout(150_000);
  const { kiosk, proxy, staff } = rig;
  const lawyerA = await desk(0);
  const lawyerB = await desk(1);
  await citizenAsksForLawyer(rig);
  await expect(lawyerA.getByTestId('ring-card')).toBeVisible();
  await lawyerA.getByTestId('ring-accept').click();
  // The other console stops ringing: the call is taken.
  await expect(lawyerB.getByTestId('ring-card')).toBeHidden();
  await expect(kiosk.getByTestId('consult-call')).toBeVisible();
  const consultationId = (await lawyerA.getByTestId('call').getAttribute('data-consultation-id'))!;
  expect((await remoteVideoAdvances(kiosk, 'consult-remote-video')).advanced).toBe(true);
  expect((await remoteVideoAdvances(lawyerA, 'remote-video')).advanced).toBe(true);
  await expect(kiosk.getByTestId('consult-call')).toHaveAttribute('data-ice-restarts', '0');

  // The village link goes down for a few seconds: connections reset, new ones refused.
  await proxy!.refuse();
  await expect(kiosk.getByTestId('consult-reconnecting')).toHaveText('网络不稳定，正在重新连接');
  await expect(kiosk.getByTestId('consult-call')).toHaveAttribute('data-link', 'reconnecting');
  await expect(lawyerA.getByTestId('peer-offline')).toBeVisible();
  await kiosk.waitForTimeout(4_000);
  // Still in the call on both sides: an outage shorter than the grace does not end it.
  await expect(kiosk.getByTestId('consult-call')).toBeVisible();
  await expect(lawyerA.getByTestId('call')).toBeVisible();

  await proxy!.accept();
  await expect(kiosk.getByTestId('consult-reconnecting')).toBeHidden({ timeout: 20_000 });
  await expect(kiosk.getByTestId('consult-call')).toHaveAttribute('data-link', 'ok');
  await expect(lawyerA.getByTestId('peer-offline')).toBeHidden();
  // The kiosk offered again with new ICE credentials, and the pictures move on both sides.
  await expect.poll(async () => Number(await kiosk.getByTestId('consult-call').getAttribute('data-ice-restarts'))).toBeGreaterThanOrEqual(1);
  const atKiosk = await remoteVideoAdvances(kiosk, 'consult-remote-video');
  expect(atKiosk.advanced, `the lawyer's video plays on at the kiosk (${atKiosk.first.time} -> ${atKiosk.second.time})`).toBe(true);
  const atConsole = await remoteVideoAdvances(lawyerA, 'remote-video');
  expect(atConsole.advanced, `the citizen's video plays on in the console (${atConsole.first.time} -> ${atConsole.second.time})`).toBe(true);

  // The citizen ends the call (with the confirmation), rates it, and the recording reaches the centre.
  await kiosk.getByTestId('consult-hangup').click();
  await kiosk.getByTestId('consult-hangup-confirm').click();
  await expect(kiosk.getByTestId('consult-rating')).toHaveAttribute('data-end-reason', 'kiosk_hangup');
  await expect(lawyerA.getByTestId('call')).toBeHidden();
  await kiosk.getByTestId('consult-rating-4').click();
  await expect(kiosk.getByTestId('consult-done')).toBeVisible();
  const detailPath = `${CONSULT_PATHS.consultations}/${consultationId}`;
  await expect
    .poll(async () => ConsultationDetailSchema.parse(await (await staff.get(detailPath)).json()).hasRecording, { timeout: 90_000, intervals: [500] })
    .toBe(true);
  const detail = ConsultationDetailSchema.parse(await (await staff.get(detailPath)).json());
  expect(detail).toMatchObject({ phase: 'ended', rating: 4 });
  expect(detail.recording?.durationMs ?? 0).toBeGreaterThan(4_000);
  await resetKiosk(rig);
});

test('two lawyers answer the same ring at once: exactly one gets the call, the other is told it was taken', async () => {
  test.setTimeout(90_000);
  const { kiosk } = rig;
  const lawyers = [await desk(0), await desk(1)];
  await citizenAsksForLawyer(rig);
  for (const page of lawyers) await expect(page.getByTestId('ring-card')).toBeVisible();
  // Both press 接听 in the same instant: each page clicks at one agreed time (one machine, one clock).
  const at = Date.now() + 400;
  const pressed = await Promise.all(
    lawyers.map((page) =>
      page.evaluate(
        (when) =>
          new Promise<boolean>((resolve) =>
            setTimeout(() => {
              const button = document.querySelector<HTMLButtonElement>('[data-testid=ring-accept]');
              button?.click();
              resolve(button !== null);
            }, when - Date.now()),
          ),
        at,
      ),
    ),
  );
  expect(pressed, 'both lawyers pressed 接听 while it was ringing').toEqual([true, true]);

  await expect(kiosk.getByTestId('consult-call')).toBeVisible();
  await expect.poll(async () => (await Promise.all(lawyers.map((p) => p.getByTestId('call').isVisible()))).filter(Boolean).length).toBe(1);
  const inCall = await lawyers[0]!.getByTestId('call').isVisible() ? 0 : 1;
  const winner = lawyers[inCall]!;
  const loser = lawyers[1 - inCall]!;
  await expect(loser.getByTestId('desk-notice')).toHaveText('这次咨询已由其他律师接听。');
  await expect(loser.getByTestId('ring-card')).toBeHidden();
  await expect(loser.getByTestId('call')).toBeHidden();
  await expect(kiosk.getByTestId('consult-lawyer')).toContainText(rig.lawyers[inCall]!.displayName);
  expect((await remoteVideoAdvances(winner, 'remote-video')).advanced).toBe(true);

  await winner.getByTestId('hang-up').click();
  await winner.getByTestId('dialog-hang-up').getByTestId('dialog-confirm').click();
  await expect(kiosk.getByTestId('consult-rating')).toHaveAttribute('data-end-reason', 'lawyer_hangup');
  await kiosk.getByTestId('consult-rating-skip').click();
  await expect(kiosk.getByTestId('consult-done')).toBeVisible();
  await resetKiosk(rig);
});

test('a ringing lawyer closes the console: the next lawyer is rung at once', async () => {
  test.setTimeout(90_000);
  const { kiosk } = rig;
  const pages = [await desk(0), await desk(1), await desk(2)];
  await citizenAsksForLawyer(rig);
  // Two of the three ring (two offers at a time); the third waits.
  await expect.poll(async () => (await ringing(pages)).length).toBe(2);
  const rung = await ringing(pages);
  const quiet = pages.find((p) => !rung.includes(p))!;
  await expect(quiet.getByTestId('ring-card')).toBeHidden();
  const leaving = pages.indexOf(rung[0]!);
  await closeDesk(leaving);
  // Rung well before the first ring would have run out (30 s).
  await expect(quiet.getByTestId('ring-card')).toBeVisible({ timeout: 10_000 });
  await expect(kiosk.getByTestId('consult-waiting')).toHaveAttribute('data-ringing', '2');
  await quiet.getByTestId('ring-accept').click();
  await expect(kiosk.getByTestId('consult-call')).toBeVisible();
  await expect(kiosk.getByTestId('consult-lawyer')).toContainText(rig.lawyers[pages.indexOf(quiet)]!.displayName);
  await kiosk.getByTestId('consult-hangup').click();
  await kiosk.getByTestId('consult-hangup-confirm').click();
  await kiosk.getByTestId('consult-rating-skip').click();
  await expect(kiosk.getByTestId('consult-done')).toBeVisible();
  await resetKiosk(rig);
});

test('a lawyer is rung but does not answer: the kiosk offers the fallback at the configured deadline, and leaving stops the ring', async () => {
  test.setTimeout(90_000);
  const { kiosk } = rig;
  for (const index of [...desks.keys()]) if (index !== 1) await closeDesk(index);
  const lawyer = await desk(1);
  await citizenAsksForLawyer(rig);
  await expect(lawyer.getByTestId('ring-card')).toBeVisible();
  const consultationId = (await lawyer.getByTestId('ring-card').getAttribute('data-consultation-id'))!;
  await expect(kiosk.getByTestId('consult-waiting')).toHaveAttribute('data-ringing', '1');
  await expect(kiosk.getByTestId('consult-fallback')).toBeVisible({ timeout: FALLBACK_AFTER_MS + 5_000 });
  // Not before the deadline: the centre's timeline has the fallback at the configured time after the request.
  const detail = ConsultationDetailSchema.parse(await (await rig.staff.get(`${CONSULT_PATHS.consultations}/${consultationId}`)).json());
  expect(detail.timeline.find((e) => e.kind === 'fallback')).toMatchObject({ detail: 'timeout', sinceRequestMs: expect.any(Number) });
  expect(detail.timeline.find((e) => e.kind === 'fallback')!.sinceRequestMs).toBeGreaterThanOrEqual(FALLBACK_AFTER_MS);
  await expect(kiosk.getByTestId('consult-fallback-hotline')).toContainText('12348');
  await kiosk.getByTestId('consult-leave').click();
  await expect(lawyer.getByTestId('ring-card')).toBeHidden();
  await expect(lawyer.getByTestId('desk-notice')).toHaveText('市民已取消这次咨询。');
  await resetKiosk(rig);
});

test('nobody can answer: the kiosk offers the queue, a callback time and 12348 within the configured wait', async () => {
  test.setTimeout(90_000);
  const { kiosk } = rig;
  for (const index of [...desks.keys()]) await closeDesk(index);
  await expect.poll(() => rig.lawyers.map((l) => rig.centre.consult.presenceOf(l.id) ?? 'away')).toEqual(['away', 'away', 'away']);
  // With nobody online the centre answers at once (nobody_available); at the latest it is the
  // configured fallback deadline.
  await citizenAsksForLawyer(rig);
  const fallback = kiosk.getByTestId('consult-fallback');
  await expect(fallback).toBeVisible({ timeout: FALLBACK_AFTER_MS + 5_000 });
  await expect(kiosk.getByTestId('consult-fallback-hotline')).toContainText('12348');
  await expect(kiosk.getByTestId('consult-fallback-slot')).toContainText(/\d+点/);
  await expect(kiosk.getByTestId('consult-fallback-position')).toContainText('第1位');
  // Leaving withdraws the request; the centre records it as cancelled.
  await kiosk.getByTestId('consult-leave').click();
  await expect(kiosk.getByTestId('consult-fallback')).toBeHidden();
  await resetKiosk(rig);
});
