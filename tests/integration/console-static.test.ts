// The centre serves the staff console at /console/ (center/server/http/console-static.ts): the built
// files with a strict CSP, index.html for the single-page app's routes, and a clear page when the
// console has not been built. A real Fastify server on loopback over real directories.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installConsoleStatic } from '../../center/server/http/console-static.ts';

let app: FastifyInstance | null = null;
let dir: string | null = null;

afterEach(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  app = null;
  dir = null;
});

const serve = async (distDir: string): Promise<string> => {
  app = Fastify();
  await installConsoleStatic(app, { distDir });
  return app.listen({ host: '127.0.0.1', port: 0 });
};

const builtConsole = () => {
  dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title><div id="app"></div>');
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log("app")');
  return dir;
};

describe('the console at /console/', () => {
  it('serves the page and its assets with a strict CSP, nosniff and no referrer', async () => {
    const base = await serve(builtConsole());
    const page = await fetch(`${base}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const csp = page.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-cache');

    const asset = await fetch(`${base}/console/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('content-security-policy')).toBe(csp);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('answers the app’s own routes with the page, a missing file with 404, and leads / to the console', async () => {
    const base = await serve(builtConsole());
    const route = await fetch(`${base}/console/applications/6f1c7f0e-1111-4222-8333-944444444444`);
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<div id="app">');
    expect((await fetch(`${base}/console/assets/missing.js`)).status).toBe(404);
    const root = await fetch(`${base}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
  });

  it('says the console is not built instead of failing when there is no build', async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-missing-'));
    const base = await serve(join(dir, 'dist'));
    for (const path of ['/console/', '/console/fleet']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(text).toContain('工作台尚未构建');
      expect(text).toContain('npm run build');
    }
  });
});
