import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ contextBridge: { exposeInMainWorld: vi.fn() } }));
vi.mock('electron', () => electron);

const { parseHostArgs, toHostArgs } = await import('./host-args.ts');

const SECRET = '0123456789abcdef'.repeat(4);
const originalArgv = process.argv;

async function loadPreload(argv: string[]): Promise<void> {
  process.argv = argv;
  vi.resetModules(); // the preload acts at import time, once per renderer
  await import('./preload.ts');
}

describe('preload', () => {
  beforeEach(() => electron.contextBridge.exposeInMainWorld.mockClear());
  afterEach(() => {
    process.argv = originalArgv;
  });

  it('exposes exactly { apiBase, secret } as window.kioskHost, frozen', async () => {
    await loadPreload(['/opt/kiosk/electron', '--type=renderer', ...toHostArgs({ apiBase: 'http://127.0.0.1:4312', secret: SECRET })]);
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce();
    const [name, value] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(name).toBe('kioskHost');
    expect(Object.keys(value).sort()).toEqual(['apiBase', 'secret']);
    expect(value).toEqual({ apiBase: 'http://127.0.0.1:4312', secret: SECRET });
    expect(Object.isFrozen(value)).toBe(true);
  });

  it.each([
    ['no arguments', []],
    ['a non-loopback api base', ['--kiosk-api-base=http://203.0.113.7:4312', `--kiosk-secret=${SECRET}`]],
    ['a short secret', ['--kiosk-api-base=http://127.0.0.1:4312', '--kiosk-secret=abc']],
  ])('exposes nothing with %s', async (_label, args) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await loadPreload(['/opt/kiosk/electron', ...args]);
    expect(electron.contextBridge.exposeInMainWorld).not.toHaveBeenCalled();
    expect(error.mock.calls.flat().join(' ')).not.toContain(SECRET);
    error.mockRestore();
  });
});

describe('host arguments', () => {
  it('round-trips through argv', () => {
    const host = { apiBase: 'http://127.0.0.1:4312', secret: SECRET };
    expect(parseHostArgs(['x', ...toHostArgs(host)])).toEqual(host);
  });

  it.each(['http://127.0.0.1', 'http://127.0.0.1:4312/api', 'http://u:p@127.0.0.1:4312', 'ws://127.0.0.1:4312', 'http://example.com:80'])(
    'rejects api base %s',
    (apiBase) => {
      expect(parseHostArgs(toHostArgs({ apiBase, secret: SECRET }))).toBeNull();
    },
  );
});
