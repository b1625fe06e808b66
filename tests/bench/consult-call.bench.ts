/**
 * Video consultation timings with the parts of tests/e2e/consult-call.spec.ts: a real centre, an
 * enrolled kiosk core, the kiosk and the lawyer's console in two Debian Chromium instances with fake
 * cameras. Per call: the citizen's last tap before the request (camera and microphone open, the
 * request goes kiosk core -> centre -> dispatcher) -> the ring on the console, and the
 * lawyer's 接听 -> the first decoded remote frame on the kiosk and on the console. Once on loopback
 * without TURN, once forced through a real coturn relay. Figures printed, never asserted.
 *
 *   npm run bench -- consult-call        (BENCH_CALLS=n for more or fewer calls per environment)
 */
import type { Page } from '@playwright/test';
import { citizenAsksForLawyer, openDesk, resetKiosk, startConsultRig, type ConsultRigOptions } from '../e2e/consult-support.ts';
import { startTurnServer, turnServerAvailable } from '../support/turn-server.ts';
import { fmt, summary } from './stats.ts';

const CALLS = Number(process.env.BENCH_CALLS ?? 12);

// Page scripts as strings: tsx would wrap functions with helpers the page does not have.
/** Resolves with the wall-clock time (ms) at which `selector` is first in the DOM. */
const appears = (selector: string) => `new Promise((resolve) => {
  const stamp = () => resolve(performance.timeOrigin + performance.now());
  if (document.querySelector(${JSON.stringify(selector)})) return stamp();
  const observer = new MutationObserver(() => {
    if (document.querySelector(${JSON.stringify(selector)})) { observer.disconnect(); stamp(); }
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true });
})`;
/** Resolves with the wall-clock time of the first animation frame in which the video has a decoded picture. */
const firstFrame = (testid: string) => `new Promise((resolve) => {
  const check = () => {
    const v = document.querySelector('[data-testid=${testid}]');
    if (v && v.videoWidth > 0 && v.readyState >= 2) return resolve(performance.timeOrigin + performance.now());
    requestAnimationFrame(check);
  };
  check();
})`;
/** Resolves with the wall-clock time of the person's tap on `selector` (the last choice before the request). */
const tapped = (selector: string) => `new Promise((resolve) => {
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest(${JSON.stringify(selector)})) resolve(performance.timeOrigin + performance.now());
  }, { capture: true });
})`;
/** Clicks 接听 and returns the wall-clock time of the click. */
const ACCEPT = `(() => { const at = performance.timeOrigin + performance.now(); document.querySelector('[data-testid=ring-accept]').click(); return at; })()`;

const measure = async (label: string, options: ConsultRigOptions) => {
  const rig = await startConsultRig(options);
  const desk: Page = await openDesk(rig, rig.lawyers[0]!);
  const ring: number[] = [];
  const kioskFrame: number[] = [];
  const consoleFrame: number[] = [];
  try {
    for (let i = 0; i < CALLS; i++) {
      const asked = rig.kiosk.evaluate<number>(tapped('[data-testid=consult-share-name-yes]'));
      const rung = desk.evaluate<number>(appears('[data-testid=ring-accept]'));
      await citizenAsksForLawyer(rig);
      const [askedAt, rungAt] = await Promise.all([asked, rung]);
      const atKiosk = rig.kiosk.evaluate<number>(`${appears('[data-testid=consult-remote-video]')}.then(() => ${firstFrame('consult-remote-video')})`);
      const acceptedAt = await desk.evaluate<number>(ACCEPT);
      const atConsole = desk.evaluate<number>(`${appears('[data-testid=remote-video]')}.then(() => ${firstFrame('remote-video')})`);
      const [kioskAt, consoleAt] = await Promise.all([atKiosk, atConsole]);
      ring.push(rungAt - askedAt);
      kioskFrame.push(kioskAt - acceptedAt);
      consoleFrame.push(consoleAt - acceptedAt);
      // The lawyer ends the call; the citizen skips the rating; next person.
      await desk.getByTestId('hang-up').click();
      await desk.getByTestId('dialog-hang-up').getByTestId('dialog-confirm').click();
      await rig.kiosk.getByTestId('consult-rating-skip').click();
      await rig.kiosk.getByTestId('consult-done').waitFor();
      await resetKiosk(rig);
      await desk.locator('[data-testid=availability-toggle][data-available=yes]').waitFor();
    }
  } finally {
    await rig.stop();
  }
  const show = (what: string, values: number[]) => {
    const s = summary(values);
    console.log(`  ${what.padEnd(44)} median ${fmt(s.median)}  p95 ${fmt(s.p95)}  min ${fmt(s.min)}  max ${fmt(s.max)}  (n=${s.n})`);
  };
  console.log(`${label}`);
  show('last tap (camera on, request) -> ring', ring);
  show('接听 -> first remote frame at the kiosk', kioskFrame);
  show('接听 -> first remote frame in the console', consoleFrame);
};

console.log(`video consultation, ${CALLS} calls per environment; two Chromium instances, real centre and kiosk core, all on loopback (2 shared cores)`);
await measure('loopback, host candidates (no TURN):', {});
if (turnServerAvailable()) {
  const turn = await startTurnServer();
  try {
    await measure('forced TURN relay (coturn on loopback, iceTransportPolicy relay):', {
      // The product's switch (CENTRE_ICE_RELAY_ONLY): both browsers are told to use relay candidates only.
      ice: { stunUrls: [], turnUrls: turn.urls, turnSecret: turn.secret, turnTtlSeconds: 600, relayOnly: true },
    });
  } finally {
    await turn.stop();
  }
} else {
  console.log('forced TURN relay: skipped (coturn is not installed)');
}
