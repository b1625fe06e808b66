/**
 * The kiosk's call media in Debian Chromium, without a centre: the renderer's own PeerLink (kiosk
 * offers) talks to a plain RTCPeerConnection standing in for the lawyer's console in the same page,
 * over Chromium's fake camera and microphone; the kiosk's composite recorder records both sides,
 * an ICE restart happens mid-call, and ffmpeg checks the file: WebM with VP8 and Opus, the length
 * of the recording, sound in it, and a picture that is not black (the lawyer large, the citizen in
 * the corner).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, expect, test } from '@playwright/test';
import { repoRoot } from '../support/kiosk-core.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './playwright.config.ts';
import { RECORDING_HEIGHT, RECORDING_WIDTH, selfViewRect } from '../../renderer/src/consult/composite-recorder.ts';

const ORIGIN = 'http://127.0.0.1:9';
const RECORD_MS = 4_000;

/** The production modules, bundled for the page and exposed on window. */
const bundle = async (): Promise<string> => {
  const result = await build({
    stdin: {
      contents: [
        "import { PeerLink } from './renderer/src/consult/peer-link';",
        "import { startCompositeRecording } from './renderer/src/consult/composite-recorder';",
        "import { systemClock } from './renderer/src/time/clock';",
        'Object.assign(window, { consultHarness: { PeerLink, startCompositeRecording, systemClock } });',
      ].join('\n'),
      resolveDir: repoRoot,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
  });
  return result.outputFiles[0]!.text;
};

interface HarnessResult {
  base64: string;
  chunks: number;
  offers: string[];
  statesAfterRestart: string;
  durationMs: number;
}

test('the kiosk offers, restarts ICE mid-call, and records both sides into a playable WebM', async () => {
  test.setTimeout(90_000);
  const script = await bundle();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
  });
  const dir = mkdtempSync(join(tmpdir(), 'consult-media-'));
  try {
    const page = await browser.newPage();
    // A loopback origin is a secure context: getUserMedia works as on the kiosk.
    await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><meta charset="utf-8"><body><script>${script}</script></body>` }));
    await page.goto(`${ORIGIN}/consult-media.html`);

    const result = await page.evaluate(async (recordMs): Promise<HarnessResult> => {
      type Harness = {
        PeerLink: new (options: object) => { start(): Promise<void>; restartIce(): Promise<void>; applySignal(s: unknown): Promise<void>; close(): void; connectionState: string };
        startCompositeRecording: (options: object) => { stop(): Promise<void>; durationMs(): number };
        systemClock: object;
      };
      const h = (window as unknown as { consultHarness: Harness }).consultHarness;
      const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
      const until = async (check: () => boolean, what: string) => {
        for (let i = 0; i < 200 && !check(); i++) await wait(50);
        if (!check()) throw new Error(`timed out: ${what}`);
      };
      const kioskMedia = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      const lawyerMedia = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });

      // The lawyer's side: answers whatever the kiosk offers, in arrival order.
      const lawyer = new RTCPeerConnection();
      for (const track of lawyerMedia.getTracks()) lawyer.addTrack(track, lawyerMedia);
      const offers: string[] = [];
      let toLawyer: Promise<void> = Promise.resolve();
      type Sig = { kind: 'description'; description: RTCSessionDescriptionInit } | { kind: 'candidate'; candidate: RTCIceCandidateInit };
      let remote: MediaStream | null = null;
      let state = 'new';
      const link = new h.PeerLink({
        iceServers: [],
        localStream: kioskMedia,
        send: (signal: Sig) => {
          toLawyer = toLawyer.then(async () => {
            if (signal.kind === 'candidate') {
              await lawyer.addIceCandidate(signal.candidate);
              return;
            }
            offers.push(signal.description.sdp ?? '');
            await lawyer.setRemoteDescription(signal.description);
            const answer = await lawyer.createAnswer();
            await lawyer.setLocalDescription(answer);
            await link.applySignal({ kind: 'description', description: { type: 'answer', sdp: answer.sdp } });
          });
        },
        onRemoteStream: (stream: MediaStream) => (remote = stream),
        onConnectionState: (s: string) => (state = s),
      });
      lawyer.addEventListener('icecandidate', (e) => {
        if (e.candidate) void link.applySignal({ kind: 'candidate', candidate: { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex } });
      });
      await link.start();
      await until(() => state === 'connected' && remote !== null, 'connected');

      // The call screen plays the remote stream (WebAudio hears a remote track only then).
      const screen = document.createElement('video');
      screen.srcObject = remote;
      screen.muted = false;
      document.body.append(screen);
      await screen.play();

      const chunks: Blob[] = [];
      const recording = h.startCompositeRecording({ local: kioskMedia, remote, clock: h.systemClock, onChunk: (c: Blob) => chunks.push(c), onError: (e: unknown) => console.error('recorder', e) });
      await wait(recordMs / 2);
      await link.restartIce();
      const states: string[] = [];
      await until(() => offers.length >= 2 && lawyer.signalingState === 'stable', 'restart answered');
      await wait(500);
      states.push(link.connectionState);
      await wait(recordMs / 2);
      await recording.stop();
      link.close();
      lawyer.close();
      for (const track of [...kioskMedia.getTracks(), ...lawyerMedia.getTracks()]) track.stop();
      const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return { base64: btoa(binary), chunks: chunks.length, offers, statesAfterRestart: states.join(','), durationMs: recording.durationMs() };
    }, RECORD_MS);

    // The kiosk offered twice (start, ICE restart) with new ICE credentials, and stayed connected.
    expect(result.offers).toHaveLength(2);
    const ufrag = (sdp: string) => /a=ice-ufrag:(\S+)/.exec(sdp)?.[1];
    expect(ufrag(result.offers[1]!)).not.toBe(ufrag(result.offers[0]!));
    expect(result.statesAfterRestart).toBe('connected');
    // 1 s chunks.
    expect(result.chunks).toBeGreaterThanOrEqual(RECORD_MS / 1000 - 1);
    expect(result.durationMs).toBeGreaterThanOrEqual(RECORD_MS);

    const file = join(dir, 'call.webm');
    writeFileSync(file, Buffer.from(result.base64, 'base64'));
    const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim().split('\n');
    expect(streams).toContain(`vp8,${RECORDING_WIDTH},${RECORDING_HEIGHT}`);
    expect(streams).toContain('opus');

    // Decodes to the end without errors, about as long as it was recorded.
    const log = spawnSync('ffmpeg', ['-hide_banner', '-i', file, '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' }).stderr;
    expect(log).not.toMatch(/error while decoding|invalid data/i);
    const lastTime = [...log.matchAll(/time=(\d+):(\d+):(\d+\.\d+)/g)].at(-1)!;
    const seconds = Number(lastTime[1]) * 3600 + Number(lastTime[2]) * 60 + Number(lastTime[3]);
    expect(seconds).toBeGreaterThan((RECORD_MS / 1000) * 0.75);
    // Both fake microphones beep: the mix is not silence (silence reads about -91 dB).
    const meanVolume = Number(/mean_volume: (-?[\d.]+) dB/.exec(log)?.[1]);
    expect(meanVolume).toBeGreaterThan(-60);

    // A frame from the middle: the lawyer's picture fills it and the citizen's sits in the corner.
    const frame = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(RECORD_MS / 2000), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 4 * 1024 * 1024 });
    expect(frame.length).toBe(RECORDING_WIDTH * RECORDING_HEIGHT);
    const meanOf = (x0: number, y0: number, w: number, h: number) => {
      let sum = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) sum += frame[y * RECORDING_WIDTH + x]!;
      return sum / (w * h);
    };
    const small = selfViewRect(RECORDING_WIDTH, RECORDING_HEIGHT);
    expect(meanOf(0, 0, RECORDING_WIDTH / 2, RECORDING_HEIGHT / 2), 'the lawyer is in the picture').toBeGreaterThan(10);
    expect(meanOf(small.x + 4, small.y + 4, small.width - 8, small.height - 8), 'the citizen is in the corner').toBeGreaterThan(10);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
