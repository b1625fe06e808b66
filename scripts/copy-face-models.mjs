#!/usr/bin/env node
// Copies the face-check weights (from @vladmandic/face-api) and the tfjs WASM binaries (from
// @tensorflow/tfjs-backend-wasm) into renderer/public/face/, which Vite copies into dist/renderer,
// so the kiosk serves them itself and never reaches a CDN. The sha256 of every file is pinned in
// resources/face-models/manifest.json (committed); the renderer checks the fetched bytes against it
// and refuses anything else.
//
//   node scripts/copy-face-models.mjs            copy what changed; fail if a source differs from the manifest
//   node scripts/copy-face-models.mjs --update   rewrite the manifest from node_modules (after an upgrade)
//
// Idempotent and fast when up to date: a file is rehashed only when its size or mtime changed.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const manifestPath = join(root, 'resources', 'face-models', 'manifest.json');
const outDir = join(root, 'renderer', 'public', 'face');
const modelDir = join(root, 'node_modules', '@vladmandic', 'face-api', 'model');
const wasmDir = join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');

// What the kiosk uses: the tiny detector for the live pass, SSD MobileNet v1 for the descriptor
// frames and the ID photo (it finds small, old photos the tiny one misses), the full 68-point
// landmarks (the tiny variant is too coarse around the eyes for blink detection) and the
// recogniser. Age, gender and expression models are deliberately not shipped.
const MODELS = ['tiny_face_detector_model', 'ssd_mobilenetv1_model', 'face_landmark_68_model', 'face_recognition_model'];
const WASM = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

const sources = [
  ...MODELS.flatMap((m) => [`${m}-weights_manifest.json`, `${m}.bin`].map((name) => ({ name, from: join(modelDir, name) }))),
  ...WASM.map((name) => ({ name, from: join(wasmDir, name) })),
];

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const fail = (message) => {
  process.stderr.write(`copy-face-models: ${message}\n`);
  process.exit(1);
};

const update = process.argv.includes('--update');
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : null;
if (!manifest && !update) fail(`${manifestPath} is missing; run with --update to create it from node_modules`);

const entries = {};
let copied = 0;
mkdirSync(outDir, { recursive: true });
for (const { name, from } of sources) {
  if (!existsSync(from)) fail(`${from} not found: run npm install`);
  const source = statSync(from);
  const target = join(outDir, name);
  const pinned = manifest?.files?.[name];
  // Up to date: same size and mtime as the source (we copy the mtime across; utimes keeps only
  // milliseconds) and matching the pin.
  const fresh = existsSync(target) && statSync(target).size === source.size && Math.abs(statSync(target).mtimeMs - source.mtimeMs) < 1;
  if (fresh && pinned && !update && pinned.size === source.size) {
    entries[name] = pinned;
    continue;
  }
  const digest = sha256(from);
  if (!update && (!pinned || pinned.sha256 !== digest || pinned.size !== source.size)) {
    fail(`${name} in node_modules does not match resources/face-models/manifest.json (package upgraded or tampered?). ` +
      'Check the upgrade, then run: node scripts/copy-face-models.mjs --update');
  }
  copyFileSync(from, target);
  utimesSync(target, source.atime, source.mtime);
  entries[name] = { sha256: digest, size: source.size };
  copied += 1;
}

if (update) {
  const read = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', ...pkg.split('/'), 'package.json'), 'utf8')).version;
  const next = {
    comment: 'sha256 and size of every face-check file the renderer loads; written by scripts/copy-face-models.mjs --update',
    packages: { '@vladmandic/face-api': read('@vladmandic/face-api'), '@tensorflow/tfjs-backend-wasm': read('@tensorflow/tfjs-backend-wasm') },
    files: entries,
  };
  const text = `${JSON.stringify(next, null, 2)}\n`;
  if (!manifest || readFileSync(manifestPath, 'utf8') !== text) writeFileSync(manifestPath, text);
}
if (copied > 0) process.stdout.write(`copy-face-models: ${copied} file(s) copied to renderer/public/face/\n`);
