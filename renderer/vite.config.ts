import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/*
 * The renderer may not import Node built-ins (lint rule), and this file lives under renderer/, so the
 * config's own directory is derived from import.meta.url by hand instead of node:url/node:path.
 * Vite resolves `root` against the working directory, and the build is started from the repo root.
 */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:\/)/, '$1');

export default defineConfig({
  root: here,
  // Served both from app://kiosk/ (Electron) and http://127.0.0.1:<port>/ (the core): relative URLs.
  base: './',
  plugins: [vue()],
  define: {
    // Compile-time feature flags: no Options API, no devtools hooks in the kiosk build.
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // Everything ships locally; nothing is fetched from a CDN.
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1' },
});
