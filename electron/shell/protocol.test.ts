import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));
vi.mock('electron', () => electron);

const { contentSecurityPolicy, createAppHandler, diskReader, handleAppProtocol, mimeTypeFor, registerAppScheme } =
  await import('./protocol.ts');

const API_BASE = 'http://127.0.0.1:43123';
let base: string;
let root: string;
const reads: string[] = [];

beforeAll(async () => {
  // <base>/secret.txt sits next to the served root: traversal would reach it.
  base = await mkdtemp(path.join(tmpdir(), 'kiosk-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><div id="app"></div>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'face.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(path.join(base, 'secret.txt'), 'TOP SECRET');
});
afterAll(() => rm(base, { recursive: true, force: true }));

function handler() {
  return createAppHandler({
    root,
    csp: () => contentSecurityPolicy(API_BASE),
    reader: {
      read: (p) => {
        reads.push(p);
        return diskReader.read(p);
      },
    },
  });
}

const get = (url: string, method = 'GET') => handler()({ url, method });

describe('app:// handler', () => {
  it('serves index.html with the CSP and a correct MIME type', async () => {
    const response = await get('app://kiosk/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('id="app"');
    const csp = response.headers.get('content-security-policy');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain(`connect-src 'self' ${API_BASE} ws://127.0.0.1:43123`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('serves the root as index.html and assets with their MIME types', async () => {
    expect((await get('app://kiosk/')).status).toBe(200);
    const js = await get('app://kiosk/assets/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const wasm = await get('app://kiosk/assets/face.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
  });

  it.each([
    'app://kiosk/../secret.txt',
    'app://kiosk/../../etc/passwd',
    'app://kiosk/..%2fsecret.txt',
    'app://kiosk/%2e%2e%2fsecret.txt',
    'app://kiosk/assets/..%2f..%2fsecret.txt',
    'app://kiosk/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://kiosk/%2fetc%2fpasswd',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/index.html%00.png',
    'app://kiosk/%E0%A4%A',
  ])('never reads outside the renderer root: %s', async (url) => {
    reads.length = 0;
    const response = await get(url);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('TOP SECRET');
    for (const p of reads) expect(path.relative(root, p).startsWith('..')).toBe(false);
  });

  it('rejects encoded traversal before touching the disk', async () => {
    reads.length = 0;
    expect((await get('app://kiosk/..%2fsecret.txt')).status).toBe(403);
    expect(reads).toEqual([]);
  });

  it('rejects other hosts and schemes', async () => {
    expect((await get('app://evil/index.html')).status).toBe(403);
    expect((await get('app://kiosk.evil/index.html')).status).toBe(403);
    expect((await get('file:///index.html')).status).toBe(403);
  });

  it('returns 404 for missing files and directories, 405 for writes', async () => {
    expect((await get('app://kiosk/missing.js')).status).toBe(404);
    expect((await get('app://kiosk/assets')).status).toBe(404);
    expect((await get('app://kiosk/index.html', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://kiosk/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('scheme and handler registration', () => {
  it('registers app:// as standard, secure, fetch- and stream-capable', () => {
    registerAppScheme();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
    ]);
  });

  it('installs the handler for the app scheme', async () => {
    handleAppProtocol({ root, csp: () => contentSecurityPolicy(API_BASE) });
    const [scheme, installed] = electron.protocol.handle.mock.calls[0] as [string, (r: Request) => Promise<Response>];
    expect(scheme).toBe('app');
    expect((await installed(new Request('app://kiosk/index.html'))).status).toBe(200);
  });
});

describe('helpers', () => {
  it('falls back to octet-stream for unknown extensions', () => {
    expect(mimeTypeFor('/x/model.bin')).toBe('application/octet-stream');
    expect(mimeTypeFor('/x/STYLE.CSS')).toBe('text/css; charset=utf-8');
  });

  it('builds connect-src from the api base only', () => {
    expect(contentSecurityPolicy('http://127.0.0.1:5000')).toContain("connect-src 'self' http://127.0.0.1:5000 ws://127.0.0.1:5000;");
  });
});
