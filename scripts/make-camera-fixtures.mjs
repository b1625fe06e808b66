#!/usr/bin/env node
// Builds the fake-camera clips the identity-check e2e tests feed to Chromium
// (`--use-file-for-fake-video-capture=FILE`) from the shared face fixtures (../shared/fixtures/faces,
// relative to the repo root). Output: .cache/camera/<name>.y4m (gitignored), 320x240, 4:2:0.
//
// Idempotent: a clip is rebuilt only when its source photo or the recipe changed (a stamp file next
// to each clip holds the hash of both). Usage: node scripts/make-camera-fixtures.mjs [--force]
//
// Every clip is made from one still photograph, so to the camera each one *is* a photo held up to
// it. That is exactly what the liveness tests need; a passing liveness check end to end needs a
// recorded landmark stream on top (see tests/e2e/identity-*.spec.ts).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FACES_DIR = resolve(root, '..', 'shared', 'fixtures', 'faces');
export const CAMERA_CACHE = join(root, '.cache', 'camera');
const FFMPEG = process.env.FFMPEG ?? '/usr/bin/ffmpeg';

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 10;

/**
 * The clips. `sway` moves the picture a few pixels, like a print held in a hand or a person who
 * does not stand perfectly still; it adds no blink and no head turn.
 */
export const CLIPS = {
  /** The card holder (card `person-a-1`), another photograph of the same man. */
  'holder-a4': { source: 'person-a-4.jpg', seconds: 2, sway: true },
  /** A printed photograph of the card holder held to the camera (the liveness attack). */
  'photo-of-holder-a3': { source: 'person-a-3.jpg', seconds: 2, sway: true },
  /** Somebody else in front of the kiosk (different person from card `person-a-1`). */
  'other-person-d1': { source: 'person-d-1.jpg', seconds: 2, sway: true },
};

// Upper part of the portrait (head and shoulders, as a kiosk camera frames a person), scaled to fit
// 336x252, then a 320x240 window that drifts a few pixels (or stays centred).
const filter = (sway) => {
  const frame = `crop=iw:'min(ih,iw*1.3)':0:0,scale=${WIDTH + 16}:${HEIGHT + 12}:force_original_aspect_ratio=decrease,pad=${WIDTH + 16}:${HEIGHT + 12}:(ow-iw)/2:(oh-ih)/2:color=0x606060`;
  const window = sway ? `crop=${WIDTH}:${HEIGHT}:'8+6*sin(t*3)':'6+4*cos(t*2)'` : `crop=${WIDTH}:${HEIGHT}:8:6`;
  return `${frame},${window},format=yuv420p`;
};

const recipeVersion = 'v2';

async function buildClip(name, { source, seconds, sway }, force) {
  const input = join(FACES_DIR, source);
  if (!existsSync(input)) throw new Error(`face fixture missing: ${input}`);
  const out = join(CAMERA_CACHE, `${name}.y4m`);
  const stampFile = `${out}.stamp`;
  const stamp = createHash('sha256')
    .update(readFileSync(input))
    .update(JSON.stringify({ recipeVersion, seconds, sway, WIDTH, HEIGHT, FPS }))
    .digest('hex');
  if (!force && existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return { name, out, built: false };
  const tmp = `${out}.tmp.y4m`;
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-loop', '1', '-framerate', String(FPS), '-i', input, '-t', String(seconds), '-vf', filter(sway), '-r', String(FPS), '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', tmp];
  await run(FFMPEG, args, { cwd: root });
  renameSync(tmp, out);
  writeFileSync(stampFile, stamp);
  return { name, out, built: true };
}

/** Builds every clip that is missing or stale; returns name -> absolute path. */
export async function makeCameraFixtures({ force = false } = {}) {
  mkdirSync(CAMERA_CACHE, { recursive: true });
  const results = await Promise.all(Object.entries(CLIPS).map(([name, clip]) => buildClip(name, clip, force)));
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  makeCameraFixtures({ force }).then(
    (results) => {
      for (const r of results) process.stdout.write(`${r.built ? 'built ' : 'fresh '} ${r.out}\n`);
    },
    (error) => {
      process.stderr.write(`make-camera-fixtures: ${error.message}\n`);
      process.exit(1);
    },
  );
}
