/** Document capture with a fake camera: capture, rotate, retake, keep, delete, finish, no camera. */
import { afterEach, describe, expect, it } from 'vitest';
import { CameraUnavailable } from '../../services/camera';
import { pageGeometry, type DocumentCamera, type DocumentFrame, type EncodedPage } from '../../services/document-camera';
import DocumentCapture from './DocumentCapture.vue';
import { flush, mountInput } from './mount-input.test-helper';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('pageGeometry', () => {
  it('caps the long side at 1600 px, never enlarges, swaps sides on a quarter turn', () => {
    expect(pageGeometry(1920, 1080, 0)).toEqual({ width: 1600, height: 900, scale: 1600 / 1920 });
    expect(pageGeometry(1920, 1080, 1)).toMatchObject({ width: 900, height: 1600 });
    expect(pageGeometry(1920, 1080, 2)).toMatchObject({ width: 1600, height: 900 });
    expect(pageGeometry(640, 480, 3)).toEqual({ width: 480, height: 640, scale: 1 });
  });
});

/** A camera whose frames are numbered; an encoded page carries its frame number and turns. */
function fakeCamera(options: { fail?: boolean } = {}) {
  const state = { opened: [] as Array<string | null>, running: false, frames: [] as Array<DocumentFrame & { closed: boolean; n: number }> };
  const camera: DocumentCamera = {
    async open(deviceId) {
      state.opened.push(deviceId);
      if (options.fail) throw new CameraUnavailable('not_found');
      state.running = true;
      return {
        stream: null,
        grab: async () => {
          const f = { width: 1920, height: 1080, n: state.frames.length + 1, closed: false, close: () => (f.closed = true) };
          state.frames.push(f);
          return f;
        },
        stop: () => (state.running = false),
      };
    },
    async encode(frame, turns) {
      const size = pageGeometry(frame.width, frame.height, turns);
      return { jpeg: new Uint8Array([0xff, 0xd8, (frame as unknown as { n: number }).n, turns]), width: size.width, height: size.height };
    },
  };
  return { camera, state };
}

async function mountCapture(camera: DocumentCamera, props: Record<string, unknown> = {}) {
  let pages: EncodedPage[] = [];
  const done: EncodedPage[][] = [];
  let skipped = 0;
  const m = mountInput(DocumentCapture, {
    props: {
      modelValue: [],
      deviceId: 'doc-cam',
      camera,
      'onUpdate:modelValue': async (p: EncodedPage[]) => {
        pages = p;
        await m.setProps({ modelValue: p });
      },
      onDone: (p: EncodedPage[]) => done.push(p),
      onSkip: () => skipped++,
      ...props,
    },
  });
  await flush();
  return { ...m, pages: () => pages, done, skipped: () => skipped };
}

describe('DocumentCapture', () => {
  it('opens the configured camera; capture, rotate twice, retake, capture, keep: one upright page', async () => {
    const { camera, state } = fakeCamera();
    const c = await mountCapture(camera);
    expect(state.opened).toEqual(['doc-cam']);
    await c.tap('cap-capture');
    expect(c.find('cap-review')).not.toBeNull();
    await c.tap('cap-rotate');
    await c.tap('cap-rotate');
    await c.tap('cap-retake');
    expect(state.frames[0]!.closed).toBe(true); // the discarded frame is let go at once
    expect(c.find('cap-review')).toBeNull();
    await c.tap('cap-capture');
    await c.tap('cap-rotate');
    await c.tap('cap-keep');
    expect(state.frames[1]!.closed).toBe(true);
    expect(c.pages()).toHaveLength(1);
    expect([...c.pages()[0]!.jpeg]).toEqual([0xff, 0xd8, 2, 1]); // frame 2, a quarter turn applied
    expect(c.pages()[0]).toMatchObject({ width: 900, height: 1600 });
    expect(c.get('cap-pages').textContent).toContain('已拍 1 页');
    expect(c.find('cap-thumb-1')?.getAttribute('src')).toMatch(/^blob:/);
  });

  it('several pages, delete one, then 完成 hands them on and stops the camera', async () => {
    const { camera, state } = fakeCamera();
    const c = await mountCapture(camera);
    for (let i = 0; i < 3; i++) {
      await c.tap('cap-capture');
      await c.tap('cap-keep');
      if (i < 2) await c.tap('cap-next');
    }
    expect(c.pages().map((p) => p.jpeg[2])).toEqual([1, 2, 3]);
    await c.tap('cap-delete-2');
    expect(c.pages().map((p) => p.jpeg[2])).toEqual([1, 3]);
    expect(c.find('cap-thumb-3')).toBeNull();
    expect(state.running).toBe(true);
    await c.tap('cap-finish');
    expect(c.done).toHaveLength(1);
    expect(c.done[0]!.map((p) => p.jpeg[2])).toEqual([1, 3]);
    expect(state.running).toBe(false);
  });

  it('the camera stops when told to, and when the component goes away', async () => {
    const { camera, state } = fakeCamera();
    const c = await mountCapture(camera);
    await c.tap('cap-capture');
    await c.setProps({ stopped: true });
    await flush();
    expect(state.running).toBe(false);
    expect(state.frames[0]!.closed).toBe(true);
    await c.setProps({ stopped: false });
    await flush();
    expect(state.running).toBe(true);
    c.wrapper.unmount();
    expect(state.running).toBe(false);
  });

  it('no camera: says so, offers 稍后补交 and 再试一次', async () => {
    const { camera, state } = fakeCamera({ fail: true });
    const c = await mountCapture(camera);
    const message = c.get('cap-unavailable').textContent ?? '';
    expect(message).toContain('摄像头暂时用不了');
    expect(message).toContain('可以稍后补交材料，或在窗口提交');
    await c.tap('cap-retry');
    expect(state.opened).toHaveLength(2);
    await c.tap('cap-skip');
    expect(c.skipped()).toBe(1);
  });
});
