import './styles/kiosk.css';
import { z } from 'zod';
import { createKioskApp } from './app/create-app';
import { HttpBridge } from './bridge/http-bridge';
import { locateCore } from './bridge/locate';

// The CSP forbids eval: keep zod from probing for it (the probe itself is reported as a violation).
z.config({ jitless: true });

const location = locateCore();
if (!location) {
  // No way to reach the core: nothing a citizen can do about it, so say only that it is starting.
  // The core re-launches the page with a fresh secret.
  console.error('[kiosk] core location unknown (no kioskHost, no #k= fragment)');
}
const bridge = new HttpBridge({ apiBase: location?.apiBase ?? window.location.origin, secret: location?.secret ?? '' });
const { app, controller } = createKioskApp({ bridge });
app.mount('#app');
void controller.start();
