/**
 * Composition root of the renderer: everything with a side effect (the Bridge, the clock, the
 * history) is passed in, so tests build the very same app around a MockBridge and a FakeClock.
 */
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { createWebHashHistory, type RouterHistory } from 'vue-router';
import App from '../App.vue';
import type { Bridge } from '../bridge/bridge';
import { createKioskI18n } from '../i18n';
import { createKioskRouter } from '../router';
import { systemClock, type Clock } from '../time/clock';
import { FaceApiVerifier } from '../face/face-api-verifier';
import { LivenessCheck } from '../face/liveness';
import type { FaceVerifier } from '../face/types';
import { browserCamera, decodeCardPhoto } from '../services/camera';
import { useConfigStore } from '../stores/config';
import { FACE_DEPS, type FaceDeps } from '../stores/identity';
import { createKioskController } from './controller';
import { BRIDGE, CLOCK, CONTROLLER } from './keys';
import { withLandmarkReplay } from './landmark-replay';

export interface KioskAppOptions {
  bridge: Bridge;
  clock?: Clock;
  history?: RouterHistory;
  /** The face check's engine, camera and liveness; tests and the e2e replay replace parts. */
  face?: Partial<FaceDeps>;
}

/** Challenge order must not be guessable: a photo attacker would rehearse it. */
const secureRandom = (): number => {
  const word = new Uint32Array(1);
  crypto.getRandomValues(word);
  return (word[0] ?? 0) / 2 ** 32;
};

export const defaultFaceDeps = (): FaceDeps => ({
  // The worker-backed @vladmandic/face-api engine (renderer/src/face/), built on first use.
  verifier: (): FaceVerifier => new FaceApiVerifier(),
  camera: browserCamera,
  liveness: ({ sameFace }) => new LivenessCheck({ random: secureRandom, sameFace }),
  decodePhoto: decodeCardPhoto,
});

export function createKioskApp({ bridge, clock = systemClock, history = createWebHashHistory(), face = {} }: KioskAppOptions) {
  const app = createApp(App);
  const pinia = createPinia();
  const router = createKioskRouter(history);
  app.provide(BRIDGE, bridge);
  app.provide(CLOCK, clock);
  app.use(pinia);
  app.use(createKioskI18n());
  app.use(router);
  const config = app.runWithContext(() => useConfigStore());
  const faceDeps: FaceDeps = { ...defaultFaceDeps(), ...face };
  // Whichever engine is in effect (the real one, or a test's) gets the landmark replay only behind
  // the gate in landmark-replay.ts: a simulator core AND a recording handed to the page by a test.
  faceDeps.verifier = withLandmarkReplay(faceDeps.verifier, { simulator: () => config.simulator });
  app.provide(FACE_DEPS, faceDeps);
  const controller = app.runWithContext(() => createKioskController({ bridge, router, clock }));
  app.provide(CONTROLLER, controller);
  return { app, pinia, router, controller };
}
