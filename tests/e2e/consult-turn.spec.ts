/**
 * The relay path of a video consultation (subsystems.md, "Video consultation": keep one test that
 * forces TURN): a real coturn on loopback with the REST shared secret, the centre configured with
 * its URL and secret (as CENTRE_TURN_URLS / CENTRE_TURN_SECRET give it), so each browser gets its
 * own time-limited TURN credential from the centre, and relay-only (CENTRE_ICE_RELAY_ONLY=1), so the
 * centre tells both browsers to use relay candidates only (iceTransportPolicy 'relay'): the call only
 * connects if the centre's credentials work on coturn.
 */
import { expect, test } from '@playwright/test';
import { startTurnServer, turnServerAvailable, type TurnServerHandle } from '../support/turn-server.ts';
import { citizenAsksForLawyer, openDesk, remoteVideoAdvances, resetKiosk, selectedCandidatePair, startConsultRig, type ConsultRig } from './consult-support.ts';

test.describe.configure({ mode: 'serial' });

let turn: TurnServerHandle;
let rig: ConsultRig;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  expect(turnServerAvailable(), 'coturn (/usr/bin/turnserver) is installed by scripts/run.mjs').toBe(true);
  turn = await startTurnServer();
  rig = await startConsultRig({ ice: { stunUrls: [], turnUrls: turn.urls, turnSecret: turn.secret, turnTtlSeconds: 600, relayOnly: true } });
});
test.afterAll(async () => {
  await rig?.stop();
  await turn?.stop();
});

test('a call forced through the TURN relay connects with the centre-issued credentials, video flows both ways', async () => {
  test.setTimeout(120_000);
  const { kiosk } = rig;
  // The kiosk's id at the centre, as the technician page shows it (before anyone is at the kiosk:
  // opening that page ends a citizen's session).
  const { token } = await rig.core.call('technician.unlock', { pin: '2468' });
  const kioskId = (await rig.core.call('technician.status', { token })).centre.kioskId;
  await rig.core.call('technician.lock', { token });
  const desk = await openDesk(rig, rig.lawyers[0]!);
  await citizenAsksForLawyer(rig);
  await desk.getByTestId('ring-accept').click();
  await expect(kiosk.getByTestId('consult-call')).toBeVisible();
  await expect(desk.getByTestId('call')).toBeVisible();

  const atKiosk = await remoteVideoAdvances(kiosk, 'consult-remote-video');
  expect(atKiosk.advanced, `the lawyer's video plays on at the kiosk (${atKiosk.first.time} -> ${atKiosk.second.time})`).toBe(true);
  const atConsole = await remoteVideoAdvances(desk, 'remote-video');
  expect(atConsole.advanced, `the citizen's video plays on in the console (${atConsole.first.time} -> ${atConsole.second.time})`).toBe(true);

  // Each browser made its connection relay-only because the centre said so, and the media really goes
  // through the relay: the selected pair's candidates are relay ones on both sides.
  for (const page of [kiosk, desk]) {
    const policy = await page.evaluate(() => (window as unknown as { __peers: RTCPeerConnection[] }).__peers.at(-1)?.getConfiguration().iceTransportPolicy ?? null);
    expect(policy).toBe('relay');
    const pair = await selectedCandidatePair(page);
    expect(pair, 'a selected candidate pair').not.toBeNull();
    expect(pair).toMatchObject({ state: 'succeeded', local: 'relay', remote: 'relay' });
  }
  // coturn allocated relays for both sides, each authenticated with its own REST credential from
  // the centre (username `<expiry>:<kiosk id>` or `<expiry>:<lawyer's account id>`).
  const log = turn.logLines.join('\n');
  for (const id of [kioskId, rig.lawyers[0]!.id]) expect(log).toContain(`:${id}>: incoming packet ALLOCATE processed, success`);

  await desk.getByTestId('hang-up').click();
  await desk.getByTestId('dialog-hang-up').getByTestId('dialog-confirm').click();
  await expect(kiosk.getByTestId('consult-rating')).toHaveAttribute('data-end-reason', 'lawyer_hangup');
  await kiosk.getByTestId('consult-rating-skip').click();
  await expect(kiosk.getByTestId('consult-done')).toBeVisible();
  await resetKiosk(rig);
});
