// A kiosk page must never leave the kiosk UI: no navigation elsewhere, no new windows, no embedded
// webviews, no downloads, no menus, and (in packaged builds) no DevTools/reload/zoom keys for a
// passer-by with a USB keyboard. Applied to *every* webContents as it is created, so nothing
// created later (e.g. by a future feature) escapes the policy.
import { Menu, type App, type Input, type Session, type WebContents } from 'electron';
import { isAppOrigin } from './permissions.ts';

/** The single page the kiosk may show. Hash/query changes on it are in-page and never reach here. */
export function isAllowedNavigation(rawUrl: string): boolean {
  if (!isAppOrigin(rawUrl)) return false;
  const { pathname } = new URL(rawUrl);
  return pathname === '/' || pathname === '/index.html';
}

type KeyInput = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>;

// DevTools, reload and fullscreen toggles by plain key.
const BLOCKED_KEYS = new Set(['F5', 'F11', 'F12']);
// With Ctrl/Cmd: reload (r), zoom (+ = - 0), close (w), print (p: printing goes through the core).
const BLOCKED_WITH_MODIFIER = new Set(['r', '+', '=', '-', '_', '0', 'w', 'p']);
// With Ctrl/Cmd+Shift: DevTools (i, j, c).
const BLOCKED_WITH_MODIFIER_SHIFT = new Set(['i', 'j', 'c']);

export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (BLOCKED_KEYS.has(input.key)) return true;
  const modifier = input.control || input.meta;
  if (!modifier) return false;
  const key = input.key.toLowerCase();
  if (BLOCKED_WITH_MODIFIER.has(key)) return true;
  return input.shift && BLOCKED_WITH_MODIFIER_SHIFT.has(key);
}

export interface LockdownOptions {
  /** Packaged kiosks block the keys; development builds keep DevTools and reload usable. */
  readonly blockShortcuts: boolean;
}

export function hardenWebContents(contents: WebContents, options: LockdownOptions): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  // target=_blank links and window.open: never a second window, never the system browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (options.blockShortcuts) {
    contents.on('before-input-event', (event, input) => {
      if (isBlockedShortcut(input)) event.preventDefault();
    });
  }
}

export function installLockdown(app: App, session: Session, options: LockdownOptions): void {
  // No application menu: also removes its built-in accelerators (reload, DevTools, zoom).
  Menu.setApplicationMenu(null);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
  // Files leave the kiosk only through the core (receipts, uploads); the page cannot download.
  session.on('will-download', (event) => event.preventDefault());
}
