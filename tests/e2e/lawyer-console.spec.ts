/**
 * The lawyer's side of video consultations in the centre's console, end to end: a real centre on
 * loopback (SQLite file, the Vite-built console), Debian Chromium with a fake camera, and a scripted
 * kiosk on the centre's signed kiosk socket (center/server/testing/consult-clients.ts). The kiosk's
 * WebRTC side is a second page in the same browser: it offers, the console answers, media flows
 * over loopback, and the signalling goes through the centre like a real kiosk's.
 *
 * The full two-browser call with the real kiosk app is tests/e2e/consult-*.spec.ts (another suite).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { CONSULT_PATHS, HEARTBEAT_MS, type Signal } from '../../domain/consult/protocol.ts';
import { dispatchConfig } from '../../domain/dispatch/model.ts';
import { NO_ICE_SERVERS } from '../../center/server/consult/ice.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, createTestAccount, loginAs, sha256Hex, signedJson, startTestCentre, uploadBytes, type TestAccount, type TestCentre, type TestKiosk } from '../../center/server/testing/harness.ts';
import { consultRequest, createTestLawyer, enrolKioskAt, openKioskSocket, type KioskConsultSocket } from '../../center/server/testing/consult-clients.ts';
import { requireConsoleBuild } from '../support/centre-console.ts';
import { repoRoot } from '../support/kiosk-core.ts';
import { expectNoSeriousAxeViolations } from './audit.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './playwright.config.ts';
import { expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });
test.use({
  launchOptions: {
    executablePath: CHROMIUM,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
    ],
  },
});

const STATION = { stationName: '东山街道法律服务站', regionCode: '440106' };
const HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">';
const WEBM = readFileSync(join(repoRoot, 'tests', 'fixtures', 'consult', 'recording.webm'));

let centre: TestCentre;
let kiosk: TestKiosk;
let lawyer: TestAccount;
let staff: TestAccount;
let kioskSocket: KioskConsultSocket;
/** The lawyer's console, one page for the whole story (a call lives in the page). */
let deskContext: BrowserContext;
let page: Page;
let kioskPing: ReturnType<typeof setInterval> | undefined;
let peer: Awaited<ReturnType<typeof startKioskPeer>> | null = null;
/** The consultation the lawyer took (set by the call test, read by the later ones). */
let callId = '';

test.beforeAll(async ({ browser }) => {
  requireConsoleBuild();
  centre = await startTestCentre({
    // A long ring, so the test (not the clock) decides; wrap-up long enough to see it.
    consult: { dispatch: dispatchConfig({ ringMs: 30_000, fallbackAfterMs: 60_000, wrapUpMs: 120_000 }), ice: NO_ICE_SERVERS, graceMs: 30_000 },
  });
  lawyer = await createTestLawyer(centre, { displayName: '赵律师', organisation: '广州某律师事务所', regionCodes: ['440106'], matterCategories: ['labour', 'family'] });
  staff = await createTestAccount(centre, { role: 'staff', username: 'reviewer', displayName: '王审查' });
  kiosk = await enrolKioskAt(centre.baseUrl, STATION);
  kioskSocket = await openKioskSocket(centre.baseUrl, kiosk);
  await kioskSocket.nextMessage('hello');
  // The kiosk's heartbeat, as the core sends it: a silent socket is closed by the centre.
  kioskPing = setInterval(() => kioskSocket.send({ type: 'ping' }), HEARTBEAT_MS);
  deskContext = await browser.newContext();
  page = await deskContext.newPage();
});

test.afterAll(async () => {
  clearInterval(kioskPing);
  await peer?.stop();
  await deskContext?.close();
  kioskSocket?.close();
  await centre?.close();
});

const signIn = async (page: Page, account: { username: string; password: string; displayName: string }) => {
  await page.goto(`${centre.baseUrl}/console/`);
  await page.getByLabel('用户名').fill(account.username);
  await page.getByLabel('密码').fill(account.password);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(account.displayName);
};

const openDeskAvailable = async (page: Page) => {
  await signIn(page, lawyer);
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-connection')).toHaveAttribute('data-state', 'open');
  const toggle = page.getByTestId('availability-toggle');
  await expect(toggle).toHaveText('在线接听');
  await toggle.click();
  await expect(page.getByTestId('desk-state')).toHaveText('在线，等待来电');
  await expect(toggle).toHaveText('暂停接听');
  await expect.poll(() => centre.consult.presenceOf(lawyer.id)).toBe('available');
};

/**
 * The kiosk's WebRTC side in a page of the same browser: camera, an offer, the answer and the
 * candidates relayed through the signed kiosk socket, as the kiosk core relays them.
 */
const startKioskPeer = async (context: BrowserContext, consultationId: string) => {
  const page = await context.newPage();
  await page.goto(`${centre.baseUrl}/console/login`);
  await page.exposeFunction('__sendSignal', (signal: Signal) => kioskSocket.send({ type: 'signal', consultationId, signal }));
  let running = true;
  let relayError: Error | null = null;
  const relay = (async () => {
    while (running) {
      let message;
      try {
        message = await kioskSocket.nextMessage('signal', { timeoutMs: 1000, where: (m) => m.consultationId === consultationId });
      } catch (error) {
        // Only the quiet second is expected; anything else (a message the protocol forbids, a closed socket) ends the relay.
        if (error instanceof Error && error.message.startsWith('no signal within')) continue;
        relayError = error instanceof Error ? error : new Error(String(error));
        return;
      }
      if (!running) return;
      await page.evaluate(async (signal) => {
        const w = window as unknown as { __pc: RTCPeerConnection };
        if (signal.kind === 'description') await w.__pc.setRemoteDescription(signal.description);
        else await w.__pc.addIceCandidate(signal.candidate);
      }, message.signal);
    }
  })();
  const offer = (iceRestart: boolean) =>
    page.evaluate(async (restart) => {
      const w = window as unknown as { __pc: RTCPeerConnection; __sendSignal: (s: unknown) => Promise<void> };
      const description = await w.__pc.createOffer({ iceRestart: restart });
      await w.__pc.setLocalDescription(description);
      await w.__sendSignal({ kind: 'description', description: { type: 'offer', sdp: description.sdp } });
    }, iceRestart);
  await page.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const pc = new RTCPeerConnection({ iceServers: [] });
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    const w = window as unknown as { __pc: RTCPeerConnection; __remoteVideo: number; __sendSignal: (s: unknown) => Promise<void> };
    w.__pc = pc;
    w.__remoteVideo = 0;
    pc.ontrack = (event) => {
      if (event.track.kind === 'video') w.__remoteVideo += 1;
    };
    pc.onicecandidate = (event) => {
      if (event.candidate?.candidate) {
        void w.__sendSignal({ kind: 'candidate', candidate: { candidate: event.candidate.candidate, sdpMid: event.candidate.sdpMid, sdpMLineIndex: event.candidate.sdpMLineIndex } });
      }
    };
  });
  await offer(false);
  return {
    page,
    offer,
    state: () => page.evaluate(() => (window as unknown as { __pc: RTCPeerConnection }).__pc.connectionState),
    remoteVideoTracks: () => page.evaluate(() => (window as unknown as { __remoteVideo: number }).__remoteVideo),
    relayError: () => relayError,
    async stop() {
      running = false;
      await relay;
      await page.close();
    },
  };
};

/** The remote <video> shows moving pictures: it has a size and its time advances. */
const expectVideoPlaying = async (page: Page, testid: string) => {
  const video = page.getByTestId(testid);
  await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).videoWidth), { timeout: 15_000 }).toBeGreaterThan(0);
  const before = await video.evaluate((v) => (v as HTMLVideoElement).currentTime);
  await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThan(before);
};

test('a lawyer goes available, hears a ring with the matter and the station, declines, then accepts the next and is in the call with video', async () => {
  await openDeskAvailable(page);
  await expectNoSeriousAxeViolations(page, 'consultation desk, available');

  // The first request rings: matter, station and region, tier, a countdown; the lawyer declines.
  const first = consultRequest({ matterCategory: 'family', citizen: { name: null, verification: null } });
  kioskSocket.send(first);
  const ring = page.getByTestId('ring-card');
  await expect(ring).toBeVisible();
  await expect(ring).toHaveAttribute('data-consultation-id', first.consultationId);
  await expect(page.getByTestId('ring-matter')).toHaveText('婚姻家庭');
  await expect(page.getByTestId('ring-station')).toContainText('东山街道法律服务站');
  await expect(page.getByTestId('ring-station')).toContainText('440106');
  await expect(page.getByTestId('ring-tier')).toHaveText('本县（区）');
  await expect(page.getByTestId('ring-countdown')).toHaveText(/^\d+ 秒后转给其他律师$/);
  const seconds = Number((await page.getByTestId('ring-countdown').textContent())?.match(/\d+/)?.[0]);
  expect(seconds).toBeGreaterThan(20);
  expect(seconds).toBeLessThanOrEqual(30);
  // The accept button has the focus: the keyboard answers a ring.
  await expect(page.getByTestId('ring-accept')).toBeFocused();
  await expectNoSeriousAxeViolations(page, 'consultation desk, ringing');
  await page.getByTestId('ring-decline').click();
  await expect(ring).toHaveCount(0);
  await expect.poll(() => centre.consult.presenceOf(lawyer.id)).toBe('available');
  // That citizen gives up (the request would otherwise wait in the queue for this lawyer).
  kioskSocket.send({ type: 'cancel', consultationId: first.consultationId });

  // The next request rings; the lawyer accepts it.
  const second = consultRequest({ matterCategory: 'labour', citizen: { name: '张三', verification: 'card_only' } });
  kioskSocket.send(second);
  await expect(ring).toHaveAttribute('data-consultation-id', second.consultationId);
  await expect(page.getByTestId('ring-matter')).toHaveText('劳动纠纷（工资、工伤、合同）');
  await page.keyboard.press('Enter');
  const connected = await kioskSocket.nextMessage('connected', { where: (m) => m.consultationId === second.consultationId });
  expect(connected.lawyer).toEqual({ displayName: '赵律师', organisation: '广州某律师事务所' });
  callId = second.consultationId;

  const call = page.getByTestId('call');
  await expect(call).toBeVisible();
  await expect(call).toHaveAttribute('data-consultation-id', callId);
  await expect(page.getByTestId('call-citizen-name')).toHaveText('张三');
  await expect(page.getByTestId('call-verification')).toHaveText('仅读取身份证（未核验本人）');
  await expect(page.getByTestId('call-matter')).toHaveText('劳动纠纷（工资、工伤、合同）');

  // The kiosk offers; the console answers; pictures flow both ways.
  const kiosk = await startKioskPeer(deskContext, callId);
  peer = kiosk;
  await expect(page.getByTestId('media-state')).toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
  await expectVideoPlaying(page, 'remote-video');
  await expect(page.getByTestId('local-video')).toHaveAttribute('data-live', 'yes');
  await expect.poll(kiosk.remoteVideoTracks).toBeGreaterThan(0);
  expect(await kiosk.state()).toBe('connected');

  // After a reconnect the kiosk restarts ICE with a new offer: the console answers it on the same call.
  await kiosk.offer(true);
  await expect.poll(() => kiosk.page.evaluate(() => (window as unknown as { __pc: RTCPeerConnection }).__pc.signalingState)).toBe('stable');
  await expect.poll(kiosk.state).toBe('connected');
  await expect(page.getByTestId('media-state')).toHaveAttribute('data-state', 'connected');
  await expectVideoPlaying(page, 'remote-video');

  // Mute and camera off change only this side's tracks, and say so on the buttons.
  await page.getByTestId('toggle-mic').click();
  await expect(page.getByTestId('toggle-mic')).toHaveText('打开麦克风');
  await page.getByTestId('toggle-camera').click();
  await expect(page.getByTestId('toggle-camera')).toHaveText('打开摄像头');
  expect(await page.getByTestId('local-video').evaluate((v) => ((v as HTMLVideoElement).srcObject as MediaStream).getTracks().map((t) => t.enabled))).toEqual([false, false]);
  await page.getByTestId('toggle-mic').click();
  await page.getByTestId('toggle-camera').click();
  await expectNoSeriousAxeViolations(page, 'consultation desk, in a call');
});


test('in the call: a checklist and a hostile document reach the kiosk printer with their outcome, identity is verified, both referrals go out, notes are saved, the summary is printed', async () => {
  test.skip(!callId, 'needs the call of the previous test');
  const id = callId;

  // A template for this matter (labour): the scripted kiosk receives exactly that checklist.
  await page.getByTestId('push-template').selectOption('labour-arbitration');
  await expect(page.getByTestId('push-preview')).toContainText('劳动仲裁申请需要准备的材料');
  await page.getByTestId('push-send').click();
  const checklist = await kioskSocket.nextMessage('push', { where: (m) => m.consultationId === id });
  expect(checklist.push.kind).toBe('checklist');
  expect(checklist.push.title).toBe('劳动仲裁申请需要准备的材料');
  expect(checklist.push.items).toContain('本人身份证原件和复印件');
  const entries = page.getByTestId('push-entry');
  await expect(entries).toHaveCount(1);
  await expect(entries.first().getByTestId('push-outcome')).toHaveText('已发送，等待打印');
  // The kiosk's printer is out of paper: the lawyer sees it against that push.
  kioskSocket.send({ type: 'printed', consultationId: id, pushId: checklist.pushId, outcome: 'out_of_paper' });
  await expect(entries.first().getByTestId('push-outcome')).toHaveText('打印机缺纸');

  // A document written here, with markup in the title: it goes as text, and shows as text.
  await page.getByTestId('push-mode-custom').check();
  await page.getByTestId('push-kind').selectOption('document');
  await page.getByTestId('push-title').fill(HOSTILE_TITLE);
  await page.getByTestId('push-body').fill('请于本周五前到劳动仲裁委员会递交申请。\n\n携带身份证原件。');
  await page.getByTestId('push-send').click();
  const document = await kioskSocket.nextMessage('push', { where: (m) => m.consultationId === id && m.push.kind === 'document' });
  expect(document.push.title).toBe(HOSTILE_TITLE);
  expect(document.push.body).toBe('请于本周五前到劳动仲裁委员会递交申请。\n\n携带身份证原件。');
  kioskSocket.send({ type: 'printed', consultationId: id, pushId: document.pushId, outcome: 'completed' });
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(1)).toContainText(HOSTILE_TITLE);
  await expect(entries.nth(1).getByTestId('push-outcome')).toHaveText('已打印');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // An empty title is refused here with a plain message, and nothing is sent.
  await page.getByTestId('push-title').fill('   ');
  await page.getByTestId('push-send').click();
  await expect(page.getByTestId('push-message')).toHaveText(/请填写标题/);
  expect(await kioskSocket.noMessage('push', 500)).toBe(true);

  // Identity on video: the citizen was card-only; the lawyer confirms, the kiosk is told.
  await page.getByTestId('verify-identity').click();
  await page.getByTestId('dialog-verify').getByTestId('dialog-confirm').click();
  await kioskSocket.nextMessage('identityVerified', { where: (m) => m.consultationId === id });
  await expect(page.getByTestId('call-verification')).toHaveText('已由律师视频核验');
  await expect(page.getByTestId('verified-by-lawyer')).toBeVisible();
  await expect(page.getByTestId('verify-identity')).toHaveCount(0);

  // A legal-aid application with the matter, then a mediation referral with a note.
  await page.getByTestId('refer-matter-id').fill('Bad Id!');
  await page.getByTestId('refer-legal-aid').click();
  await expect(page.getByTestId('refer-error')).toHaveText('援助事项编号格式不对。');
  await page.getByTestId('refer-matter-id').fill('labour_remuneration');
  await page.getByTestId('refer-legal-aid').click();
  await page.getByTestId('dialog-refer').getByTestId('dialog-confirm').click();
  const legalAid = await kioskSocket.nextMessage('referral', { where: (m) => m.consultationId === id });
  expect(legalAid.referral).toEqual({ kind: 'legal_aid', matterId: 'labour_remuneration' });
  await page.getByTestId('refer-mediation-note').fill('邻里之间的工资纠纷，双方愿意调解。');
  await page.getByTestId('refer-mediation').click();
  await page.getByTestId('dialog-refer').getByTestId('dialog-confirm').click();
  const mediation = await kioskSocket.nextMessage('referral', { where: (m) => m.consultationId === id && m.referral.kind === 'mediation' });
  expect(mediation.referral).toEqual({ kind: 'mediation', note: '邻里之间的工资纠纷，双方愿意调解。' });
  await expect(page.getByTestId('referral-entry')).toHaveCount(2);

  // Notes save by themselves; the centre has them.
  await page.getByTestId('call-notes').fill('拖欠工资三个月，约一万二千元；有考勤记录和工资条。');
  await expect(page.getByTestId('notes-state')).toHaveAttribute('data-state', 'saved');
  const stored = await centre.db.selectFrom('consultations').select(['notes']).where('id', '=', id).executeTakeFirstOrThrow();
  expect(stored.notes).toBe('拖欠工资三个月，约一万二千元；有考勤记录和工资条。');

  // The summary is a push of kind summary: the kiosk prints it for the citizen.
  await expect(page.getByTestId('summary-send')).toBeDisabled();
  await page.getByTestId('summary-body').fill('您的情况可以申请劳动仲裁，一年内提出。已为您转法律援助申请。');
  await page.getByTestId('summary-send').click();
  const summary = await kioskSocket.nextMessage('push', { where: (m) => m.consultationId === id && m.push.kind === 'summary' });
  expect(summary.push).toEqual({ kind: 'summary', title: '法律咨询小结', body: '您的情况可以申请劳动仲裁，一年内提出。已为您转法律援助申请。', items: [] });
  await expect(page.getByTestId('summary-sent')).toBeVisible();
});

test('the lawyer hangs up: the kiosk hears it, the desk shows the wrap-up, then the lawyer is available again', async () => {
  test.skip(!callId, 'needs the call of the previous test');
  expect(peer?.relayError() ?? null).toBeNull();
  await page.getByTestId('hang-up').click();
  await page.getByTestId('dialog-hang-up').getByTestId('dialog-confirm').click();
  const ended = await kioskSocket.nextMessage('ended', { where: (m) => m.consultationId === callId });
  expect(ended.reason).toBe('lawyer_hangup');
  await expect(page.getByTestId('call')).toHaveCount(0);
  await expect(page.getByTestId('wrap-up')).toBeVisible();
  await expect(page.getByTestId('wrap-up-reason')).toHaveText('结束原因：律师挂断');
  await expect.poll(() => centre.consult.presenceOf(lawyer.id)).toBe('wrap_up');
  // Notes can still be finished in the wrap-up.
  await page.getByTestId('call-notes').fill('拖欠工资三个月，约一万二千元；有考勤记录和工资条。建议先申请仲裁。');
  await expect(page.getByTestId('notes-state')).toHaveAttribute('data-state', 'saved');
  await page.getByTestId('wrap-up-ready').click();
  await expect(page.getByTestId('desk-state')).toHaveText('在线，等待来电');
  await expect.poll(() => centre.consult.presenceOf(lawyer.id)).toBe('available');
  // Stays available over several heartbeats (the desk repeats the presence, never ends it).
  await page.waitForTimeout(6_000);
  expect(centre.consult.presenceOf(lawyer.id)).toBe('available');
  await page.getByTestId('availability-toggle').click();
  await expect(page.getByTestId('desk-state')).toHaveText('已暂停接听');
  await expect.poll(() => centre.consult.presenceOf(lawyer.id)).toBe('away');
});

test("the lawyer's history lists the consultation; its record has the timeline, notes, pushes, referrals and the identity check", async () => {
  test.skip(!callId, 'needs the call of the previous test');
  await page.getByTestId('nav-consultations').click();
  await expect(page.getByRole('heading', { name: '我的咨询' })).toBeVisible();
  const row = page.locator(`[data-testid=consultation-row][data-consultation-id="${callId}"]`);
  await expect(row).toBeVisible();
  await expect(row).toHaveAttribute('data-phase', 'ended');
  await expect(row).toContainText('劳动纠纷');
  await expect(row).toContainText('东山街道法律服务站');
  await row.getByTestId('consultation-link').click();
  await expect(page.getByTestId('consultation-title')).toContainText('视频咨询');
  await expect(page.getByTestId('consultation-notes')).toHaveText('拖欠工资三个月，约一万二千元；有考勤记录和工资条。建议先申请仲裁。');
  const pushes = page.getByTestId('consultation-push');
  await expect(pushes).toHaveCount(3);
  await expect(pushes.first()).toHaveAttribute('data-outcome', 'out_of_paper');
  await expect(page.getByTestId('consultation-referral')).toHaveCount(2);
  await expect(page.getByTestId('consultation-identity')).toHaveText('已核验');
  const kinds = await page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
  expect(kinds).toEqual(expect.arrayContaining(['requested', 'offered', 'accepted']));
  await expect(page.getByTestId('timeline-entry').first()).toHaveText(/市民发起咨询/);
  // A lawyer does not play recordings.
  await expect(page.getByTestId('recording-video')).toHaveCount(0);
  await expectNoSeriousAxeViolations(page, 'consultation detail');
});

test('staff play the recording the kiosk committed', async ({ page: staffPage }) => {
  test.skip(!callId, 'needs the call of the previous test');
  const sha256 = sha256Hex(WEBM);
  const uploadId = await uploadBytes(centre.baseUrl, kiosk, WEBM, { consultationId: callId, sha256, filetype: 'video/webm' });
  const now = Date.now();
  const commit = await signedJson(centre.baseUrl, kiosk, CONSULT_PATHS.commit, {
    consultationId: callId,
    startedAt: new Date(now - 120_000).toISOString(),
    endedAt: new Date(now - 10_000).toISOString(),
    endReason: 'lawyer_hangup',
    rating: 5,
    recording: { uploadId, sha256, bytes: WEBM.length, durationMs: 2008 },
    printed: [],
  });
  expect(commit.status).toBe(201);

  await signIn(staffPage, staff);
  await staffPage.goto(`${centre.baseUrl}/console/consultations/${callId}`);
  await expect(staffPage.getByTestId('consultation-rating')).toHaveText('5 星');
  const video = staffPage.getByTestId('recording-video');
  await expect(video).toBeVisible();
  // The browser reads the WebM from the centre (byte ranges) and knows its length and picture.
  await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  expect(await video.evaluate((v) => (v as HTMLVideoElement).videoWidth)).toBe(160);
  await video.evaluate((v) => (v as HTMLVideoElement).play());
  await expect.poll(() => video.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThan(0);
  // Staff see every consultation and who took it.
  await staffPage.getByTestId('nav-consultations').click();
  await expect(staffPage.getByRole('heading', { name: '咨询记录' })).toBeVisible();
  await expect(staffPage.locator(`[data-testid=consultation-row][data-consultation-id="${callId}"]`)).toContainText('赵律师');
});

test("an administrator edits a lawyer's profile; a bad region code gets a clear answer and changes nothing", async ({ page: adminPage }) => {
  await signIn(adminPage, { username: ADMIN_USERNAME, password: ADMIN_PASSWORD, displayName: '' });
  await adminPage.getByTestId('nav-lawyer-profiles').click();
  const row = adminPage.locator(`[data-testid=lawyer-profile-row][data-username="${lawyer.username}"]`);
  await expect(row).toContainText('440106');
  await expect(row).toContainText('婚姻家庭');
  await row.getByTestId('edit-lawyer-profile').click();
  const form = adminPage.getByTestId('lawyer-profile-form');
  await expect(form.getByTestId('profile-display-name')).toHaveValue('赵律师');

  // Not a county in any mainland province: the centre refuses, the form keeps what was typed.
  await form.getByTestId('profile-regions').fill('440106, 990101');
  await form.getByTestId('profile-save').click();
  await expect(form.getByTestId('profile-error')).toHaveText(/中心不接受这些内容/);
  await expect(form.getByTestId('profile-regions')).toHaveValue('440106, 990101');
  // No matter at all is refused before anything is sent.
  await form.getByTestId('profile-regions').fill('440106，440103');
  await form.getByTestId('profile-matter-labour').uncheck();
  await form.getByTestId('profile-matter-family').uncheck();
  await form.getByTestId('profile-save').click();
  await expect(form.getByTestId('profile-error')).toHaveText(/至少一个有效的地区代码、一个咨询事项/);

  await form.getByTestId('profile-matter-consumer').check();
  await form.getByTestId('profile-organisation').fill('广州市法律援助律师事务所');
  await form.getByTestId('profile-save').click();
  await expect(adminPage.getByTestId('profile-saved')).toBeVisible();
  await expect(row).toContainText('440106, 440103');
  await expect(row).toContainText('消费维权');
  await expect(row).not.toContainText('婚姻家庭');
  await expectNoSeriousAxeViolations(adminPage, 'lawyer profiles');

  // The centre has it, as the lawyer reads it.
  const client = await loginAs(centre.baseUrl, lawyer.username, lawyer.password);
  const own = (await (await client.get(CONSULT_PATHS.lawyerProfiles)).json()) as { lawyers: { profile: { regionCodes: string[]; matterCategories: string[]; organisation: string } }[] };
  expect(own.lawyers[0]?.profile).toMatchObject({ regionCodes: ['440106', '440103'], matterCategories: ['consumer'], organisation: '广州市法律援助律师事务所' });
});

test('a hostile or unknown consultation id in the address gets a plain answer, not a crash', async ({ page: staffPage }) => {
  await signIn(staffPage, staff);
  await staffPage.goto(`${centre.baseUrl}/console/consultations/${randomUUID()}`);
  await expect(staffPage.getByRole('alert')).toHaveText('没有找到这条记录，或您无权查看。');
  const requested: string[] = [];
  staffPage.on('request', (r) => requested.push(r.url()));
  await staffPage.goto(`${centre.baseUrl}/console/consultations/${encodeURIComponent("1' OR '1'='1<img src=x onerror=alert(1)>")}`);
  await expect(staffPage.getByRole('alert')).toHaveText('没有找到这条记录，或您无权查看。');
  // Nothing but a consultation id ever goes to the centre's API.
  expect(requested.filter((url) => url.includes(CONSULT_PATHS.consultations))).toEqual([]);
});

test('a second tab takes the desk over; the first says so plainly and can take it back', async ({ page: second }) => {
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-connection')).toHaveAttribute('data-state', 'open');
  await signIn(second, lawyer);
  await second.getByTestId('nav-desk').click();
  await expect(second.getByTestId('desk-connection')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('desk-replaced')).toHaveText(/工作台已在另一个窗口或标签页打开/);
  await expect(page.getByTestId('desk-connection')).toHaveAttribute('data-state', 'stopped');
  // The first tab does not reconnect by itself (it would take the desk back every few seconds).
  await page.waitForTimeout(3_000);
  await expect(second.getByTestId('desk-connection')).toHaveAttribute('data-state', 'open');
  await page.getByTestId('desk-take-over').click();
  await expect(page.getByTestId('desk-connection')).toHaveAttribute('data-state', 'open');
  await expect(second.getByTestId('desk-replaced')).toBeVisible();
});
