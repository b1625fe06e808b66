/**
 * Bridge over the core's loopback HTTP + WebSocket API.
 *
 * Commands: POST {apiBase}/api/cmd/<name>, bearer secret, `{ok,value}` / `{ok:false,error}` envelope.
 * Events: WebSocket {apiBase as ws:}/api/events; first frame authenticates, the core answers with a
 * `hello` (current reader + session) and then pushes events. Every incoming event is validated with
 * the contract's schema and dropped if it does not match: a garbled frame must never reach the UI.
 *
 * Liveness: a kiosk may sit untouched for hours, so a half-open socket would go unnoticed. We send a
 * ping every ~10 s; any frame received after it (a pong or an event) proves the core is alive. No
 * frame within the pong window, a close or an error marks the channel lost and starts reconnecting
 * with capped exponential backoff; each reconnect authenticates again and the hello resynchronises.
 */
import { err, ok, type Result } from '../../../domain/result';
import { systemClock, type Clock, type TimerHandle } from '../time/clock';
import type { Bridge, ConnectionListener, ConnectionState, EventListener, Unsubscribe } from './bridge';
import {
  ApiErrorSchema,
  KioskEventSchema,
  commands,
  type ApiError,
  type CommandInput,
  type CommandName,
  type CommandOutput,
} from './contract';

/** The subset of the browser WebSocket the bridge uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export interface HttpBridgeOptions {
  apiBase: string;
  secret: string;
  fetch?: typeof fetch;
  createSocket?: SocketFactory;
  clock?: Clock;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** How long after opening the socket the hello must arrive. */
  helloTimeoutMs?: number;
  requestTimeoutMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
}

const OPEN = 1;

export class HttpBridge implements Bridge {
  private readonly base: string;
  private readonly secret: string;
  private readonly fetchFn: typeof fetch;
  private readonly createSocket: SocketFactory;
  private readonly clock: Clock;
  private readonly pingIntervalMs: number;
  private readonly pongTimeoutMs: number;
  private readonly helloTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;

  private readonly eventListeners = new Set<EventListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private state: ConnectionState = 'connecting';
  private socket: SocketLike | null = null;
  private started = false;
  private attempt = 0;
  private lastFrameAt = 0;
  private pingTimer: TimerHandle | null = null;
  private pongTimer: TimerHandle | null = null;
  private helloTimer: TimerHandle | null = null;
  private reconnectTimer: TimerHandle | null = null;

  constructor(options: HttpBridgeOptions) {
    this.base = options.apiBase.replace(/\/+$/, '');
    this.secret = options.secret;
    this.fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url));
    this.clock = options.clock ?? systemClock;
    this.pingIntervalMs = options.pingIntervalMs ?? 10_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 5_000;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 5_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.backoffInitialMs = options.backoffInitialMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 10_000;
  }

  get connection(): ConnectionState {
    return this.state;
  }

  async call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>, ApiError>> {
    const abort = new AbortController();
    const timer = this.clock.setTimeout(() => abort.abort(), this.requestTimeoutMs);
    let status = 0;
    let body: unknown;
    try {
      const response = await this.fetchFn(`${this.base}/api/cmd/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.secret}` },
        body: JSON.stringify(input),
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        signal: abort.signal,
      });
      status = response.status;
      body = await response.json();
    } catch {
      return err({ code: 'internal', message: status === 0 ? 'core_unreachable' : 'bad_response' });
    } finally {
      this.clock.clearTimeout(timer);
    }
    if (isRecord(body) && body['ok'] === true) {
      const parsed = commands[name].output.safeParse(body['value']);
      if (parsed.success) return ok(parsed.data as CommandOutput<N>);
      return err({ code: 'internal', message: 'bad_response' });
    }
    if (isRecord(body) && body['ok'] === false) {
      const parsed = ApiErrorSchema.safeParse(body['error']);
      if (parsed.success) return err(parsed.data);
    }
    return err({ code: 'internal', message: `http_${status}` });
  }

  onEvent(listener: EventListener): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onConnectionChange(listener: ConnectionListener): Unsubscribe {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.connect();
  }

  stop(): void {
    this.started = false;
    this.clearTimers();
    this.dropSocket();
  }

  private connect(): void {
    this.reconnectTimer = null;
    if (!this.started) return;
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.eventsUrl());
    } catch {
      this.lose();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      socket.send(JSON.stringify({ type: 'auth', secret: this.secret }));
      this.helloTimer = this.clock.setTimeout(() => this.lose(), this.helloTimeoutMs);
    };
    socket.onmessage = (ev) => {
      if (socket === this.socket) this.receive(ev.data);
    };
    socket.onclose = () => {
      if (socket === this.socket) this.lose();
    };
    socket.onerror = () => {
      if (socket === this.socket) this.lose();
    };
  }

  private receive(data: unknown): void {
    this.lastFrameAt = this.clock.now();
    if (typeof data !== 'string') return;
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      console.warn('[bridge] dropped an event frame that is not JSON');
      return;
    }
    if (isRecord(raw) && raw['type'] === 'pong') return;
    const parsed = KioskEventSchema.safeParse(raw);
    if (!parsed.success) {
      // Never log the payload itself: it may carry a citizen's data.
      console.warn('[bridge] dropped an event that does not match the contract');
      return;
    }
    const event = parsed.data;
    if (event.type === 'hello') this.onHello();
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch (e) {
        console.error('[bridge] event listener failed', e instanceof Error ? e.name : 'unknown');
      }
    }
  }

  private onHello(): void {
    if (this.helloTimer !== null) this.clock.clearTimeout(this.helloTimer);
    this.helloTimer = null;
    this.attempt = 0;
    this.setState('open');
    if (this.pingTimer === null) this.pingTimer = this.clock.setInterval(() => this.ping(), this.pingIntervalMs);
  }

  private ping(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    const sentAt = this.clock.now();
    try {
      socket.send(JSON.stringify({ type: 'ping' }));
    } catch {
      this.lose();
      return;
    }
    if (this.pongTimer !== null) this.clock.clearTimeout(this.pongTimer);
    this.pongTimer = this.clock.setTimeout(() => {
      this.pongTimer = null;
      if (this.lastFrameAt < sentAt) this.lose();
    }, this.pongTimeoutMs);
  }

  /** The channel is gone (close, error, silent peer): mark lost and schedule a fresh connection. */
  private lose(): void {
    this.clearTimers();
    this.dropSocket();
    this.setState('lost');
    if (!this.started) return;
    const delay = Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** this.attempt);
    this.attempt += 1;
    this.reconnectTimer = this.clock.setTimeout(() => this.connect(), delay);
  }

  private dropSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    try {
      socket.close();
    } catch {
      // Already closed: nothing to do.
    }
  }

  private clearTimers(): void {
    for (const t of [this.helloTimer, this.pongTimer, this.reconnectTimer]) if (t !== null) this.clock.clearTimeout(t);
    if (this.pingTimer !== null) this.clock.clearInterval(this.pingTimer);
    this.helloTimer = this.pongTimer = this.reconnectTimer = this.pingTimer = null;
  }

  private setState(next: ConnectionState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of [...this.connectionListeners]) listener(next);
  }

  private eventsUrl(): string {
    return `${this.base.replace(/^http(s?):/i, 'ws$1:')}/api/events`;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
