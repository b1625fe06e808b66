/**
 * The two consultation WebSockets (domain/consult/protocol.ts CONSULT_PATHS):
 *  - the kiosk's, authenticated on upgrade like every kiosk request (device-auth.ts: the signed
 *    headers over GET, the path and the empty body's hash; a revoked kiosk is refused);
 *  - the console's, authenticated by the session cookie (account-auth.ts), with the Origin equal to
 *    the centre's own (a cross-site page cannot open it with the lawyer's cookie). Any signed-in
 *    account may connect; only lawyers may act (the dispatcher answers `not_a_lawyer`).
 *
 * Frames: JSON text, at most MAX_FRAME_BYTES (a larger one closes the socket with 1009), a token
 * bucket per socket (an abusive socket is closed with 1008), and a socket with no frame for
 * HEARTBEAT_DEAD_MS is dropped (a TCP socket can stall silently after an outage).
 */
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { CONSULT_PATHS, HEARTBEAT_DEAD_MS, MAX_FRAME_BYTES } from '../../../domain/consult/protocol.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';
import { accountOf } from '../http/account-auth.ts';
import { kioskOf } from '../http/device-auth.ts';
import { createRateLimiter, type RateLimitOptions } from '../http/rate-limit.ts';
import type { CentreLogger } from '../logger.ts';
import { CLOSE_CODES, type Dispatcher, type KioskIdentity, type Link, type Session } from './dispatcher.ts';

export interface ConsultSocketOptions {
  readonly dispatcher: Dispatcher;
  readonly db: Kysely<CentreDatabase>;
  readonly now: () => number;
  readonly logger: CentreLogger;
  /** Default HEARTBEAT_DEAD_MS. */
  readonly deadAfterMs?: number;
  /** Frames per socket: a burst (ICE candidates come in dozens) and a steady rate. */
  readonly frameRate?: RateLimitOptions;
}

const DEFAULT_FRAME_RATE: RateLimitOptions = { capacity: 200, perSecond: 20 };

const stations = new WeakMap<FastifyRequest, KioskIdentity>();

export const installConsultSockets = async (app: FastifyInstance, options: ConsultSocketOptions): Promise<void> => {
  const { dispatcher, now } = options;
  const deadAfterMs = options.deadAfterMs ?? HEARTBEAT_DEAD_MS;
  const live = new Map<WebSocket, { lastFrameAt: number }>();

  // Before the plugin's own preClose (which closes every socket): a stopping dispatcher does not
  // read those closes as lost links and start grace timers.
  app.addHook('preClose', async () => {
    dispatcher.stop();
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  // An upgrade refused by an earlier hook (a bad signature, no session) is answered over HTTP, but the
  // plugin only drops the socket when its own hook ran: without this the connection would stay open
  // and hold up the server's close.
  app.addHook('onResponse', async (request) => {
    if (request.headers.upgrade?.toLowerCase() === 'websocket') request.raw.socket.destroy();
  });

  const sweep = setInterval(
    () => {
      const t = now();
      for (const [socket, state] of live) {
        // terminate(), not close(): a stalled peer would never answer the closing handshake.
        if (t - state.lastFrameAt > deadAfterMs) socket.terminate();
      }
    },
    Math.max(100, Math.min(1000, Math.floor(deadAfterMs / 3))),
  );
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
  });

  const failed = (error: unknown, where: string) =>
    options.logger('error', 'consult.socket_handler_failed', { where, error: error instanceof Error ? error.name : 'unknown' });

  const attach = <Out>(socket: WebSocket, open: (link: Link<Out>) => Session): void => {
    const state = { lastFrameAt: now() };
    live.set(socket, state);
    const limiter = createRateLimiter(options.frameRate ?? DEFAULT_FRAME_RATE, now, 1);
    const link: Link<Out> = {
      send(message) {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      },
      close(code, reason) {
        socket.close(code, reason);
      },
    };
    // Listeners first, before anything else can happen on the socket.
    let session: Session | null = null;
    socket.on('message', (data, isBinary) => {
      state.lastFrameAt = now();
      if (!limiter.take('frames')) {
        socket.close(CLOSE_CODES.rateLimited, 'rate limited');
        return;
      }
      let value: unknown;
      try {
        value = isBinary ? undefined : JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'));
      } catch {
        value = undefined;
      }
      try {
        session?.receive(value);
      } catch (error) {
        // A fault in the centre must cost one socket, not the process (and every other call).
        failed(error, 'receive');
        socket.close(1011, 'internal error');
      }
    });
    socket.on('close', () => {
      live.delete(socket);
      try {
        session?.closed();
      } catch (error) {
        failed(error, 'closed');
      }
    });
    session = open(link);
  };

  app.get(
    CONSULT_PATHS.kioskSocket,
    {
      websocket: true,
      config: { auth: 'kiosk' },
      // The station's name and region, for the lawyer's ring, read once per socket.
      preHandler: async (request) => {
        const kioskId = kioskOf(request);
        const row = await options.db.selectFrom('kiosks').select(['station_name', 'region_code']).where('id', '=', kioskId).executeTakeFirst();
        if (!row) throw new CentreHttpError(401, 'unauthorized', 'the request is not signed by an enrolled kiosk');
        stations.set(request, { kioskId, stationName: row.station_name, regionCode: row.region_code });
      },
    },
    (socket, request) => {
      const identity = stations.get(request);
      if (identity === undefined) {
        socket.close(1011, 'no identity');
        return;
      }
      attach(socket, (link) => dispatcher.kioskConnected(identity, link));
    },
  );

  app.get(
    CONSULT_PATHS.consoleSocket,
    {
      websocket: true,
      config: { auth: 'account' },
      // CSRF for sockets: browsers always send Origin on a WebSocket upgrade; it must be our own.
      preHandler: async (request) => {
        const own = `${request.protocol}://${request.host}`;
        if (request.headers.origin !== own) throw new CentreHttpError(403, 'forbidden', 'the console socket must be opened from the console');
      },
    },
    (socket, request) => {
      const account = accountOf(request);
      attach(socket, (link) => dispatcher.consoleConnected({ accountId: account.id, role: account.role }, link));
    },
  );
};
