#!/usr/bin/env node
// Bundles the Electron shell:
//   electron/shell/main.ts    -> dist/shell/main.js     ESM (package.json "type": "module"; Electron >= 28
//                                                       loads an ESM main with Node's loader)
//   electron/shell/preload.ts -> dist/shell/preload.cjs CommonJS (sandboxed preloads cannot be ESM)
// 'electron' stays external in both: it is provided by the runtime, never bundled.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'shell');

const common = {
  bundle: true,
  external: ['electron'],
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/shell/main.ts'],
    outfile: path.join(outdir, 'main.js'),
    platform: 'node',
    format: 'esm',
    // Electron 41 embeds Node 24; node22 keeps the output valid on the Node 20 used for tests too.
    target: 'node22',
  }),
  build({
    ...common,
    entryPoints: ['electron/shell/preload.ts'],
    outfile: path.join(outdir, 'preload.cjs'),
    // 'browser': a sandboxed preload has no Node built-ins, so importing one must fail the build.
    platform: 'browser',
    format: 'cjs',
    target: 'chrome130',
  }),
]);

// A sandboxed preload can only require a short list of modules; ours needs 'electron' alone.
const preload = await readFile(path.join(outdir, 'preload.cjs'), 'utf8');
const required = [...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
const unexpected = required.filter((name) => name !== 'electron');
if (unexpected.length > 0) {
  console.error(`build-shell: preload requires modules a sandbox cannot load: ${unexpected.join(', ')}`);
  process.exit(1);
}

console.log('build-shell: dist/shell/main.js, dist/shell/preload.cjs');
