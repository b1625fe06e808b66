/**
 * The lawyer's consultation socket (CONSULT_PATHS.consoleSocket): one WebSocket to the centre that
 * survives outages.
 *
 * - Handlers are attached in the same tick the socket is made, before anything awaits, so no frame
 *   the centre sends right after the upgrade is lost (subsystems.md, "Video consultation").
 * - An application-level heartbeat: a ping (and the wanted presence) every HEARTBEAT_MS; a socket
 *   that brought no frame for HEARTBEAT_DEAD_MS is treated as dead even if TCP still says open
 *   (a stalled TCP socket can sit for a long time after an outage), closed, and replaced.
 * - Reconnects with growing, jittered delays; after each (re)connect the owner is told, so it can
 *   send `resume` for a call in progress.
 * - Every frame in is parsed with CentreToConsoleSchema and every frame out with
 *   ConsoleToCentreSchema: a message the contract does not allow is never acted on nor sent.
 *
 * No Vue here: the desk store wraps it, and unit tests drive it with fake timers and a fake socket.
 */
import {
  CentreToConsoleSchema,
  ConsoleToCentreSchema,
  HEARTBEAT_DEAD_MS,
  HEARTBEAT_MS,
  MAX_FRAME_BYTES,
  type CentreToConsole,
  type ConsoleToCentre,
} from '../../../../domain/consult/protocol.ts';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** The part of the browser's WebSocket this client uses (a fake in unit tests). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface ConsultSocketOptions {
  readonly url: string;
  readonly createSocket?: (url: string) => SocketLike;
  readonly onMessage: (message: CentreToConsole) => void;
  readonly onState: (state: ConnectionState) => void;
  /** After every successful (re)connect; `again` is false the first time. */
  readonly onOpen?: (again: boolean) => void;
  /** The frames to send on each heartbeat besides the ping (the presence heartbeat). */
  readonly heartbeatFrames?: () => readonly ConsoleToCentre[];
  /** Tests only. */
  readonly random?: () => number;
  readonly now?: () => number;
}

const OPEN = 1;
/** Reconnect delays: 0.5 s doubling to 10 s, each with up to 30 % jitter so a centre restart is not hit by every console at once. */
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 10_000;

export const reconnectDelayMs = (attempt: number, random: () => number = Math.random): number => {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + 0.3 * random()));
};

export class ConsultSocket {
  private socket: SocketLike | null = null;
  private state: ConnectionState = 'connecting';
  private attempt = 0;
  private openedBefore = false;
  private lastFrameAt = 0;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly createSocket: (url: string) => SocketLike;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(private readonly options: ConsultSocketOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get connection(): ConnectionState {
    return this.state;
  }

  start(): void {
    if (this.socket || this.retry) return;
    this.state = 'connecting';
    this.options.onState(this.state);
    this.connect();
  }

  /** Closes for good (leaving the desk page, signing out). */
  stop(): void {
    this.setState('stopped');
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      this.detach(socket);
      socket.close(1000, 'bye');
    }
  }

  /** Sends one message if the socket is open; false when it is not (or the message breaks the contract). */
  send(message: ConsoleToCentre): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN || this.state !== 'open') return false;
    const parsed = ConsoleToCentreSchema.safeParse(message);
    if (!parsed.success) return false;
    const text = JSON.stringify(parsed.data);
    if (text.length > MAX_FRAME_BYTES) return false;
    try {
      socket.send(text);
      return true;
    } catch {
      return false;
    }
  }

  private connect(): void {
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    // Attached before anything else can run: the centre's hello arrives right after the upgrade.
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.lastFrameAt = this.now();
      this.setState('open');
      this.startHeartbeat();
      const again = this.openedBefore;
      this.openedBefore = true;
      this.options.onOpen?.(again);
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastFrameAt = this.now();
      const message = parseFrame(event.data);
      if (message) this.options.onMessage(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.lost();
    };
    socket.onerror = () => {
      // A close event follows an error; the reconnect happens there.
    };
  }

  private startHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  private beat(): void {
    if (this.now() - this.lastFrameAt >= HEARTBEAT_DEAD_MS) {
      // Silent for three beats: the link is dead even if the socket does not know it yet.
      const socket = this.socket;
      if (socket) {
        this.detach(socket);
        try {
          socket.close(4000, 'heartbeat timeout');
        } catch {
          // already closing
        }
      }
      this.lost();
      return;
    }
    this.send({ type: 'ping' });
    for (const frame of this.options.heartbeatFrames?.() ?? []) this.send(frame);
  }

  private lost(): void {
    this.socket = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    if (this.state === 'stopped') return;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.setState('reconnecting');
    const delay = reconnectDelayMs(this.attempt, this.random);
    this.attempt += 1;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.state !== 'stopped') this.connect();
    }, delay);
  }

  private detach(socket: SocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = null;
  }

  private clearTimers(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.retry) clearTimeout(this.retry);
    this.heartbeat = null;
    this.retry = null;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(state);
  }
}

/** One text frame as a contract message, or null (binary, oversized, not JSON, not allowed). */
export const parseFrame = (data: unknown): CentreToConsole | null => {
  if (typeof data !== 'string' || data.length > MAX_FRAME_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = CentreToConsoleSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
};

/** ws(s)://<this host><path>: the console socket is always on the page's own origin. */
export const socketUrl = (location: { protocol: string; host: string }, path: string): string =>
  `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
