/**
 * In-memory Bridge for component tests and for developing screens without a core: records every
 * call, answers from per-command handlers, and lets the test push events and connection changes.
 */
import { err, ok, type Result } from '../../../domain/result';
import type { Bridge, ConnectionListener, ConnectionState, EventListener, Unsubscribe } from './bridge';
import type { ApiError, CommandInput, CommandName, CommandOutput, KioskConfig, KioskEvent, ReaderStatus } from './contract';

export interface RecordedCall {
  readonly name: CommandName;
  readonly input: unknown;
}

type Handler<N extends CommandName> = (input: CommandInput<N>) => Result<CommandOutput<N>, ApiError>;
type HandlerMap = { [N in CommandName]?: Handler<N> };

export const demoConfig: KioskConfig = {
  version: '0.1.0-test',
  locale: 'zh-CN',
  simulator: false,
  idleSeconds: 120,
  countdownSeconds: 30,
  technicianLongPressMs: 3000,
  stationName: '测试社区法律服务站',
  face: { threshold: 0.5, borderline: 0.6, maxAttempts: 3, cameraDeviceId: null },
  documentCameraDeviceId: null,
};

export const readyReader: ReaderStatus = {
  state: 'ready',
  port: 'sim',
  simulated: true,
  samId: '05.01-20240101-0000000001-0000000001',
  lastError: null,
};

export class MockBridge implements Bridge {
  readonly calls: RecordedCall[] = [];
  private readonly handlers: HandlerMap = {};
  private readonly eventListeners = new Set<EventListener>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private state: ConnectionState = 'connecting';

  constructor(config: Partial<KioskConfig> = {}) {
    const fullConfig = { ...demoConfig, ...config };
    this.handle('kiosk.config', () => ok(fullConfig));
    this.handle('session.get', () => ok({ session: null }));
    this.handle('device.status', () => ok({ reader: readyReader }));
    this.handle('session.end', () => ok({ ended: true }));
    this.handle('sim.catalogue', () => ok({ cards: [] }));
    const ready = { state: 'ready' as const, detail: null };
    // A complete answer: technician screens read nested fields (station, centre) unconditionally.
    this.handle('technician.status', () =>
      ok({
        version: '0.0.0-test',
        uptimeSeconds: 1,
        reader: readyReader,
        photoDecoder: 'simulator',
        sessionActive: false,
        centre: { url: null, kioskId: null },
        lastSyncAt: null,
        station: { stationName: fullConfig.stationName, regionCode: '440106' },
      }),
    );
    this.handle('technician.printing', () => ok({ printers: { receipt: ready, a4: ready }, recent: [], outbox: { pending: 0, oldestCreatedAt: null } }));
  }

  /** Sets how one command answers. Commands without a handler answer `{}`. */
  handle<N extends CommandName>(name: N, handler: Handler<N>): this {
    (this.handlers as Record<string, unknown>)[name] = handler;
    return this;
  }

  /** Makes one command fail with the given API error code. */
  fail(name: CommandName, code: ApiError['code'], message = code): this {
    (this.handlers as Record<string, unknown>)[name] = () => err({ code, message });
    return this;
  }

  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>, ApiError>> {
    this.calls.push({ name, input });
    const handler = this.handlers[name] as Handler<N> | undefined;
    const result = handler ? handler(input) : ok({} as CommandOutput<N>);
    return Promise.resolve(result);
  }

  callsOf(name: CommandName): unknown[] {
    return this.calls.filter((c) => c.name === name).map((c) => c.input);
  }

  onEvent(listener: EventListener): Unsubscribe {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onConnectionChange(listener: ConnectionListener): Unsubscribe {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  get connection(): ConnectionState {
    return this.state;
  }

  get listenerCount(): number {
    return this.eventListeners.size;
  }

  start(): void {}

  stop(): void {}

  emit(event: KioskEvent): void {
    for (const listener of [...this.eventListeners]) listener(event);
  }

  setConnection(state: ConnectionState): void {
    this.state = state;
    for (const listener of [...this.connectionListeners]) listener(state);
  }

  /** What a freshly connected core says first. */
  hello(reader: ReaderStatus = readyReader): void {
    this.setConnection('open');
    this.emit({ type: 'hello', bootId: 'boot-test', reader, session: null });
  }
}
