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
import { createKioskController } from './controller';
import { BRIDGE, CLOCK, CONTROLLER } from './keys';

export interface KioskAppOptions {
  bridge: Bridge;
  clock?: Clock;
  history?: RouterHistory;
}

export function createKioskApp({ bridge, clock = systemClock, history = createWebHashHistory() }: KioskAppOptions) {
  const app = createApp(App);
  const pinia = createPinia();
  const router = createKioskRouter(history);
  app.provide(BRIDGE, bridge);
  app.provide(CLOCK, clock);
  app.use(pinia);
  app.use(createKioskI18n());
  app.use(router);
  const controller = app.runWithContext(() => createKioskController({ bridge, router, clock }));
  app.provide(CONTROLLER, controller);
  return { app, pinia, router, controller };
}
