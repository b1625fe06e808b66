// Composition root of the Electron shell: the only module here that reads the environment and app
// paths. Order matters and is Electron's, not ours:
//   before 'ready': scheme privileges, global sandbox, single-instance lock;
//   after 'ready':  lockdown + permission policy -> core started and ready -> app:// handler -> window.
// Bundled as ESM (package.json "type": "module"), so no top-level await on whenReady: Electron only
// emits 'ready' after the entry module has finished evaluating.
import { app, session, type BrowserWindow } from 'electron';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCoreSupervisor, utilityProcessSpawner } from './core-supervisor.ts';
import { answerPdfRequests } from './pdf-window.ts';
import type { KioskHost } from './host-args.ts';
import { installLockdown } from './lockdown.ts';
import { APP_HOST, APP_SCHEME, applyPermissionPolicy } from './permissions.ts';
import { contentSecurityPolicy, handleAppProtocol, registerAppScheme } from './protocol.ts';
import { createKioskWindow } from './window.ts';

registerAppScheme();
// Every renderer sandboxed, whatever a future BrowserWindow forgets to set.
app.enableSandbox();

// This file is dist/shell/main.js, inside app.asar when packaged; its siblings are fixed by the build.
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const paths = {
  renderer: path.join(distDir, 'renderer'),
  preload: path.join(distDir, 'shell', 'preload.cjs'),
  core: path.join(distDir, 'core', 'start.js'),
};

let failing = false;
function fail(reason: string): void {
  // Giving up is reported twice when it happens before the first ready (callback + rejection).
  if (failing) return;
  failing = true;
  console.error(`kiosk shell: ${reason}; exiting`);
  // Non-zero so the kiosk's service manager (systemd user unit / autostart) restarts the whole app.
  app.exit(1);
}

function coreEnv(secret: string): Record<string, string> {
  const env: Record<string, string> = {};
  // The core shells out (lp, ffmpeg) and needs PATH, LANG etc.; pass the environment through.
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  const extraOrigins = (process.env.KIOSK_ALLOWED_ORIGINS ?? '').split(',').filter((o) => o.trim() !== '');
  return {
    ...env,
    KIOSK_API_SECRET: secret,
    KIOSK_API_PORT: process.env.KIOSK_API_PORT ?? '0',
    KIOSK_ALLOWED_ORIGINS: [...new Set([`${APP_SCHEME}://${APP_HOST}`, ...extraOrigins])].join(','),
    KIOSK_DATA_DIR: process.env.KIOSK_DATA_DIR ?? path.join(app.getPath('userData'), 'core-data'),
  };
}

function runShell(): void {
  // Per boot: a copy read from an old process or a disk image is useless after a restart.
  const devBuild = !app.isPackaged;
  // `npm start` hands a development shell its secret so it can print the kiosk URL for a second
  // browser; a packaged kiosk always makes its own.
  const given = process.env.KIOSK_API_SECRET;
  const secret = devBuild && given && /^[0-9a-f]{64}$/.test(given) ? given : randomBytes(32).toString('hex');
  let host: KioskHost | null = null;
  let win: BrowserWindow | null = null;
  let coreStopped = false;

  function openWindow(current: KioskHost): void {
    const created = createKioskWindow({ preloadPath: paths.preload, host: current, devTools: devBuild });
    created.on('closed', () => {
      if (win === created) win = null;
    });
    created.webContents.on('render-process-gone', (_event, details) => {
      // A crashed renderer leaves a dead screen on an unattended kiosk; load the UI again.
      if (details.reason === 'clean-exit') return;
      console.error(`kiosk shell: renderer gone (${details.reason}), reloading`);
      setTimeout(() => {
        if (!created.isDestroyed()) created.webContents.reload();
      }, 1_000);
    });
    win = created;
  }

  const supervisor = createCoreSupervisor({
    spawn: utilityProcessSpawner(paths.core),
    env: coreEnv(secret),
    // stderr is the core's JSON log (no personal data by the core's own rule): keep it with ours.
    // stdout is protocol/benchmark lines: only worth seeing while developing.
    forwardOutput: (line, stream) => {
      if (stream === 'stderr') process.stderr.write(`${line}\n`);
      else if (devBuild) console.log(`[core] ${line}`);
    },
    onReady: (apiBase) => {
      // The supervisor pins the port, so this only fires if the core could not get it back.
      if (host === null || apiBase === host.apiBase) return;
      host = { apiBase, secret };
      const previous = win;
      openWindow(host); // new window first, so 'window-all-closed' does not quit in between
      previous?.destroy();
    },
    onGiveUp: () => fail('core gave up after repeated crashes'),
    // Print documents are rendered with Electron's Chromium at the core's request (printToPDF).
    onCoreMessage: (message, reply) => void answerPdfRequests()(message, reply),
  });

  app.on('second-instance', () => {
    if (win === null) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    // Give the core its SIGTERM and a moment to close its database before the shell goes away.
    if (coreStopped) return;
    event.preventDefault();
    void supervisor.stop().finally(() => {
      coreStopped = true;
      app.quit();
    });
  });

  app
    .whenReady()
    .then(async () => {
      installLockdown(app, session.defaultSession, { blockShortcuts: !devBuild });
      applyPermissionPolicy(session.defaultSession);
      const apiBase = await supervisor.start();
      host = { apiBase, secret };
      handleAppProtocol({
        root: paths.renderer,
        csp: () => contentSecurityPolicy(host?.apiBase ?? apiBase),
      });
      openWindow(host);
    })
    .catch((error: unknown) => fail(`startup failed (${error instanceof Error ? error.message : 'unknown error'})`));
}

// A second launch (double tap on a launcher, a restarting service) must not start a second core on
// the same hardware; it wakes the running instance instead and leaves.
if (app.requestSingleInstanceLock()) runShell();
else app.quit();
