// The renderer is served from app://kiosk/ rather than file://. A privileged standard+secure scheme
// gives the page a real origin (so getUserMedia, fetch and the CSP 'self' work as on the web) and
// lets us attach response headers, which file:// cannot carry. Only files under dist/renderer are
// reachable; the handler itself is a plain function over (url, method) so it is tested without
// Electron.
import { protocol } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './permissions.ts';

export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before app 'ready' (Electron's rule for scheme privileges). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    // stream: media elements can play recordings/sounds served from app://.
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** CSP for the kiosk UI. The core's loopback API is the only network peer besides the page itself. */
export function contentSecurityPolicy(apiBase: string): string {
  const http = new URL(apiBase);
  const ws = new URL(apiBase);
  ws.protocol = 'ws:';
  return [
    "default-src 'self'",
    // wasm-unsafe-eval: face detection runs TensorFlow's WASM backend; no JS eval is allowed.
    "script-src 'self' 'wasm-unsafe-eval'",
    // Vue's transitions and component libraries set inline style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: data:",
    `connect-src 'self' ${http.origin} ${ws.origin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  // WebAssembly.instantiateStreaming insists on this exact type.
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.webm': 'video/webm',
  '.mp4': 'video/mp4',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export interface AppRequest {
  readonly url: string;
  readonly method: string;
}

export interface FileReader {
  /** Resolves to the file's bytes, or null if it does not exist or is not a regular file. */
  read(absolutePath: string): Promise<Uint8Array | null>;
}

export const diskReader: FileReader = {
  async read(absolutePath) {
    try {
      if (!(await stat(absolutePath)).isFile()) return null;
      return await readFile(absolutePath);
    } catch {
      return null;
    }
  },
};

export interface AppHandlerOptions {
  /** Absolute path of dist/renderer. */
  readonly root: string;
  /** Read per response: the core's port can change after a restart. */
  readonly csp: () => string;
  readonly reader?: FileReader;
}

/**
 * Maps an app://kiosk/... URL to a file under `root`, or null if it must not be served. Chromium
 * already collapses literal "../", but percent-encoded separators and dots survive URL parsing and
 * only turn into traversal after decoding, so the check happens on the decoded, resolved path.
 */
export function resolveAppPath(root: string, rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null; // malformed escapes
  }
  // Backslashes are separators on Windows; NUL truncates paths in some layers. Neither is in our build.
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  const fromRoot = path.relative(root, resolved);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return resolved;
}

function plain(status: number, csp: string): Response {
  return new Response(null, { status, headers: { 'Content-Security-Policy': csp } });
}

export function createAppHandler(options: AppHandlerOptions): (request: AppRequest) => Promise<Response> {
  const root = path.resolve(options.root);
  const reader = options.reader ?? diskReader;
  return async (request) => {
    const csp = options.csp();
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, csp);
    const filePath = resolveAppPath(root, request.url);
    if (filePath === null) return plain(403, csp);
    const body = await reader.read(filePath);
    if (body === null) return plain(404, csp);
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(filePath),
        'Content-Security-Policy': csp,
        // Our bytes are ours; never let a mislabelled file be sniffed into something executable.
        'X-Content-Type-Options': 'nosniff',
        // Rebuilt with every release; the kiosk must never run a stale bundle from cache.
        'Cache-Control': 'no-store',
      },
    });
  };
}

/** Installs the handler on the default session's protocol registry (after app 'ready'). */
export function handleAppProtocol(options: AppHandlerOptions): void {
  const handler = createAppHandler(options);
  protocol.handle(APP_SCHEME, (request) => handler(request));
}
