// The one kiosk window. Every webPreference that matters for security is spelled out even where it
// equals Electron's default, so a reviewer (and electronegativity) sees the intent and a future
// default change cannot silently loosen it.
import { BrowserWindow } from 'electron';
import { toHostArgs, type KioskHost } from './host-args.ts';
import { APP_ENTRY_URL } from './protocol.ts';

export interface KioskWindowOptions {
  readonly preloadPath: string;
  readonly host: KioskHost;
  /** Only in development builds; a kiosk in the field never opens DevTools. */
  readonly devTools: boolean;
}

// Matches the renderer's splash colour so the screen does not flash white before first paint.
const BACKGROUND = '#0b3d91';

export function createKioskWindow(options: KioskWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    show: false,
    fullscreen: true,
    kiosk: true,
    frame: false,
    backgroundColor: BACKGROUND,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click ("auxclick") can open links outside the window-open handler's view of things.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools,
      // Spoken prompts must play when the screen wakes for a citizen, before any touch.
      autoplayPolicy: 'no-user-gesture-required',
      // The sandboxed preload reads these from process.argv. They are visible in the renderer
      // process's command line to local users; the secret is per boot and the API is loopback-only.
      additionalArguments: toHostArgs(options.host),
    },
  });
  // Showing only once painted avoids a blank frame on the kiosk screen at boot.
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    // Only the error code: a load failure message can quote URLs, and this log leaves the kiosk.
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    console.error(`kiosk window: UI failed to load (${code})`);
  });
  return win;
}
