// Bundles the kiosk core into dist/core/start.js for the packaged app, where Electron's
// utilityProcess runs it (no tsx there). Native modules stay external: electron-builder rebuilds
// them for Electron's ABI and unpacks them from the asar.
import { build } from 'esbuild';

await build({
  entryPoints: ['electron/core/start.ts'],
  outfile: 'dist/core/start.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: ['better-sqlite3-multiple-ciphers', 'serialport', '@serialport/*', 'playwright-core'],
  // ESM bundles of CommonJS dependencies need a require() of their own.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
