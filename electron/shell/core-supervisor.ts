// Starts the kiosk core (a plain Node service) and keeps it alive. The logic is written against a
// tiny spawner interface so it is tested with fake processes; the Electron utilityProcess adapter
// is the last function in this file.
//
// Policy:
// - ready = the core printed `KIOSK_CORE_READY {"apiBase": ...}` within readyTimeoutMs; otherwise it
//   is killed and counted as a crash.
// - any exit we did not ask for is a crash: restart after an exponential backoff (reset once the
//   core is ready again), unless there were maxCrashesPerMinute crashes in the last 60 s; then give
//   up and let the caller decide (the shell exits non-zero so the OS service manager takes over).
// - after the first start the port is pinned, so a restarted core comes back where the renderer and
//   the CSP expect it.
// The supervisor's own log lines carry only events, exit codes and counts. The core's output is
// handed, untouched, to forwardOutput: stderr is the core's JSON log (kept free of personal data by
// the core), stdout is protocol lines; the composition root decides what to keep.
import { createInterface } from 'node:readline';
import { utilityProcess } from 'electron';
import { normaliseApiBase } from './host-args.ts';

export interface CoreChild {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  onExit(listener: (code: number) => void): void;
  kill(): void;
  /** Messages from the core over its parent port (a utility process has one; fakes may not). */
  onMessage?(listener: (message: unknown) => void): void;
  postMessage?(message: unknown): void;
}

export type SpawnCore = (env: Readonly<Record<string, string>>) => CoreChild;

export interface CoreSupervisorOptions {
  readonly spawn: SpawnCore;
  /** Complete environment for the core, including the KIOSK_* variables. */
  readonly env: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  readonly maxCrashesPerMinute?: number;
  readonly stopTimeoutMs?: number;
  readonly log?: (message: string) => void;
  /** Receives the core's output lines other than the ready line. */
  readonly forwardOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called on every transition to ready, including after restarts. */
  readonly onReady?: (apiBase: string) => void;
  readonly onGiveUp?: () => void;
  /** Requests the core sends the shell (e.g. render a PDF); `reply` answers the same core process. */
  readonly onCoreMessage?: (message: unknown, reply: (answer: unknown) => void) => void;
}

export interface CoreSupervisor {
  /** Resolves with the core's apiBase once first ready; rejects if it gives up or is stopped first. */
  start(): Promise<string>;
  /** Stops supervising and terminates the core (SIGTERM, so it can close its database). */
  stop(): Promise<void>;
}

const READY_PREFIX = 'KIOSK_CORE_READY ';

/** Parses the core's ready line; null for any other line or a non-loopback apiBase. */
export function parseReadyLine(line: string): string | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith(READY_PREFIX)) return null;
  try {
    const payload: unknown = JSON.parse(trimmed.slice(READY_PREFIX.length));
    if (typeof payload !== 'object' || payload === null || !('apiBase' in payload)) return null;
    return typeof payload.apiBase === 'string' ? normaliseApiBase(payload.apiBase) : null;
  } catch {
    return null;
  }
}

type State = 'idle' | 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped' | 'failed';

export function createCoreSupervisor(options: CoreSupervisorOptions): CoreSupervisor {
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const initialBackoffMs = options.initialBackoffMs ?? 500;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const maxCrashesPerMinute = options.maxCrashesPerMinute ?? 5;
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const log = options.log ?? ((message: string) => console.log(message));

  let state: State = 'idle';
  let child: CoreChild | null = null;
  let pinnedPort: string | null = null;
  let consecutiveFailures = 0;
  let crashTimes: number[] = [];
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let onChildExit: (() => void) | undefined;
  let firstReady: { resolve(apiBase: string): void; reject(error: Error): void } | undefined;

  function settleFirst(result: { apiBase: string } | { error: Error }): void {
    if (firstReady === undefined) return;
    if ('apiBase' in result) firstReady.resolve(result.apiBase);
    else firstReady.reject(result.error);
    firstReady = undefined;
  }

  function forwardLines(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
    // Always consume both pipes: an unread pipe fills up and blocks the core's writes.
    if (stream !== null) createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
  }

  function spawnOnce(): void {
    state = 'starting';
    const env = pinnedPort === null ? options.env : { ...options.env, KIOSK_API_PORT: pinnedPort };
    let proc: CoreChild;
    try {
      proc = options.spawn(env);
    } catch {
      log('core: spawn failed');
      onCrash();
      return;
    }
    child = proc;
    forwardLines(proc.stdout, (line) => {
      const apiBase = parseReadyLine(line);
      if (apiBase === null) options.forwardOutput?.(line, 'stdout');
      else if (child === proc && state === 'starting') onChildReady(apiBase);
    });
    forwardLines(proc.stderr, (line) => options.forwardOutput?.(line, 'stderr'));
    const onCoreMessage = options.onCoreMessage;
    if (onCoreMessage) proc.onMessage?.((message) => onCoreMessage(message, (answer) => proc.postMessage?.(answer)));
    readyTimer = setTimeout(() => {
      if (child !== proc || state !== 'starting') return;
      log(`core: not ready within ${readyTimeoutMs} ms, terminating it`);
      proc.kill(); // its exit is then handled as a crash
    }, readyTimeoutMs);
    proc.onExit((code) => {
      if (child !== proc) return;
      clearTimeout(readyTimer);
      child = null;
      onChildExit?.();
      if (state === 'stopping' || state === 'stopped') return;
      log(`core: exited unexpectedly with code ${code}`);
      onCrash();
    });
  }

  function onChildReady(apiBase: string): void {
    clearTimeout(readyTimer);
    state = 'running';
    consecutiveFailures = 0;
    pinnedPort = new URL(apiBase).port;
    log('core: ready');
    options.onReady?.(apiBase);
    settleFirst({ apiBase });
  }

  function onCrash(): void {
    const now = Date.now();
    crashTimes = [...crashTimes.filter((t) => now - t < 60_000), now];
    if (crashTimes.length >= maxCrashesPerMinute) {
      state = 'failed';
      log(`core: ${crashTimes.length} crashes within a minute, giving up`);
      options.onGiveUp?.();
      settleFirst({ error: new Error('kiosk core keeps crashing; supervisor gave up') });
      return;
    }
    consecutiveFailures += 1;
    const delay = Math.min(initialBackoffMs * 2 ** (consecutiveFailures - 1), maxBackoffMs);
    state = 'backoff';
    log(`core: restart ${consecutiveFailures} in ${delay} ms`);
    restartTimer = setTimeout(spawnOnce, delay);
  }

  return {
    start() {
      if (state !== 'idle') return Promise.reject(new Error(`core supervisor already ${state}`));
      const promise = new Promise<string>((resolve, reject) => {
        firstReady = { resolve, reject };
      });
      spawnOnce();
      return promise;
    },

    async stop() {
      if (state === 'stopped' || state === 'stopping') return;
      state = 'stopping';
      clearTimeout(readyTimer);
      clearTimeout(restartTimer);
      settleFirst({ error: new Error('kiosk core supervisor stopped') });
      const proc = child;
      if (proc !== null) {
        await new Promise<void>((resolve) => {
          // A core that ignores SIGTERM must not hold the shell's quit forever.
          const timer = setTimeout(resolve, stopTimeoutMs);
          onChildExit = () => {
            clearTimeout(timer);
            resolve();
          };
          proc.kill();
        });
      }
      state = 'stopped';
      log('core: stopped');
    },
  };
}

/** The production spawner: the core runs in an Electron utility process (a Node environment). */
export function utilityProcessSpawner(modulePath: string): SpawnCore {
  return (env) => {
    const proc = utilityProcess.fork(modulePath, [], { env: { ...env }, stdio: 'pipe', serviceName: 'kiosk-core' });
    // Only the error type: the attached diagnostic report includes the environment (the secret).
    proc.on('error', (type) => console.error(`core: utility process reported ${type}`));
    return {
      stdout: proc.stdout,
      stderr: proc.stderr,
      onExit: (listener) => proc.once('exit', listener),
      kill: () => {
        proc.kill();
      },
      onMessage: (listener) => proc.on('message', listener),
      postMessage: (message) => proc.postMessage(message),
    };
  };
}
