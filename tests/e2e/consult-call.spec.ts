/**
 * Issue 6 end to end, as the two people meet it: a citizen at the kiosk (real core enrolled with a
 * real centre, Debian Chromium with a fake camera playing a person's clip) asks for a lawyer; a
 * lawyer in the console (a second, separate Chromium with its own fake camera) is rung with the
 * matter and the station, answers, and both see each other's live video over loopback WebRTC. The
 * lawyer pushes a checklist that comes out of the kiosk's real CUPS A4 queue, then ends the call; the
 * citizen rates it; the kiosk's recording reaches the centre and plays: staff download it and ffprobe
 * finds a video and an audio stream and a duration close to the call's length.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ConsultationDetailSchema, CONSULT_PATHS } from '../../domain/consult/protocol.ts';
import { darkPixelRatio, ensureCups, pdfInfo, waitForNewPdf } from '../support/cups.ts';
import { citizenAsksForLawyer, openDesk, probeRecording, remoteVideoAdvances, startConsultRig, STATION_NAME, type ConsultRig } from './consult-support.ts';

test.describe.configure({ mode: 'serial' });

let rig: ConsultRig;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  expect(ensureCups(), 'CUPS with the cups-pdf queues (scripts/setup-cups.mjs)').toBe(true);
  rig = await startConsultRig();
});
test.afterAll(async () => {
  await rig?.stop();
});

const CHECKLIST = { title: '劳动仲裁材料清单', body: '请带原件和复印件各一份。', items: ['劳动合同', '工资条或银行流水', '考勤记录'] };

test('a citizen talks to a lawyer on video, gets a printed checklist, rates the call, and the centre keeps a playable recording', async () => {
  test.setTimeout(180_000);
  const { kiosk, core, staff } = rig;
  const desk = await openDesk(rig, rig.lawyers[0]!);

  // The citizen asks; the waiting screen tells the truth about who is being called.
  await citizenAsksForLawyer(rig, 'labour');
  const waiting = kiosk.getByTestId('consult-waiting');
  await expect(waiting).toHaveAttribute('data-tier', 'county');
  await expect(kiosk.getByTestId('consult-waiting-tier')).toHaveText('正在为您联系本县（区）的律师');

  // The lawyer's console rings with the matter and the station.
  const ring = desk.getByTestId('ring-card');
  await expect(ring).toBeVisible();
  await expect(ring.getByTestId('ring-matter')).toHaveText('劳动纠纷（工资、工伤、合同）');
  await expect(ring.getByTestId('ring-station')).toContainText(STATION_NAME);
  await desk.getByTestId('ring-accept').click();

  // Both sides see the other's live picture.
  await expect(kiosk.getByTestId('consult-call')).toBeVisible();
  const callStartedAt = Date.now();
  await expect(kiosk.getByTestId('consult-lawyer')).toContainText('赵律师');
  const call = desk.getByTestId('call');
  await expect(call).toBeVisible();
  const consultationId = (await call.getAttribute('data-consultation-id'))!;
  await expect(desk.getByTestId('call-citizen-name')).toHaveText('陈子演');
  await expect(desk.getByTestId('call-station')).toHaveText(STATION_NAME);
  const atKiosk = await remoteVideoAdvances(kiosk, 'consult-remote-video');
  expect(atKiosk.first.width, 'the kiosk shows the lawyer').toBeGreaterThan(0);
  expect(atKiosk.advanced, `the lawyer's video plays on at the kiosk (${atKiosk.first.time} -> ${atKiosk.second.time})`).toBe(true);
  const atConsole = await remoteVideoAdvances(desk, 'remote-video');
  expect(atConsole.first.width, 'the console shows the citizen').toBeGreaterThan(0);
  expect(atConsole.advanced, `the citizen's video plays on in the console (${atConsole.first.time} -> ${atConsole.second.time})`).toBe(true);
  // The recording is announced on screen for the whole call.
  await expect(kiosk.getByTestId('consult-recording')).toHaveAttribute('data-state', 'on');
  await expect(kiosk.getByTestId('consult-recording')).toHaveText('正在录音录像');

  // The lawyer writes a checklist and sends it to the kiosk's printer.
  await desk.getByTestId('push-mode-custom').check();
  await desk.getByTestId('push-kind').selectOption('checklist');
  await desk.getByTestId('push-title').fill(CHECKLIST.title);
  await desk.getByTestId('push-body').fill(CHECKLIST.body);
  await desk.getByTestId('push-items').fill(CHECKLIST.items.join('\n'));
  const printedSince = Date.now();
  await desk.getByTestId('push-send').click();
  await expect(desk.getByTestId('push-entry').first()).toHaveAttribute('data-outcome', 'completed', { timeout: 60_000 });
  await expect(kiosk.getByTestId('consult-printed')).toContainText(CHECKLIST.title);
  // The paper: an A4 page with ink came out of the real KIOSK_A4 queue. (cups-pdf passes pages
  // through Ghostscript, whose text layer is garbled: see tests/support/cups.ts; the words are
  // checked on both screens above.)
  const pdf = await waitForNewPdf(printedSince, 30_000);
  const info = await pdfInfo(pdf);
  expect([Math.round(info.widthMm), Math.round(info.heightMm)]).toEqual([210, 297]);
  expect(await darkPixelRatio(pdf, 1)).toBeGreaterThan(0.002);

  // Talk a little longer, then the lawyer ends the call.
  await kiosk.waitForTimeout(Math.max(0, 8_000 - (Date.now() - callStartedAt)));
  await desk.getByTestId('hang-up').click();
  await desk.getByTestId('dialog-hang-up').getByTestId('dialog-confirm').click();
  const callEndedAt = Date.now();
  // No wrap-up time is configured here: the lawyer is straight back to taking calls.
  await expect(desk.getByTestId('call')).toBeHidden();
  await expect(desk.getByTestId('desk-state')).toHaveText('在线，等待来电');

  // The citizen rates the call and is told what comes next.
  const rating = kiosk.getByTestId('consult-rating');
  await expect(rating).toBeVisible();
  await expect(rating).toHaveAttribute('data-end-reason', 'lawyer_hangup');
  await kiosk.getByTestId('consult-rating-5').click();
  await expect(kiosk.getByTestId('consult-done')).toBeVisible();

  // The recording reaches the centre (outbox: tus upload, then the commit) ...
  const detailPath = `${CONSULT_PATHS.consultations}/${consultationId}`;
  await expect
    .poll(async () => ConsultationDetailSchema.parse(await (await staff.get(detailPath)).json()).hasRecording, { timeout: 90_000, intervals: [500] })
    .toBe(true);
  const detail = ConsultationDetailSchema.parse(await (await staff.get(detailPath)).json());
  expect(detail).toMatchObject({ phase: 'ended', rating: 5, lawyer: { displayName: '赵律师' } });
  expect(detail.pushes.map((p) => [p.push.title, p.outcome])).toEqual([[CHECKLIST.title, 'completed']]);

  // ... and plays: staff download it, ffprobe reads its length and both kinds of streams.
  const response = await staff.get(`${detailPath}/recording`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('video/webm');
  const dir = mkdtempSync(join(tmpdir(), 'consult-recording-'));
  try {
    const file = join(dir, 'recording.webm');
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
    const probe = probeRecording(file);
    const callSeconds = (callEndedAt - callStartedAt) / 1000;
    expect(probe.streams.sort()).toEqual(['audio', 'video']);
    expect(probe.durationS, `recording ${probe.durationS} s for a call of ${callSeconds} s`).toBeGreaterThan(callSeconds - 3);
    expect(probe.durationS).toBeLessThan(callSeconds + 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Nothing personal in the kiosk core's log.
  expect(core.logLines.join('\n')).not.toContain('陈子演');
});
