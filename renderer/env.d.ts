/**
 * Ambient declarations for the renderer. The Electron preload exposes the core's address and the
 * per-boot secret through contextBridge; in browser kiosk mode this is absent.
 */
interface KioskHost {
  readonly apiBase: string;
  readonly secret: string;
}

interface Window {
  kioskHost?: KioskHost;
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
