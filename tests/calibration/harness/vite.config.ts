import { defineConfig } from 'vite';

/*
 * A bare page around the production FaceApiVerifier (same worker, same WASM, same verified
 * weights from renderer/public/face/), for calibration and the benchmark in Debian Chromium.
 */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: './',
  publicDir: `${here}../../../renderer/public`,
  build: { outDir: `${here}../../../dist/face-harness`, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
  logLevel: 'warn',
});
