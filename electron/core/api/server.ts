import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { EventHub } from '../services/event-hub.ts';
import type { Logger } from '../services/logger.ts';
import { sameSecret } from '../services/technician.ts';
import type { Result } from '../../../domain/result.ts';
import type { CommandHandlers } from './handlers.ts';
import {
  ClientMessageSchema,
  COMMAND_BODY_LIMITS,
  commands,
  isCommandName,
  type ApiError,
  type KioskEvent,
  type ReaderStatus,
  type SessionView,
} from './contract.ts';

export interface ApiServerOptions {
  readonly secret: string;
  readonly handlers: CommandHandlers;
  readonly events: EventHub;
  readonly hello: () => { reader: ReaderStatus; session: SessionView | null };
  /** Built renderer to serve for the browser kiosk; null when only the API is wanted. */
  readonly rendererDir: string | null;
  /** Origins besides the server's own that may call the API (the Electron window's app://kiosk). */
  readonly allowedOrigins: readonly string[];
  readonly logger: Logger;
  readonly port: number;
}

export interface ApiServer {
  readonly apiBase: string;
  readonly bootId: string;
  close(): Promise<void>;
}

const COMMAND_BODY_LIMIT = 16 * 1024;
const WS_AUTH_TIMEOUT_MS = 3000;
const WS_MAX_MESSAGE = 4 * 1024;
const WS_HEARTBEAT_MS = 15_000;

/** The kiosk page's CSP when served by the core (browser kiosk mode); Electron sets its own. */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const apiError = (reply: FastifyReply, status: number, error: ApiError) => reply.code(status).send({ ok: false, error });

/**
 * The core's loopback API: commands over HTTP, events over a WebSocket, and (in browser kiosk mode)
 * the renderer's static files. Every request is checked for host, origin and the per-boot secret
 * before any handler sees it; every input is validated against the contract.
 */
export const startApiServer = async (opts: ApiServerOptions): Promise<ApiServer> => {
  const bootId = randomUUID();
  const app: FastifyInstance = Fastify({ logger: false, bodyLimit: COMMAND_BODY_LIMIT, return503OnClosing: true });
  let selfOrigins: string[] = [];
  const sockets = new Set<WebSocket>();

  const hasSecret = (request: FastifyRequest) => {
    const header = request.headers.authorization ?? '';
    return header.startsWith('Bearer ') && sameSecret(header.slice(7), opts.secret);
  };
  const originAllowed = (origin: string | undefined) =>
    origin === undefined || selfOrigins.includes(origin) || opts.allowedOrigins.includes(origin);

  // DNS-rebinding guard: a page on some other name resolving to 127.0.0.1 must not reach us.
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host ?? '';
    if (!selfOrigins.some((o) => o.endsWith(`//${host}`))) {
      return apiError(reply, 403, { code: 'unauthorized', message: 'unexpected Host header' });
    }
    if (!request.url.startsWith('/api/')) return;
    const origin = request.headers.origin;
    if (!originAllowed(origin)) return apiError(reply, 403, { code: 'unauthorized', message: 'origin not allowed' });
    if (origin && !selfOrigins.includes(origin)) {
      reply.header('Access-Control-Allow-Origin', origin);
      reply.header('Vary', 'Origin');
    }
    if (request.method === 'OPTIONS') {
      return reply
        .code(204)
        .header('Access-Control-Allow-Methods', 'POST, GET')
        .header('Access-Control-Allow-Headers', 'authorization, content-type')
        .header('Access-Control-Max-Age', '600')
        .send();
    }
    // The WebSocket authenticates with its first message (browsers cannot set headers on it).
    if (request.url === '/api/events') return;
    if (!hasSecret(request)) return apiError(reply, 401, { code: 'unauthorized', message: 'missing or wrong secret' });
  });

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Cache-Control', 'no-store');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html')) {
      reply.header('Content-Security-Policy', RENDERER_CSP);
      reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    }
    return payload;
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; name?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      opts.logger.error('api.internal_error', { name: error.name ?? 'unknown' });
      return apiError(reply, 500, { code: 'internal', message: 'internal error' });
    }
    // Malformed JSON, oversized bodies, wrong content types: the caller's fault, said plainly.
    return apiError(reply, status, { code: 'invalid_input', message: error.code ?? 'bad request' });
  });

  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith('/api/')
      ? apiError(reply, 404, { code: 'unknown_command', message: 'no such endpoint' })
      : reply.code(404).type('text/plain').send('not found'),
  );

  await app.register(fastifyWebsocket, { options: { maxPayload: WS_MAX_MESSAGE } });

  // The route accepts the largest body any command may send; each command's own limit is checked
  // from Content-Length before a byte is parsed, so a 6 MB body to `session.get` is refused early.
  const largestBody = Math.max(COMMAND_BODY_LIMIT, ...Object.values(COMMAND_BODY_LIMITS));
  app.post<{ Params: { name: string } }>('/api/cmd/:name', {
    bodyLimit: largestBody,
    preParsing: async (request, reply) => {
      const name = (request.params as { name?: string }).name ?? '';
      const limit = (isCommandName(name) ? COMMAND_BODY_LIMITS[name] : undefined) ?? COMMAND_BODY_LIMIT;
      const declared = Number(request.headers['content-length'] ?? NaN);
      if (!Number.isFinite(declared) || declared > limit) {
        return apiError(reply, 413, { code: 'invalid_input', message: 'body too large or without a length' });
      }
    },
  }, async (request, reply) => {
    const { name } = request.params;
    if (!isCommandName(name)) return apiError(reply, 404, { code: 'unknown_command', message: 'unknown command' });
    const parsed = commands[name].input.safeParse(request.body ?? {});
    if (!parsed.success) {
      // Field paths only: the rejected values may be personal and must not be echoed or logged.
      const where = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
      return apiError(reply, 400, { code: 'invalid_input', message: `invalid input at: ${where}` });
    }
    // The schema lookup and the handler lookup use the same name, so the pairing is sound even
    // though TypeScript cannot follow a correlated union through the index.
    const handler = opts.handlers[name] as (input: unknown) => Promise<Result<unknown, ApiError>> | Result<unknown, ApiError>;
    const result = await handler(parsed.data);
    if (result.ok) return reply.send(result);
    const status = { unauthorized: 401, technician_required: 401, wrong_pin: 403, locked_out: 429, not_available: 404, no_session: 409, disk_full: 507, storage_error: 500 }[
      result.error.code as string
    ];
    return apiError(reply, status ?? 400, result.error);
  });

  app.get<{ Querystring: { gc?: string } }>('/api/health', async (request) => {
    // Benchmarks run the core with --expose-gc and ask for a collection before measuring.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (request.query.gc === '1' && gc) gc();
    const memory = process.memoryUsage();
    const { reader, session } = opts.hello();
    return {
      ok: true,
      value: {
        bootId,
        uptimeSeconds: Math.round(process.uptime()),
        reader,
        sessionActive: session !== null,
        eventClients: sockets.size,
        memory: { rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external },
      },
    };
  });

  app.get('/api/events', { websocket: true }, (socket: WebSocket, request) => {
    if (!originAllowed(request.headers.origin)) {
      socket.close(4403, 'origin');
      return;
    }
    let unsubscribe: (() => void) | null = null;
    let alive = true;
    const send = (event: KioskEvent) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    };
    const authTimer = setTimeout(() => socket.close(4401, 'auth timeout'), WS_AUTH_TIMEOUT_MS);

    socket.on('message', (raw, isBinary) => {
      let message: unknown;
      try {
        message = isBinary ? null : JSON.parse(String(raw));
      } catch {
        message = null;
      }
      const parsed = ClientMessageSchema.safeParse(message);
      if (!parsed.success) {
        socket.close(4400, 'bad message');
        return;
      }
      if (parsed.data.type === 'auth') {
        if (unsubscribe) return;
        if (!sameSecret(parsed.data.secret, opts.secret)) {
          socket.close(4401, 'unauthorized');
          return;
        }
        clearTimeout(authTimer);
        sockets.add(socket);
        send({ type: 'hello', bootId, ...opts.hello() });
        unsubscribe = opts.events.subscribe(send);
        return;
      }
      if (!unsubscribe) {
        socket.close(4401, 'unauthorized');
        return;
      }
      send({ type: 'pong' });
    });
    socket.on('pong', () => {
      alive = true;
    });
    const heartbeat = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, WS_HEARTBEAT_MS);
    socket.on('close', () => {
      clearTimeout(authTimer);
      clearInterval(heartbeat);
      unsubscribe?.();
      sockets.delete(socket);
    });
    socket.on('error', () => socket.terminate());
  });

  if (opts.rendererDir) {
    await app.register(fastifyStatic, { root: opts.rendererDir, index: 'index.html', cacheControl: false });
  }

  const address = await app.listen({ host: '127.0.0.1', port: opts.port });
  const port = new URL(address).port;
  selfOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  return {
    apiBase: `http://127.0.0.1:${port}`,
    bootId,
    close: async () => {
      for (const socket of sockets) socket.close(1001, 'shutdown');
      await app.close();
    },
  };
};
