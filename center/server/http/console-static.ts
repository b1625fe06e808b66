/**
 * Serves the staff console (center/console, built by Vite into center/console/dist) at /console/.
 *
 * - Files come from the build with a strict CSP: the console has no inline script or style and loads
 *   nothing from elsewhere, so a hostile application text that slipped into the DOM could not run.
 * - Any other /console/* path without a file extension is a client-side route: index.html answers.
 * - When the console has not been built the centre still runs and says so, instead of crashing.
 * - `/` leads to the console.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const CONSOLE_PREFIX = '/console/';

export const CONSOLE_CSP = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const DEFAULT_DIST_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>工作台尚未构建</title></head>
<body><h1>工作台尚未构建</h1><p>The staff console has not been built. Run <code>npm run build</code> (or <code>npm start</code>), then reload.</p></body></html>`;

const securityHeaders = (reply: FastifyReply) =>
  reply
    .header('content-security-policy', CONSOLE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');

export interface ConsoleStaticOptions {
  /** The Vite build output; defaults to center/console/dist beside this source tree. */
  readonly distDir?: string;
}

export const installConsoleStatic = async (app: FastifyInstance, options: ConsoleStaticOptions = {}): Promise<void> => {
  const distDir = options.distDir ?? DEFAULT_DIST_DIR;
  const indexFile = join(distDir, 'index.html');

  app.get('/', { config: { auth: 'none' } }, (_request, reply) => reply.redirect(CONSOLE_PREFIX, 302));
  app.get('/console', { config: { auth: 'none' } }, (_request, reply) => reply.redirect(CONSOLE_PREFIX, 301));

  await app.register(
    async (scope) => {
      scope.addHook('onSend', async (_request, reply, payload) => {
        securityHeaders(reply);
        return payload;
      });
      await scope.register(fastifyStatic, {
        root: distDir,
        // index.html is answered below, so the SPA fallback and the root share one code path.
        index: false,
        // Hashed asset names change with every build: they may be cached for good; index.html never.
        cacheControl: false,
        setHeaders: (res, path) => {
          res.setHeader('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
      const sendIndex = (reply: FastifyReply) => {
        if (!existsSync(indexFile)) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      };
      scope.get('/', { config: { auth: 'none' } }, (_request, reply) => sendIndex(reply));
      scope.setNotFoundHandler((request, reply) => {
        const path = request.url.split('?')[0] ?? '';
        // A missing asset is a 404; a route of the single-page app gets the page itself.
        if (request.method !== 'GET' || /\.[a-z0-9]+$/i.test(path)) return reply.code(404).type('text/plain; charset=utf-8').send('not found');
        return sendIndex(reply);
      });
    },
    { prefix: CONSOLE_PREFIX },
  );
};
