/**
 * The identity check (人证核验) through the real app: MockBridge, FakeClock, a fake FaceVerifier, a
 * fake camera and a scripted liveness run. Each test would fail if the flow skipped a screen,
 * recorded the wrong numbers, recorded twice, or left the camera running.
 */
import { guangdongPack } from '../../../domain/legal-aid/testing/packs';
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../domain/result';
import type { CommandInput, Verification } from '../bridge/contract';
import { MockBridge } from '../bridge/mock-bridge';
import type { LivenessStatus } from '../face/liveness';
import type { FaceVerifier, FrameAnalysis, Point } from '../face/types';
import { useIdentityStore } from '../stores/identity';
import type { CameraProvider, CameraSession, LivenessFactory } from '../stores/identity-check';
import { useSessionStore } from '../stores/session';
import { citizenSession, mountKiosk, settle, type MountedKiosk } from '../testing/mount-kiosk';
import { FakeClock } from '../time/fake-clock';

type Outcome = CommandInput<'identity.record'>;

// ------------------------------------------------------------------------------- fakes

/** Frames are plain objects; every one must be closed again (no frame outlives its use). */
class Frames {
  open = 0;
  made = 0;
  make(): ImageBitmap {
    this.open++;
    this.made++;
    let closed = false;
    return {
      width: 640,
      height: 480,
      close: () => {
        if (!closed) this.open--;
        closed = true;
      },
    } as unknown as ImageBitmap;
  }
}

const landmarks: Point[] = Array.from({ length: 68 }, (_, i) => ({ x: 250 + (i % 10) * 14, y: 180 + Math.floor(i / 10) * 18 }));
const placedFace = (at: number): FrameAnalysis => ({
  at,
  width: 640,
  height: 480,
  brightness: 120,
  faces: [{ box: { x: 220, y: 140, width: 200, height: 220 }, score: 0.95, landmarks }],
});
const farFace = (at: number): FrameAnalysis => ({ ...placedFace(at), faces: [{ box: { x: 300, y: 220, width: 60, height: 70 }, score: 0.9, landmarks }] });

/** Descriptor at Euclidean distance `d` from the photo's (all zeros). */
const at = (d: number): Float32Array => {
  const v = new Float32Array(128);
  v[0] = d;
  return v;
};

interface FakeEngineOptions {
  /** Distance of the live face from the card photo, per attempt (last value repeats). */
  distances?: number[];
  photoHasFace?: boolean;
  loadFails?: boolean;
  /** Analysis per frame index; defaults to a well-placed face. */
  analysis?: (index: number, at: number) => FrameAnalysis;
}

function fakeEngine(clock: FakeClock, frames: Frames, options: FakeEngineOptions = {}) {
  const calls = { load: 0, analyse: 0, describe: 0, describePhoto: 0, attempt: 0 };
  let index = 0;
  const verifier: FaceVerifier = {
    load: async () => {
      calls.load++;
      if (options.loadFails) throw new Error('models missing');
    },
    analyse: async (_frame, now) => {
      calls.analyse++;
      clock.advance(100); // ~10 fps
      return (options.analysis ?? ((_i, t) => placedFace(t)))(index++, now);
    },
    describe: async () => {
      calls.describe++;
      const list = options.distances ?? [0.3];
      return at(list[Math.min(calls.attempt, list.length - 1)] ?? 0.3);
    },
    describePhoto: async () => {
      calls.describePhoto++;
      return options.photoHasFace === false ? null : at(0);
    },
    dispose: () => undefined,
  };
  return { verifier, calls, nextAttempt: () => calls.attempt++ };
}

function fakeCamera(frames: Frames, options: { fails?: boolean; absent?: boolean } = {}) {
  const state = { opened: 0, stopped: 0, running: false, deviceIds: [] as Array<string | null> };
  const stream = new MediaStream();
  const camera: CameraProvider = {
    available: async () => !options.absent,
    open: async (deviceId) => {
      state.deviceIds.push(deviceId);
      if (options.fails) throw new Error('NotFoundError');
      state.opened++;
      state.running = true;
      const session: CameraSession = {
        stream,
        grab: async () => (state.running ? frames.make() : null),
        stop: () => {
          if (state.running) state.stopped++;
          state.running = false;
        },
      };
      return session;
    },
  };
  return { camera, state };
}

/** Scripted liveness: 'pass' after a few frames (asking sameFace), or 'fail' after a few. */
function scriptedLiveness(script: Array<'pass' | 'fail'>) {
  let run = 0;
  const factory: LivenessFactory = ({ sameFace }) => {
    const plan = script[Math.min(run, script.length - 1)] ?? 'pass';
    run++;
    let frames = 0;
    let status: LivenessStatus = { phase: 'baseline' };
    return {
      get status() {
        return status;
      },
      async push() {
        frames++;
        if (frames === 2) status = { phase: 'challenge', challenge: 'blink', index: 0, total: 1 };
        if (frames === 5) {
          if (plan === 'fail') status = { phase: 'failed', reason: 'timeout', challenge: 'blink' };
          else status = (await sameFace()) ? { phase: 'passed', challenges: ['blink'] } : { phase: 'failed', reason: 'face_changed', challenge: 'blink' };
        }
        return status;
      },
    };
  };
  return factory;
}

/** Frames released one at a time when a test needs to look at an intermediate screen. */
class Pacer {
  private waiting: Array<() => void> = [];
  free = true;
  next = (): Promise<void> => (this.free ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve)));
  release(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

// ------------------------------------------------------------------------------- harness

let kiosk: MountedKiosk | null = null;
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
});

interface Setup extends FakeEngineOptions {
  photo?: boolean;
  cameraFails?: boolean;
  cameraAbsent?: boolean;
  liveness?: Array<'pass' | 'fail'>;
  maxAttempts?: number;
  cameraDeviceId?: string | null;
  paced?: boolean;
}

async function start(setup: Setup = {}) {
  const clock = new FakeClock();
  const frames = new Frames();
  const engine = fakeEngine(clock, frames, setup);
  const cam = fakeCamera(frames, { fails: setup.cameraFails ?? false, absent: setup.cameraAbsent ?? false });
  const pacer = new Pacer();
  pacer.free = !setup.paced;
  const bridge = new MockBridge({ face: { threshold: 0.5, borderline: 0.6, maxAttempts: setup.maxAttempts ?? 3, cameraDeviceId: setup.cameraDeviceId ?? null } });
  const recorded: Outcome[] = [];
  bridge.handle('legalAid.rules', () => ok({ pack: guangdongPack(), kioskRegionCode: '440106', today: '2025-03-01' }));
  bridge.handle('identity.record', (input) => {
    recorded.push(input as Outcome);
    const verification: Verification = { ...(input as Outcome), at: '2025-03-01T09:01:00.000Z' };
    return ok({ verification });
  });
  const liveness = scriptedLiveness(setup.liveness ?? ['pass']);
  const k = await mountKiosk({
    bridge,
    clock,
    face: {
      verifier: () => engine.verifier,
      camera: cam.camera,
      liveness,
      decodePhoto: async () => frames.make(),
      copyFrame: async () => frames.make(),
      nextFrame: pacer.next,
    },
  });
  kiosk = k;
  const photo = setup.photo === false ? { photo: null, photoStatus: 'no_decoder' as const } : { photo: { mime: 'image/jpeg' as const, base64: '/9j/4AAQ' }, photoStatus: 'ok' as const };
  k.bridge.emit({ type: 'card.read', session: citizenSession(photo) });
  await settle();
  return { k, engine, cam, frames, recorded, pacer, identity: useIdentityStore(k.pinia), session: useSessionStore(k.pinia) };
}

/** Lets the check loop run to its next resting state (it only awaits promises). */
const run = async () => settle(20);

// ------------------------------------------------------------------------------- tests

describe('identity check: the record reaches the core first', () => {
  it('a fast tap on 继续 waits for the core to have the outcome before the status look-up starts', async () => {
    const { k } = await start();
    const order: string[] = [];
    let release: () => void = () => undefined;
    k.bridge.handle('identity.record', (input) => {
      order.push('record.sent');
      const verification: Verification = { ...(input as Outcome), at: '2025-03-01T09:01:00.000Z' };
      // The core answers late (a busy machine): the person is quicker.
      return new Promise((resolve) => {
        release = () => {
          order.push('record.answered');
          resolve(ok({ verification }));
        };
      }) as never;
    });
    k.bridge.handle('status.lookup', () => {
      order.push('status.lookup');
      return ok({ centre: 'answered', applications: [] });
    });
    await k.click('tile-status');
    await k.click('face-consent-no');
    await run();
    await k.click('face-alt-continue');
    await run();
    expect(order).toEqual(['record.sent']);
    release();
    await run();
    expect(order).toEqual(['record.sent', 'record.answered', 'status.lookup']);
    expect(k.get('status').dataset['phase']).toBe('shown');
  });
});

describe('identity check: consent', () => {
  it('a service on the person’s records asks, on its own screen, with the camera notice and the alternative', async () => {
    const { k, cam } = await start();
    await k.click('tile-legal-aid');
    const consent = k.get('face-consent');
    expect(consent.textContent).toContain('可以核对一下您的脸吗');
    expect(k.get('face-camera-notice').textContent).toContain('摄像头会打开');
    expect(k.get('face-consent-stored').textContent).toContain('不上传');
    expect(k.get('face-consent-alternative').textContent).toContain('视频律师');
    expect(k.find('face-verify')).toBeNull();
    expect(cam.state.opened).toBe(0); // nothing before the yes
  });

  it('services that do not touch the person’s records do not ask', async () => {
    const { k } = await start();
    await k.click('tile-education');
    expect(k.find('face-consent')).toBeNull();
    expect(k.find('education-screen')).not.toBeNull();
  });

  it('no: the alternative, recorded once as card only without consent, and the person continues', async () => {
    const { k, cam, recorded, session } = await start();
    await k.click('tile-legal-aid');
    await k.click('face-consent-no');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('declined');
    expect(k.get('face-alternative-status').textContent).toContain('按身份证登记');
    expect(recorded).toEqual([{ method: 'card_only', consent: false, fallbackReason: 'declined', distance: null, threshold: null, liveness: 'not_run', attempts: 0, durationMs: null }]);
    expect(session.current?.verification?.method).toBe('card_only');
    expect(cam.state.opened).toBe(0);

    await k.click('face-alt-lawyer');
    expect(k.get('face-alt-placeholder').textContent).toContain('视频律师');
    await k.click('face-alt-continue');
    expect(k.get('apply').dataset['step']).toBe('intro');

    // Asked once per session: the next service goes straight through.
    await k.click('apply-back');
    await k.click('tile-status');
    expect(k.find('face-consent')).toBeNull();
    expect(k.find('status')).not.toBeNull();
    expect(recorded).toHaveLength(1);
  });
});

describe('identity check: the camera', () => {
  it('yes: match, liveness, passed; recorded once with the numbers; camera stopped; no frame kept', async () => {
    const { k, cam, recorded, frames, engine } = await start({ distances: [0.32], cameraDeviceId: 'cam-2' });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.find('face-passed')).not.toBeNull();
    expect(cam.state.deviceIds).toEqual(['cam-2']);
    expect(recorded).toHaveLength(1);
    const outcome = recorded[0]!;
    expect(outcome).toMatchObject({ method: 'face', consent: true, fallbackReason: null, distance: 0.32, threshold: 0.5, liveness: 'passed', attempts: 1 });
    // 4 looking frames + 5 liveness frames at 100 ms each, from the first frame to the decision.
    expect(outcome.durationMs).toBe(900);
    expect(engine.calls.describePhoto).toBe(1);
    expect(cam.state.running).toBe(false);
    expect(frames.made).toBeGreaterThan(5);
    expect(frames.open).toBe(0);
    await k.click('face-continue');
    expect(k.get('apply').dataset['step']).toBe('intro');
  });

  it('shows guidance while the face is badly placed, then the liveness challenge', async () => {
    const { k, pacer, frames } = await start({ paced: true, analysis: (i, t) => (i < 3 ? farFace(t) : placedFace(t)) });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    for (let i = 0; i < 2; i++) {
      pacer.release();
      await settle();
    }
    expect(k.get('face-verify')).not.toBeNull();
    expect(k.get('face-guidance').textContent).toContain('请靠近一点');
    expect(k.get('face-camera-on').textContent).toContain('摄像头已打开');
    expect(k.find('face-outline')).not.toBeNull();
    for (let i = 0; i < 9; i++) {
      pacer.release();
      await settle();
    }
    expect(k.get('face-challenge').textContent).toContain('请眨眨眼');
    expect(Number(k.get('face-progress').getAttribute('aria-valuenow'))).toBeGreaterThanOrEqual(50);
    pacer.free = true;
    pacer.release();
    await run();
    expect(k.find('face-passed')).not.toBeNull();
    expect(frames.open).toBe(0); // the badly placed frames were closed too
  });

  it('no match: retry with attempts left, then after maxAttempts the alternative; one record', async () => {
    const { k, recorded, cam, engine } = await start({ distances: [0.8, 0.75, 0.9], maxAttempts: 3 });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-retry-message').textContent).toContain('没有核对成功');
    expect(k.get('face-attempts-left').textContent).toContain('2');
    expect(recorded).toHaveLength(0);
    engine.nextAttempt();
    await k.click('face-retry');
    await run();
    expect(k.get('face-attempts-left').textContent).toContain('1');
    engine.nextAttempt();
    await k.click('face-retry');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('no_match');
    expect(recorded).toEqual([
      expect.objectContaining({ method: 'card_only', consent: true, fallbackReason: 'no_match', distance: 0.75, threshold: 0.5, liveness: 'not_run', attempts: 3 }),
    ]);
    expect(cam.state.running).toBe(false);
    expect(cam.state.opened).toBe(1);
  });

  it('a borderline distance is never a yes: the alternative at once', async () => {
    const { k, recorded } = await start({ distances: [0.55] });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('no_match');
    expect(recorded).toEqual([expect.objectContaining({ method: 'card_only', fallbackReason: 'no_match', distance: 0.55, liveness: 'not_run', attempts: 1 })]);
  });

  it('a still photo (liveness fails) is refused after the attempts', async () => {
    const { k, recorded } = await start({ distances: [0.3], liveness: ['fail'], maxAttempts: 2 });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-retry-message').textContent).toContain('没有看清您的动作');
    await k.click('face-retry');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('liveness_failed');
    expect(recorded).toEqual([expect.objectContaining({ method: 'card_only', consent: true, fallbackReason: 'liveness_failed', liveness: 'failed', attempts: 2, distance: 0.3 })]);
  });

  it('a face swapped in after the comparison fails the same-face check', async () => {
    // First describe (comparison) 0.3, later describes (sameFace) 0.9: another face.
    const { k, recorded, engine } = await start({ distances: [0.3], maxAttempts: 1 });
    const describe = engine.verifier.describe;
    let n = 0;
    engine.verifier.describe = async (frame) => (n++ < 2 ? describe(frame) : at(0.9));
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('liveness_failed');
    expect(recorded).toEqual([expect.objectContaining({ liveness: 'failed', fallbackReason: 'liveness_failed', distance: 0.3 })]);
  });
});

describe('identity check: never stranded', () => {
  it('no photo: the alternative at once, without asking for the camera or consent', async () => {
    const { k, cam, engine, recorded } = await start({ photo: false });
    await k.click('tile-legal-aid');
    await run();
    expect(k.find('face-consent')).toBeNull();
    expect(k.get('face-alternative').dataset['reason']).toBe('no_photo');
    expect(k.get('face-alternative-reason').textContent).toContain('照片暂时不能用来核对');
    expect(cam.state.deviceIds).toEqual([]);
    expect(engine.calls.load).toBe(0);
    expect(recorded).toEqual([{ method: 'card_only', consent: false, fallbackReason: 'no_photo', distance: null, threshold: null, liveness: 'not_run', attempts: 0, durationMs: null }]);
  });

  it('a card photo without a detectable face: the alternative, camera never opened', async () => {
    const { k, cam, recorded } = await start({ photoHasFace: false });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('no_photo');
    expect(cam.state.deviceIds).toEqual([]);
    expect(recorded).toEqual([expect.objectContaining({ consent: true, fallbackReason: 'no_photo', attempts: 0 })]);
  });

  it('no camera: the alternative, recorded as no_camera', async () => {
    const { k, recorded } = await start({ cameraFails: true });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('no_camera');
    expect(k.get('face-alternative-reason').textContent).toContain('摄像头暂时不能使用');
    expect(recorded).toEqual([expect.objectContaining({ method: 'card_only', consent: true, fallbackReason: 'no_camera', attempts: 0, durationMs: null })]);
    await k.click('face-alt-continue');
    expect(k.find('apply')).not.toBeNull();
  });

  it('no camera at all: said at once, before the models load or the photo is read', async () => {
    const { k, recorded, engine, cam } = await start({ cameraAbsent: true });
    await k.click('tile-legal-aid');
    const loadsBefore = engine.calls.load;
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('no_camera');
    expect(engine.calls.describePhoto).toBe(0);
    expect(engine.calls.load).toBe(loadsBefore);
    expect(cam.state.deviceIds).toEqual([]);
    expect(recorded).toEqual([expect.objectContaining({ fallbackReason: 'no_camera', attempts: 0 })]);
  });

  it('the engine fails to load: the alternative, recorded as error', async () => {
    const { k, recorded, cam } = await start({ loadFails: true });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('error');
    expect(cam.state.deviceIds).toEqual([]);
    expect(recorded).toEqual([expect.objectContaining({ fallbackReason: 'error' })]);
  });

  it('a stalled engine (no answer) ends in the alternative instead of an endless spinner', async () => {
    const { k, recorded, engine } = await start();
    engine.verifier.describePhoto = () => new Promise(() => undefined);
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    await run();
    expect(k.get('face-verify').dataset['phase']).toBe('starting');
    await k.advance(10_001);
    await run();
    expect(k.get('face-alternative').dataset['reason']).toBe('error');
    expect(recorded).toEqual([expect.objectContaining({ fallbackReason: 'error', consent: true })]);
  });

  it('the person may leave the camera for another way at any time', async () => {
    const { k, pacer, recorded, cam } = await start({ paced: true });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    pacer.release();
    await settle();
    expect(cam.state.running).toBe(true);
    await k.click('face-other-way');
    expect(cam.state.running).toBe(false);
    expect(k.find('face-alternative')).not.toBeNull();
    pacer.release();
    await run();
    expect(recorded).toEqual([expect.objectContaining({ method: 'card_only', consent: true, fallbackReason: 'declined' })]);
  });
});

describe('identity check: forgetting', () => {
  it('结束并清除 during the check stops the camera, clears the state, records nothing, keeps no frame', async () => {
    const { k, pacer, recorded, cam, frames, identity } = await start({ paced: true });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    pacer.release();
    await settle();
    pacer.release();
    await settle();
    expect(k.find('face-verify')).not.toBeNull();
    expect(cam.state.running).toBe(true);
    await k.click('end-session');
    pacer.release();
    await run();
    expect(cam.state.running).toBe(false);
    expect(identity.phase).toBe('idle');
    expect(identity.stream).toBeNull();
    expect(identity.pendingService).toBeNull();
    expect(recorded).toEqual([]);
    expect(frames.open).toBe(0);
    expect(k.find('face-verify')).toBeNull();
    expect(k.find('home')).not.toBeNull();
  });

  it('idle expiry during the check stops the camera too', async () => {
    const { k, pacer, cam, identity, recorded } = await start({ paced: true });
    await k.click('tile-legal-aid');
    await k.click('face-consent-yes');
    pacer.release();
    await settle();
    expect(cam.state.running).toBe(true);
    await k.advance((120 + 30 + 1) * 1000);
    pacer.release();
    await run();
    expect(k.bridge.callsOf('session.end')).toContainEqual({ reason: 'idle' });
    expect(cam.state.running).toBe(false);
    expect(identity.phase).toBe('idle');
    expect(recorded).toEqual([]);
  });

  it('the next person is asked again', async () => {
    const { k } = await start();
    await k.click('tile-legal-aid');
    await k.click('face-consent-no');
    await run();
    k.bridge.emit({ type: 'session.ended', reason: 'replaced' });
    await settle();
    k.bridge.emit({ type: 'card.read', session: { ...citizenSession({ photo: { mime: 'image/jpeg', base64: '/9j/4AAQ' }, photoStatus: 'ok' }), id: 'session-2' } });
    await settle();
    await k.click('tile-legal-aid');
    expect(k.find('face-consent')).not.toBeNull();
  });
});
