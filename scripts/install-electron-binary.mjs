// Electron's own install script is denied in package.json's `allowScripts`: where its binary
// cannot be downloaded (our build and CI machines reach only the npm registry) it would fail the
// whole `npm install`. We run it here instead and treat a failure as "no Electron on this machine":
// the kiosk then runs in Debian Chromium (browser kiosk mode) and the Electron smoke test skips.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const installer = fileURLToPath(new URL('../node_modules/electron/install.js', import.meta.url));
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || !existsSync(installer)) process.exit(0);

const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
if (result.status === 0) {
  console.log('Electron binary installed.');
} else {
  console.log('Electron binary not available here (download failed); the kiosk will use browser kiosk mode.');
}
