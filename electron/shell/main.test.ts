// Wiring test for the composition root: order of the Electron calls and what flows between them.
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const m = vi.hoisted(() => {
  const state = {
    gotLock: true,
    windows: [] as Array<{ options: { webPreferences: { additionalArguments: string[]; preload: string } } }>,
    forks: [] as Array<{ modulePath: string; options: { env: Record<string, string>; stdio: string } }>,
    cores: [] as Array<{ stdout: { write(s: string): void } }>,
    readyResolve: undefined as (() => void) | undefined,
  };
  return { state };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const { PassThrough: Pass } = await import('node:stream');
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => m.state.gotLock),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn(() => '/var/lib/kiosk-user'),
    whenReady: vi.fn(() => new Promise<void>((resolve) => (m.state.readyResolve = resolve))),
  });
  const session = {
    defaultSession: Object.assign(new Emitter(), {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    }),
  };
  class BrowserWindow extends Emitter {
    webContents = new Emitter();
    loadURL = vi.fn(() => Promise.resolve());
    constructor(readonly options: never) {
      super();
      m.state.windows.push(this as never);
    }
  }
  return {
    app,
    session,
    BrowserWindow,
    Menu: { setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    utilityProcess: {
      fork: vi.fn((modulePath: string, _args: string[], options: never) => {
        m.state.forks.push({ modulePath, options });
        const proc = Object.assign(new Emitter(), { stdout: new Pass(), stderr: new Pass(), kill: vi.fn() });
        m.state.cores.push(proc);
        return proc;
      }),
    },
  };
});

const electron = await import('electron');
const flush = () => new Promise((resolve) => setTimeout(resolve, 10));

beforeEach(() => {
  vi.clearAllMocks();
  vi.resetModules();
  Object.assign(m.state, { gotLock: true, windows: [], forks: [], cores: [], readyResolve: undefined });
  vi.stubEnv('KIOSK_API_PORT', undefined);
  vi.stubEnv('KIOSK_DATA_DIR', undefined);
  vi.stubEnv('KIOSK_ALLOWED_ORIGINS', 'http://localhost:5173');
  (electron.app as unknown as EventEmitter).removeAllListeners();
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('shell main', () => {
  it('registers the scheme and sandbox before ready, then core -> protocol -> window', async () => {
    await import('./main.ts');
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    expect(electron.app.enableSandbox).toHaveBeenCalledOnce();
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled(); // not before 'ready'

    m.state.readyResolve?.();
    await flush();
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(m.state.forks).toHaveLength(1);
    const fork = m.state.forks[0]!;
    expect(fork.modulePath.endsWith(path.join('core', 'start.js'))).toBe(true);
    expect(fork.options.stdio).toBe('pipe');
    const env = fork.options.env;
    expect(env.KIOSK_API_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(env.KIOSK_API_PORT).toBe('0');
    expect(env.KIOSK_ALLOWED_ORIGINS).toBe('app://kiosk,http://localhost:5173');
    expect(env.KIOSK_DATA_DIR).toBe(path.join('/var/lib/kiosk-user', 'core-data'));
    // No UI until the core is up: the page would have nothing to talk to.
    expect(electron.protocol.handle).not.toHaveBeenCalled();
    expect(m.state.windows).toHaveLength(0);

    m.state.cores[0]!.stdout.write('KIOSK_CORE_READY {"apiBase":"http://127.0.0.1:4312"}\n');
    await flush();
    expect(electron.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(m.state.windows).toHaveLength(1);
    const prefs = m.state.windows[0]!.options.webPreferences;
    expect(prefs.additionalArguments).toEqual([
      '--kiosk-api-base=http://127.0.0.1:4312',
      `--kiosk-secret=${env.KIOSK_API_SECRET}`,
    ]);
    expect(prefs.preload.endsWith(path.join('shell', 'preload.cjs'))).toBe(true);
  });

  it('a second instance quits without starting anything and the first one refocuses', async () => {
    m.state.gotLock = false;
    await import('./main.ts');
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect((electron.app as unknown as EventEmitter).listenerCount('second-instance')).toBe(0);
  });

  it('the first instance focuses its window when a second one starts', async () => {
    await import('./main.ts');
    m.state.readyResolve?.();
    await flush();
    m.state.cores[0]!.stdout.write('KIOSK_CORE_READY {"apiBase":"http://127.0.0.1:4312"}\n');
    await flush();
    const win = m.state.windows[0] as unknown as Record<string, ReturnType<typeof vi.fn>>;
    Object.assign(win, { isMinimized: vi.fn(() => true), restore: vi.fn(), show: vi.fn(), focus: vi.fn() });
    (electron.app as unknown as EventEmitter).emit('second-instance');
    expect(win.restore).toHaveBeenCalled();
    expect(win.focus).toHaveBeenCalled();
  });
});
