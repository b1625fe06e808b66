/** Technician camera choice and self-test, in the real app with a fake camera and engine. */
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../domain/result';
import { MockBridge } from '../bridge/mock-bridge';
import type { FaceVerifier } from '../face/types';
import { useTechnicianStore } from '../stores/technician';
import { mountKiosk, settle, type MountedKiosk } from '../testing/mount-kiosk';

const TOKEN = 'tech-token-0123456789abcdef';

let kiosk: MountedKiosk | null = null;
const realMediaDevices = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices');
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
  if (realMediaDevices) Object.defineProperty(navigator, 'mediaDevices', realMediaDevices);
  else Reflect.deleteProperty(navigator, 'mediaDevices');
});

async function openTechnicianPage() {
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      enumerateDevices: async () => [
        { kind: 'videoinput', deviceId: 'cam-front', label: 'USB 摄像头 A', groupId: 'g' },
        { kind: 'audioinput', deviceId: 'mic', label: 'mic', groupId: 'g' },
        { kind: 'videoinput', deviceId: 'cam-side', label: '', groupId: 'h' },
      ],
      getUserMedia: async () => new MediaStream(),
    },
  });
  const camera = { opened: [] as Array<string | null>, running: false };
  let analysed = 0;
  const verifier: FaceVerifier = {
    load: async () => undefined,
    analyse: async (_f, at) => {
      analysed++;
      return { at, width: 640, height: 480, brightness: 120, faces: [{ box: { x: 220, y: 140, width: 200, height: 220 }, score: 0.9, landmarks: [] }] };
    },
    describe: async () => null,
    describePhoto: async () => null,
    dispose: () => undefined,
  };
  const bridge = new MockBridge().handle('technician.unlock', () => ok({ token: TOKEN }));
  const k = await mountKiosk({
    bridge,
    face: {
      verifier: () => verifier,
      camera: {
        open: async (id) => {
          camera.opened.push(id);
          camera.running = true;
          return { stream: new MediaStream(), grab: async () => ({ close: () => undefined }) as unknown as ImageBitmap, stop: () => (camera.running = false) };
        },
      },
    },
  });
  kiosk = k;
  const technician = useTechnicianStore(k.pinia);
  technician.openPinPad();
  for (const d of '2468') technician.pressDigit(d);
  await technician.submitPin();
  await k.controller.enterTechnician();
  await settle();
  return { k, bridge, camera, analysed: () => analysed };
}

describe('technician camera', () => {
  it('lists the video inputs and saves the chosen one with technician.setCamera', async () => {
    const { k, bridge } = await openTechnicianPage();
    const select = k.get('tech-camera-select') as HTMLSelectElement;
    const labels = [...select.options].map((o) => o.textContent?.trim());
    expect(labels).toEqual(['系统默认摄像头', 'USB 摄像头 A', '摄像头 2']);
    select.value = 'cam-side';
    select.dispatchEvent(new Event('change'));
    await settle();
    await k.click('tech-camera-save');
    expect(bridge.callsOf('technician.setCamera')).toEqual([{ token: TOKEN, deviceId: 'cam-side' }]);
    expect(k.find('tech-camera-saved')).not.toBeNull();

    // The document camera (高拍仪) for application materials is chosen separately.
    const documentSelect = k.get('tech-document-camera-select') as HTMLSelectElement;
    documentSelect.value = 'cam-front';
    documentSelect.dispatchEvent(new Event('change'));
    await settle();
    await k.click('tech-document-camera-save');
    expect(bridge.callsOf('technician.setCamera').at(-1)).toEqual({ token: TOKEN, deviceId: 'cam-front', purpose: 'document' });
    expect(k.find('tech-document-camera-saved')).not.toBeNull();
  });

  it('self-test: preview with detection numbers on the chosen camera; stopping and leaving stop the camera', async () => {
    const { k, camera, analysed } = await openTechnicianPage();
    const select = k.get('tech-camera-select') as HTMLSelectElement;
    select.value = 'cam-front';
    select.dispatchEvent(new Event('change'));
    await settle();
    await k.click('tech-camera-test');
    await settle(10);
    expect(camera.opened).toEqual(['cam-front']);
    expect(camera.running).toBe(true);
    expect(analysed()).toBeGreaterThan(1);
    expect(k.get('tech-camera-faces').textContent).toBe('1');
    expect(k.get('tech-camera-detect-ms').textContent).toMatch(/^\d+ ms$/);
    await k.click('tech-camera-stop');
    expect(camera.running).toBe(false);

    await k.click('tech-camera-test');
    await settle();
    expect(camera.running).toBe(true);
    await k.click('tech-exit');
    await settle();
    expect(camera.running).toBe(false);
  });
});
