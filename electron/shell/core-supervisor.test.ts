import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ utilityProcess: { fork: vi.fn() } }));
vi.mock('electron', () => electron);

const { createCoreSupervisor, parseReadyLine, utilityProcessSpawner } = await import('./core-supervisor.ts');
type Options = Parameters<typeof createCoreSupervisor>[0];

/** A fake core process: the test writes its stdout and decides when it exits. */
class FakeCore {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly exits = new EventEmitter();
  killed = false;
  readonly posted: unknown[] = [];
  private messageListener: ((message: unknown) => void) | null = null;
  constructor(readonly env: Readonly<Record<string, string>>) {}
  onMessage(listener: (message: unknown) => void): void {
    this.messageListener = listener;
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  send(message: unknown): void {
    this.messageListener?.(message);
  }
  onExit(listener: (code: number) => void): void {
    this.exits.once('exit', listener);
  }
  kill(): void {
    this.killed = true;
    setTimeout(() => this.exit(143), 1);
  }
  ready(port: number): void {
    this.stdout.write(`KIOSK_CORE_READY {"apiBase":"http://127.0.0.1:${port}"}\n`);
  }
  exit(code: number): void {
    this.exits.emit('exit', code);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

function setup(overrides: Partial<Options> = {}) {
  const cores: FakeCore[] = [];
  const logs: string[] = [];
  const onReady = vi.fn();
  const onGiveUp = vi.fn();
  const supervisor = createCoreSupervisor({
    spawn: (env) => {
      const core = new FakeCore(env);
      cores.push(core);
      return core;
    },
    env: { KIOSK_API_SECRET: 'ab'.repeat(32), KIOSK_API_PORT: '0' },
    readyTimeoutMs: 200,
    initialBackoffMs: 5,
    maxBackoffMs: 40,
    maxCrashesPerMinute: 4,
    stopTimeoutMs: 100,
    log: (m) => logs.push(m),
    onReady,
    onGiveUp,
    ...overrides,
  });
  running.push(supervisor);
  return { supervisor, cores, logs, onReady, onGiveUp };
}

async function until(predicate: () => boolean, ms = 1_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(2);
  }
}

describe('parseReadyLine', () => {
  it('reads the loopback api base', () => {
    expect(parseReadyLine('KIOSK_CORE_READY {"apiBase":"http://127.0.0.1:4312"}\r')).toBe('http://127.0.0.1:4312');
  });
  it.each([
    'listening on 4312',
    'KIOSK_CORE_READY not-json',
    'KIOSK_CORE_READY {"apiBase":42}',
    'KIOSK_CORE_READY {"apiBase":"http://10.0.0.5:4312"}',
    'KIOSK_CORE_READY {"apiBase":"https://127.0.0.1:4312"}',
    'KIOSK_CORE_READY null',
  ])('ignores %s', (line) => {
    expect(parseReadyLine(line)).toBeNull();
  });
});

describe('core supervisor', () => {
  it('starts the core with the given env and resolves with its api base when ready', async () => {
    const { supervisor, cores, onReady } = setup();
    const started = supervisor.start();
    expect(cores).toHaveLength(1);
    expect(cores[0]!.env.KIOSK_API_SECRET).toBe('ab'.repeat(32));
    cores[0]!.stdout.write('some log line\n');
    cores[0]!.ready(4312);
    await expect(started).resolves.toBe('http://127.0.0.1:4312');
    expect(onReady).toHaveBeenCalledWith('http://127.0.0.1:4312');
  });

  it('restarts a crashed core with growing backoff, on the same port', async () => {
    const { supervisor, cores, logs, onReady } = setup();
    const started = supervisor.start();
    cores[0]!.ready(4312);
    await started;

    cores[0]!.exit(1);
    await until(() => cores.length === 2);
    expect(cores[1]!.env.KIOSK_API_PORT).toBe('4312');
    cores[1]!.exit(1); // crashes again before becoming ready
    await until(() => cores.length === 3);
    cores[2]!.ready(4312);
    await until(() => onReady.mock.calls.length === 2);

    expect(logs).toContain('core: exited unexpectedly with code 1');
    expect(logs).toContain('core: restart 1 in 5 ms');
    expect(logs).toContain('core: restart 2 in 10 ms');
  });

  it('gives up after too many crashes within a minute', async () => {
    const { supervisor, cores, logs, onGiveUp } = setup();
    const started = supervisor.start();
    const outcome = started.then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    for (let i = 0; i < 4; i++) {
      await until(() => cores.length === i + 1);
      cores[i]!.exit(1);
    }
    expect(await outcome).toMatch(/gave up/);
    expect(onGiveUp).toHaveBeenCalledOnce();
    expect(logs).toContain('core: 4 crashes within a minute, giving up');
    await sleep(60);
    expect(cores).toHaveLength(4); // no further restarts
  });

  it('kills a core that never reports ready and counts it as a crash', async () => {
    const { supervisor, cores, logs } = setup({ readyTimeoutMs: 20 });
    void supervisor.start().catch(() => undefined);
    await until(() => cores.length === 2);
    expect(cores[0]!.killed).toBe(true);
    expect(logs).toContain('core: not ready within 20 ms, terminating it');
  });

  it('stops the core on request and does not restart it', async () => {
    const { supervisor, cores, logs } = setup();
    const started = supervisor.start();
    cores[0]!.ready(4312);
    await started;
    await supervisor.stop();
    expect(cores[0]!.killed).toBe(true);
    await sleep(30);
    expect(cores).toHaveLength(1);
    expect(logs.at(-1)).toBe('core: stopped');
  });

  it('never logs what the core prints; output goes only to forwardOutput', async () => {
    const forwarded: string[] = [];
    const { supervisor, cores, logs } = setup({ forwardOutput: (line, stream) => forwarded.push(`${stream}: ${line}`) });
    const started = supervisor.start();
    cores[0]!.stdout.write('reading card of 张三 110101199003077777\n');
    cores[0]!.stderr.write('warning: printer offline\n');
    cores[0]!.ready(4312);
    await started;
    await until(() => forwarded.length === 2);
    expect(forwarded).toEqual(
      expect.arrayContaining(['stdout: reading card of 张三 110101199003077777', 'stderr: warning: printer offline']),
    );
    expect(logs.join('\n')).not.toMatch(/张三|110101|printer/);
  });
});

describe('utilityProcessSpawner', () => {
  it('forks the core entry with piped stdio and the given env', () => {
    const proc = Object.assign(new EventEmitter(), { stdout: new PassThrough(), stderr: new PassThrough(), kill: vi.fn() });
    electron.utilityProcess.fork.mockReturnValue(proc);
    const child = utilityProcessSpawner('/app/dist/core/start.js')({ KIOSK_API_PORT: '0' });
    expect(electron.utilityProcess.fork).toHaveBeenCalledWith('/app/dist/core/start.js', [], {
      env: { KIOSK_API_PORT: '0' },
      stdio: 'pipe',
      serviceName: 'kiosk-core',
    });
    const onExit = vi.fn();
    child.onExit(onExit);
    proc.emit('exit', 3);
    expect(onExit).toHaveBeenCalledWith(3);
    child.kill();
    expect(proc.kill).toHaveBeenCalled();
  });
});

describe('messages from the core', () => {
  it('hands each core request to onCoreMessage and sends the answer back to the same process', async () => {
    const handled: unknown[] = [];
    const { supervisor, cores } = setup({
      onCoreMessage: (message, reply) => {
        handled.push(message);
        reply({ answer: message });
      },
    });
    const started = supervisor.start();
    await sleep(5);
    cores[0]!.ready(41000);
    await started;
    cores[0]!.send({ type: 'kiosk.pdf.render', id: 1 });
    expect(handled).toEqual([{ type: 'kiosk.pdf.render', id: 1 }]);
    expect(cores[0]!.posted).toEqual([{ answer: { type: 'kiosk.pdf.render', id: 1 } }]);
  });
});
