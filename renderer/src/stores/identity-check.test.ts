/** The identity-check machine on its own (no screens): wiping and the single record. */
import { describe, expect, it } from 'vitest';
import type { CitizenView } from '../bridge/contract';
import type { FaceVerifier, FrameAnalysis, Point } from '../face/types';
import { FakeClock } from '../time/fake-clock';
import { IdentityCheck, type IdentityOutcome } from './identity-check';

const landmarks: Point[] = Array.from({ length: 68 }, () => ({ x: 320, y: 240 }));
const placed = (at: number): FrameAnalysis => ({ at, width: 640, height: 480, brightness: 120, faces: [{ box: { x: 220, y: 140, width: 200, height: 220 }, score: 0.95, landmarks }] });

const citizen = { photo: { mime: 'image/jpeg', base64: '/9j/' }, photoStatus: 'ok' } as unknown as CitizenView;
const settings = { threshold: 0.5, borderline: 0.6, maxAttempts: 3, cameraDeviceId: null };
const flush = async () => {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setTimeout(r, 0));
};

function setup() {
  const clock = new FakeClock();
  let open = 0;
  const frame = () => {
    open++;
    return { close: () => open-- } as unknown as ImageBitmap;
  };
  const camera = { running: false, stops: 0 };
  const recorded: IdentityOutcome[] = [];
  const gates: Array<() => void> = [];
  const verifier: FaceVerifier = {
    load: async () => undefined,
    analyse: async (_f, at) => {
      clock.advance(100);
      return placed(at);
    },
    describe: async () => new Float32Array(128).fill(0.01),
    describePhoto: async () => new Float32Array(128),
    dispose: () => undefined,
  };
  const check = new IdentityCheck({
    verifier: () => verifier,
    camera: {
      open: async () => {
        camera.running = true;
        return {
          stream: null,
          grab: async () => frame(),
          stop: () => {
            if (camera.running) camera.stops++;
            camera.running = false;
          },
        };
      },
    },
    liveness: () => ({ status: { phase: 'baseline' }, push: async () => ({ phase: 'baseline' }) }),
    clock,
    decodePhoto: async () => frame(),
    copyFrame: async () => frame(),
    record: async (o) => {
      recorded.push(o);
    },
    nextFrame: () => new Promise<void>((resolve) => gates.push(resolve)),
  });
  const step = async (n = 1) => {
    for (let i = 0; i < n; i++) {
      gates.shift()?.();
      await flush();
    }
  };
  return { check, camera, recorded, step, open: () => open };
}

describe('IdentityCheck', () => {
  it('wipe mid-check stops the camera, drops every frame and records nothing', async () => {
    const { check, camera, recorded, step, open } = setup();
    check.offer(citizen, settings);
    check.accept();
    await step(3);
    expect(check.state.phase).toBe('looking');
    expect(camera.running).toBe(true);
    check.wipe();
    expect(camera.running).toBe(false);
    expect(check.state.phase).toBe('idle');
    await step(3);
    expect(recorded).toEqual([]);
    expect(open()).toBe(0);
    expect(check.stream).toBeNull();
  });

  it('records exactly once, whatever the person taps afterwards', async () => {
    const { check, recorded, step } = setup();
    check.offer(citizen, settings);
    check.decline();
    check.decline();
    check.otherWay();
    check.leave();
    await step(2);
    expect(recorded).toHaveLength(1);
    expect(check.state).toEqual({ phase: 'alternative', reason: 'declined' });
  });
});
