/**
 * The kiosk's WebSocket to the centre for video consultations (domain/consult/protocol.ts).
 *
 * Opened only while a consultation is active, never idle: calls are always asked for by the kiosk,
 * so the centre never needs to reach an idle kiosk, and a fleet of kiosks then costs the centre no
 * sockets between calls. Whether a call is possible is answered by the centre's health probe.
 *
 * The upgrade is signed like every kiosk request (GET, the socket path, the time, the empty body's
 * hash). Every HEARTBEAT_MS the kiosk pings; a socket with no frame for HEARTBEAT_DEAD_MS is dead (a
 * TCP socket can stall for seconds after an outage): it is dropped and reconnected with backoff.
 * Frames from the centre are validated; invalid ones are dropped and logged by code only.
 */
import WebSocket from 'ws';
import { err, ok, type Result } from '../../../domain/result.ts';
import {
  CentreToKioskSchema,
  CONSULT_PATHS,
  HEARTBEAT_DEAD_MS,
  HEARTBEAT_MS,
  MAX_FRAME_BYTES,
  type CentreToKiosk,
  type KioskToCentre,
} from '../../../domain/consult/protocol.ts';
import type { Logger } from '../services/logger.ts';
import { backoffDelay, type BackoffPolicy } from '../upload/backoff.ts';

/** A call is waiting on the other end: retry quickly, but not in step with every other kiosk. */
export const RECONNECT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 8_000, floorMs: 200, permanentMs: 8_000 };
/** While the link is down, messages other than signals wait (at most this many) for it to return. */
const MAX_QUEUED = 50;

export type SignRequest = (pathWithQuery: string) => Result<Record<string, string>, { code: 'not_enrolled' }>;

export interface CentreSocketOptions {
  /** The enrolled centre's base URL (http or https). */
  baseUrl: string;
  sign: SignRequest;
  logger: Logger;
  random: () => number;
  /** Every centre message that passed validation (pongs excluded). */
  onMessage(message: CentreToKiosk): void;
  /** `online` after each (re)connect, with `reconnected` true from the second one on; `offline` when it drops, or once when the first connection fails. */
  onState(state: 'online' | 'offline', reconnected: boolean): void;
  heartbeatMs?: number;
  deadMs?: number;
  backoff?: BackoffPolicy;
  handshakeTimeoutMs?: number;
}

export interface CentreSocket {
  /** Starts connecting (and keeps reconnecting) until close(). */
  open(): void;
  /** Closes for good (no reconnect). */
  close(): void;
  /**
   * Sends now, or queues while the link is down. Signals are not queued: after a reconnect the
   * renderer restarts ICE, so old candidates are worthless. False when the message was dropped.
   */
  send(message: KioskToCentre): boolean;
  readonly online: boolean;
}

const socketUrl = (baseUrl: string): string => {
  const url = new URL(CONSULT_PATHS.kioskSocket, baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
};

/** Parses and validates one frame; the error says why it was dropped (a code, never its content). */
export const parseCentreFrame = (data: WebSocket.RawData, isBinary: boolean): Result<CentreToKiosk, { code: 'binary' | 'not_json' | 'invalid' }> => {
  if (isBinary) return err({ code: 'binary' });
  const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err({ code: 'not_json' });
  }
  const parsed = CentreToKioskSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err({ code: 'invalid' });
};

export const createCentreSocket = (opts: CentreSocketOptions): CentreSocket => {
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
  const deadMs = opts.deadMs ?? HEARTBEAT_DEAD_MS;
  const policy = opts.backoff ?? RECONNECT_BACKOFF;
  const { logger } = opts;

  let running = false;
  let socket: WebSocket | null = null;
  let online = false;
  let connectedBefore = false;
  /** The first connection failed and the caller was told (once): the renderer can say so at once. */
  let toldUnreachable = false;
  let attempts = 0;
  let lastFrameAt = 0;
  let heartbeat: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  const queue: KioskToCentre[] = [];

  const stopHeartbeat = () => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  };

  const scheduleReconnect = () => {
    if (!running || retry) return;
    attempts += 1;
    const delay = backoffDelay(attempts, opts.random, policy);
    logger.info('consult.link_retry', { attempts, retryInMs: delay });
    retry = setTimeout(() => {
      retry = null;
      connect();
    }, delay);
    retry.unref?.();
  };

  const dropped = (ws: WebSocket) => {
    if (socket !== ws) return;
    socket = null;
    stopHeartbeat();
    if (online) {
      online = false;
      opts.onState('offline', connectedBefore);
    } else if (!connectedBefore && !toldUnreachable && running) {
      toldUnreachable = true;
      opts.onState('offline', false);
    }
    scheduleReconnect();
  };

  const connect = () => {
    if (!running) return;
    const signed = opts.sign(CONSULT_PATHS.kioskSocket);
    if (!signed.ok) {
      logger.warn('consult.link_not_enrolled', {});
      running = false;
      return;
    }
    const ws = new WebSocket(socketUrl(opts.baseUrl), {
      headers: signed.value,
      maxPayload: MAX_FRAME_BYTES,
      handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000,
      perMessageDeflate: false,
    });
    socket = ws;
    // Attached before anything can arrive: a frame sent right after the upgrade is not lost.
    ws.on('message', (data, isBinary) => {
      if (socket !== ws) return;
      lastFrameAt = Date.now();
      const parsed = parseCentreFrame(data, isBinary);
      if (!parsed.ok) {
        logger.warn('consult.frame_dropped', { code: parsed.error.code });
        return;
      }
      if (parsed.value.type === 'pong') return;
      opts.onMessage(parsed.value);
    });
    ws.on('unexpected-response', (_req, res) => {
      // 401/403: not (or no longer) enrolled; 5xx: the centre is unwell. Either way: back off.
      logger.warn('consult.link_refused', { status: res.statusCode ?? 0 });
      ws.terminate();
      dropped(ws);
    });
    ws.on('error', (error) => {
      logger.info('consult.link_error', { code: (error as NodeJS.ErrnoException).code ?? error.name });
      dropped(ws);
    });
    ws.on('close', (code) => {
      logger.info('consult.link_closed', { code });
      dropped(ws);
    });
    ws.on('open', () => {
      if (socket !== ws) return;
      online = true;
      attempts = 0;
      lastFrameAt = Date.now();
      const reconnected = connectedBefore;
      connectedBefore = true;
      logger.info('consult.link_online', { reconnected });
      heartbeat = setInterval(() => {
        if (Date.now() - lastFrameAt > deadMs) {
          logger.warn('consult.link_dead', { silentMs: Date.now() - lastFrameAt });
          ws.terminate();
          dropped(ws);
          return;
        }
        ws.send(JSON.stringify({ type: 'ping' }));
      }, heartbeatMs);
      heartbeat.unref?.();
      // The state first: after a reconnect the caller sends `resume` before anything queued.
      opts.onState('online', reconnected);
      for (const message of queue.splice(0)) ws.send(JSON.stringify(message));
    });
  };

  return {
    open() {
      if (running) return;
      running = true;
      attempts = 0;
      connect();
    },
    close() {
      running = false;
      if (retry) clearTimeout(retry);
      retry = null;
      stopHeartbeat();
      queue.length = 0;
      const ws = socket;
      socket = null;
      online = false;
      connectedBefore = false;
      toldUnreachable = false;
      if (ws) {
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else ws.close(1000, 'done');
      }
    },
    send(message) {
      if (online && socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(message));
        return true;
      }
      if (!running || message.type === 'signal' || message.type === 'ping' || queue.length >= MAX_QUEUED) return false;
      queue.push(message);
      return true;
    },
    get online() {
      return online;
    },
  };
};
