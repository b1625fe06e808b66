/**
 * Builds the face harness page (production verifier code), serves it on loopback with the
 * fixture photos, and opens it in Debian Chromium. Optional COOP/COEP headers make the page
 * cross-origin isolated, which lets tfjs use its threaded WASM build.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/playwright.config.ts';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const FIXTURE_FACES = resolve(ROOT, '..', 'shared', 'fixtures', 'faces');
export const SAMPLE_FACES = join(ROOT, 'node_modules', '@vladmandic', 'face-api', 'demo');
const HARNESS_DIST = join(ROOT, 'dist', 'face-harness');

/** The Electron shell's policy (electron/shell/protocol.ts) minus the core's address. */
const KIOSK_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.jpg': 'image/jpeg',
};

export const buildHarness = (): void => {
  const copy = spawnSync(process.execPath, [join(ROOT, 'scripts', 'copy-face-models.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (copy.status !== 0) throw new Error('copy-face-models failed');
  const vite = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'tests/calibration/harness/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (vite.status !== 0) throw new Error('harness build failed');
};

/** / -> harness build, /fixtures/ -> ../shared/fixtures/faces, /samples/ -> face-api demo photos. */
const serve = (isolated: boolean): Promise<Server> => {
  const mounts: Array<[string, string]> = [
    ['/fixtures/', FIXTURE_FACES],
    ['/samples/', SAMPLE_FACES],
    ['/', HARNESS_DIST],
  ];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const mount = mounts.find(([prefix]) => path.startsWith(prefix));
    const [prefix, dir] = mount ?? ['/', HARNESS_DIST];
    const file = normalize(join(dir, path.slice(prefix.length) || 'index.html'));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    // The kiosk's CSP on every response, workers included (Electron's app:// handler does the same),
    // so the harness proves the engine needs nothing beyond 'wasm-unsafe-eval' and connect-src 'self'.
    const headers: Record<string, string> = {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': KIOSK_CSP,
    };
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
};

export interface Harness {
  readonly page: Page;
  readonly browser: Browser;
  readonly base: string;
  close(): Promise<void>;
}

export const openHarness = async (options: { isolated?: boolean; build?: boolean } = {}): Promise<Harness> => {
  if (options.build !== false) buildHarness();
  const server = await serve(options.isolated ?? false);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
  const page = await browser.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`page console: ${message.text()}\n`);
  });
  await page.goto(base);
  await page.waitForFunction(() => document.title === 'face harness ready');
  return {
    page,
    browser,
    base,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
};
