import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

/*
 * The staff console: its own build, served by the centre under /console/ (console-static.ts).
 * The config's own directory comes from import.meta.url: Vite resolves `root` against the working
 * directory, and the build is started from the repo root.
 */
const here = decodeURIComponent(new URL('.', import.meta.url).pathname).replace(/^\/([A-Za-z]:\/)/, '$1');

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [vue()],
  define: {
    // No Options API, no devtools hooks, no runtime message compiler that would need eval (strict CSP).
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'false',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The CSP allows only 'self': every asset is a file, nothing inlined, nothing from a CDN.
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1' },
});
