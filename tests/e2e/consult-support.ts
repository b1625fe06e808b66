/**
 * Support for the video-consultation proofs (consult-*.spec.ts and tests/bench/consult-call.bench.ts):
 * a real centre on loopback (SQLite file, the Vite-built console), a real kiosk core enrolled with
 * it (optionally through a TCP proxy that can cut the link), lawyer accounts with dispatch profiles
 * for the kiosk's county, and two separate Debian Chromium instances with fake cameras: one is the
 * kiosk, the other the lawyers' consoles.
 *
 * Uses Playwright's library API only (no `test`/`expect`), so the benchmark can use it outside the
 * test runner.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { dispatchConfig, type DispatchConfig } from '../../domain/dispatch/model.ts';
import { NO_ICE_SERVERS, type IceConfig } from '../../center/server/consult/ice.ts';
import { createTestLawyer } from '../../center/server/testing/consult-clients.ts';
import { createEnrolmentCode, createTestAccount, loginAs, startTestCentre, type ConsoleClient, type TestAccount, type TestCentre } from '../../center/server/testing/harness.ts';
import { requireConsoleBuild } from '../support/centre-console.ts';
import { freePort } from '../support/fault-centre.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { repoRoot, startKioskCore, type KioskCoreHandle } from '../support/kiosk-core.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './playwright.config.ts';

export const COUNTY = '440106';
export const STATION_NAME = '东山街道法律服务站';
export const CITIZEN_CARD = 'resident-young-man';

/** Both browsers: fake camera and microphone granted without a prompt, loopback ICE candidates, sound without a tap. */
const CALL_ARGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'];

/** The kiosk's camera plays a person's clip (made by ffmpeg from the shared face photos; idempotent). */
const kioskCameraClip = (): string => {
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'make-camera-fixtures.mjs')], { cwd: repoRoot, stdio: 'ignore' });
  return join(repoRoot, '.cache', 'camera', 'holder-a4.y4m');
};

/**
 * Runs before any page script: keeps every RTCPeerConnection the page makes in `window.__peers` (so
 * a test can read getStats and getConfiguration). It changes nothing the product asked for.
 */
const PEER_WATCH_SCRIPT = `(() => {
  const Native = window.RTCPeerConnection;
  window.__peers = [];
  class Watched extends Native {
    constructor(...args) {
      super(...args);
      window.__peers.push(this);
    }
  }
  window.RTCPeerConnection = Watched;
})();`;

export interface ConsultRigOptions {
  /** Dispatch settings for the centre (ring length, tiers, fallback deadline). */
  readonly dispatch?: Partial<DispatchConfig>;
  readonly ice?: IceConfig;
  readonly graceMs?: number;
  /** The kiosk core reaches the centre only through a fault proxy. */
  readonly proxy?: boolean;
  /** Lawyers with a profile for the kiosk's county (default 1). */
  readonly lawyers?: number;
}

export interface ConsultRig {
  readonly centre: TestCentre;
  readonly core: KioskCoreHandle;
  readonly proxy: FaultProxy | null;
  readonly lawyers: readonly TestAccount[];
  /** Staff account that may read every consultation and play recordings. */
  readonly staff: ConsoleClient;
  readonly kioskBrowser: Browser;
  readonly consoleBrowser: Browser;
  /** The kiosk page (one for the whole rig: the kiosk app never reloads). */
  readonly kiosk: Page;
  stop(): Promise<void>;
}

export const startConsultRig = async (options: ConsultRigOptions = {}): Promise<ConsultRig> => {
  requireConsoleBuild();
  const centre = await startTestCentre({
    consult: {
      dispatch: dispatchConfig({ ringMs: 30_000, fallbackAfterMs: 60_000, wrapUpMs: 0, tierOrder: ['county'], ...options.dispatch }),
      ice: options.ice ?? NO_ICE_SERVERS,
      graceMs: options.graceMs ?? 30_000,
    },
  });
  const proxy = options.proxy ? await startFaultProxy(await freePort(), { targetPort: Number(new URL(centre.baseUrl).port), upstreamBytesPerSecond: 0 }) : null;
  const core = await startKioskCore({
    KIOSK_SIM_READ_DELAY_MS: '100',
    KIOSK_REGION_CODE: COUNTY,
    KIOSK_STATION_NAME: STATION_NAME,
    KIOSK_PRINTING: 'cups',
    // A call is long and untouched; the idle prompt must not be what ends a test.
    KIOSK_IDLE_SECONDS: '600',
  });
  // The technician enrols the kiosk with a one-time code (through the proxy when there is one).
  const { token } = await core.call('technician.unlock', { pin: '2468' });
  await core.call('technician.enrol', { token, centreUrl: proxy?.baseUrl ?? centre.baseUrl, code: await createEnrolmentCode(centre.baseUrl) });
  await core.call('technician.lock', { token });

  const lawyers: TestAccount[] = [];
  for (let i = 0; i < (options.lawyers ?? 1); i++) {
    lawyers.push(await createTestLawyer(centre, { displayName: ['赵律师', '钱律师', '孙律师'][i] ?? `律师${i + 1}`, organisation: '广州某律师事务所', regionCodes: [COUNTY] }));
  }
  const staffAccount = await createTestAccount(centre, { role: 'staff', username: 'reviewer', displayName: '王审查' });
  const staff = await loginAs(centre.baseUrl, staffAccount.username, staffAccount.password);

  const kioskBrowser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...CALL_ARGS, `--use-file-for-fake-video-capture=${kioskCameraClip()}`] });
  const consoleBrowser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...CALL_ARGS] });
  const kioskContext = await kioskBrowser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  await kioskContext.addInitScript(PEER_WATCH_SCRIPT);
  const kiosk = await kioskContext.newPage();
  await kiosk.goto(core.kioskUrl);
  await kiosk.getByTestId('home').waitFor();

  return {
    centre,
    core,
    proxy,
    lawyers,
    staff,
    kioskBrowser,
    consoleBrowser,
    kiosk,
    async stop() {
      await kioskBrowser.close().catch(() => undefined);
      await consoleBrowser.close().catch(() => undefined);
      await core.stop();
      await proxy?.close();
      await centre.close();
    },
  };
};

/** A lawyer signs in to the console in their own context, opens 咨询工作台 and goes 在线接听. */
export const openDesk = async (rig: ConsultRig, lawyer: TestAccount): Promise<Page> => {
  const context: BrowserContext = await rig.consoleBrowser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript(PEER_WATCH_SCRIPT);
  const page = await context.newPage();
  await page.goto(`${rig.centre.baseUrl}/console/`);
  await page.getByLabel('用户名').fill(lawyer.username);
  await page.getByLabel('密码').fill(lawyer.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('signed-in-as').waitFor();
  await page.getByTestId('nav-desk').click();
  await page.locator('[data-testid=desk-connection][data-state=open]').waitFor();
  await page.locator('[data-testid=availability-toggle][data-available=no]').click();
  await page.locator('[data-testid=availability-toggle][data-available=yes]').waitFor();
  await until(() => rig.centre.consult.presenceOf(lawyer.id) === 'available', 10_000, 'the centre sees the lawyer available');
  return page;
};

/** Waits for a condition that is not a page element (polling, 50 ms). */
export const until = async <T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Lifts any card, waits for the reader to notice, and ends any session: the kiosk is back home. */
export const resetKiosk = async (rig: ConsultRig): Promise<void> => {
  await rig.core.call('sim.removeCard', {});
  await until(async () => /^(ready|disconnected)$/.test((await rig.core.call('device.status', {})).reader.state), 15_000, 'the reader empty');
  await rig.core.call('session.end', { reason: 'user' });
  await rig.kiosk.getByTestId('home').waitFor();
};

/**
 * The citizen: card on the reader, 视频咨询律师, the face check declined (the card-only way), the
 * matter, consent to the recording, the name shared; ends on the waiting screen.
 */
export const citizenAsksForLawyer = async (rig: ConsultRig, matter: 'labour' | 'family' = 'labour'): Promise<void> => {
  const { kiosk, core } = rig;
  await core.call('sim.placeCard', { cardId: CITIZEN_CARD });
  await kiosk.getByTestId('welcome-name').waitFor();
  await kiosk.getByTestId('tile-video').click();
  const decline = kiosk.getByTestId('face-consent-no');
  await decline.or(kiosk.getByTestId('face-alternative')).first().waitFor();
  if (await decline.isVisible()) await decline.click();
  await kiosk.getByTestId('face-alt-continue').click();
  await kiosk.getByTestId(`consult-matter-${matter}`).click();
  await kiosk.getByTestId('consult-consent-yes').click();
  await kiosk.getByTestId('consult-share-name-yes').click();
};

/** Facts about a <video> element: its decoded size and how far it has played. */
export const videoState = (page: Page, testid: string) =>
  page.getByTestId(testid).evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, height: v.videoHeight, time: v.currentTime, frames: v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0 }));

/**
 * The remote picture is live: decoded frames with a size, and its play time moving on over `spanMs`
 * (a frozen or black-holed stream stops advancing). Returns the two readings.
 */
export const remoteVideoAdvances = async (page: Page, testid: string, spanMs = 1000, timeoutMs = 20_000) => {
  const first = await until(async () => {
    const s = await videoState(page, testid);
    return s.width > 0 && s.time > 0 ? s : null;
  }, timeoutMs, `${testid} shows a picture`);
  await new Promise((r) => setTimeout(r, spanMs));
  const second = await videoState(page, testid);
  return { first, second, advanced: second.time > first.time && second.width > 0 };
};

/** The selected ICE candidate pair of the page's first peer connection: local and remote candidate types. */
export const selectedCandidatePair = (page: Page) =>
  page.evaluate(async () => {
    const peers = (window as unknown as { __peers: RTCPeerConnection[] }).__peers;
    const pc = peers.at(-1);
    if (!pc) return null;
    const byId = new Map<string, Record<string, unknown>>();
    let pairId: string | undefined;
    (await pc.getStats()).forEach((s: Record<string, unknown>) => {
      byId.set(s.id as string, s);
      if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId as string;
    });
    const pair = pairId ? (byId.get(pairId) as { localCandidateId: string; remoteCandidateId: string; state: string } | undefined) : undefined;
    if (!pair) return null;
    const local = byId.get(pair.localCandidateId) as { candidateType: string; protocol: string; relayProtocol?: string };
    const remote = byId.get(pair.remoteCandidateId) as { candidateType: string };
    return { state: pair.state, local: local.candidateType, remote: remote.candidateType, protocol: local.protocol, relayProtocol: local.relayProtocol ?? null };
  });

/** ffprobe's view of a recording file: duration in seconds and its stream kinds. */
export const probeRecording = (file: string): { durationS: number; streams: string[] } => {
  const duration = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim();
  const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', file], { encoding: 'utf8' })
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return { durationS: Number(duration), streams };
};
