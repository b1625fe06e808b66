import { beforeEach, describe, expect, it, vi } from 'vitest';

const created = vi.hoisted(() => ({ windows: [] as Array<{ options: Record<string, unknown>; instance: FakeWindow }> }));

interface FakeWindow {
  loadURL: ReturnType<typeof vi.fn>;
  show: ReturnType<typeof vi.fn>;
  once: (event: string, listener: () => void) => void;
  emit: (event: string) => void;
}

vi.mock('electron', () => {
  class BrowserWindow {
    private readonly listeners = new Map<string, () => void>();
    loadURL = vi.fn(() => Promise.resolve());
    show = vi.fn();
    constructor(options: Record<string, unknown>) {
      created.windows.push({ options, instance: this as unknown as FakeWindow });
    }
    once(event: string, listener: () => void): void {
      this.listeners.set(event, listener);
    }
    emit(event: string): void {
      this.listeners.get(event)?.();
    }
  }
  return { BrowserWindow, protocol: {} };
});

const { createKioskWindow } = await import('./window.ts');

const host = { apiBase: 'http://127.0.0.1:43123', secret: 'ab'.repeat(32) };

describe('createKioskWindow', () => {
  beforeEach(() => {
    created.windows.length = 0;
  });

  it('creates a frameless fullscreen kiosk window with locked-down webPreferences', () => {
    createKioskWindow({ preloadPath: '/app/dist/shell/preload.cjs', host, devTools: false });
    expect(created.windows).toHaveLength(1);
    const options = created.windows[0]!.options;
    expect(options).toMatchObject({ show: false, fullscreen: true, kiosk: true, frame: false });
    expect(typeof options.backgroundColor).toBe('string');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/shell/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
    });
  });

  it('passes exactly the api base and the secret to the preload through argv', () => {
    createKioskWindow({ preloadPath: '/p.cjs', host, devTools: true });
    const prefs = created.windows[0]!.options.webPreferences as { additionalArguments: string[] };
    expect(prefs.additionalArguments).toEqual([
      `--kiosk-api-base=${host.apiBase}`,
      `--kiosk-secret=${host.secret}`,
    ]);
  });

  it('loads the app:// entry and shows the window only when ready to show', () => {
    createKioskWindow({ preloadPath: '/p.cjs', host, devTools: false });
    const win = created.windows[0]!.instance;
    expect(win.loadURL).toHaveBeenCalledWith('app://kiosk/index.html');
    expect(win.show).not.toHaveBeenCalled();
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });
});
