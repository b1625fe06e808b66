import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const menu = vi.hoisted(() => ({ setApplicationMenu: vi.fn() }));
vi.mock('electron', () => ({ Menu: menu }));

const { hardenWebContents, installLockdown, isAllowedNavigation, isBlockedShortcut } = await import('./lockdown.ts');
type Contents = Parameters<typeof hardenWebContents>[0];

class FakeContents extends EventEmitter {
  openHandler: (() => { action: string }) | undefined;
  setWindowOpenHandler(handler: () => { action: string }): void {
    this.openHandler = handler;
  }
  /** Emits like Electron does and reports whether a listener vetoed the action. */
  attempt(eventName: string, ...args: unknown[]): boolean {
    const event = { preventDefault: vi.fn() };
    this.emit(eventName, event, ...args);
    return event.preventDefault.mock.calls.length > 0;
  }
}

function hardened(blockShortcuts: boolean): FakeContents {
  const contents = new FakeContents();
  hardenWebContents(contents as unknown as Contents, { blockShortcuts });
  return contents;
}

const key = (k: string, mods: Partial<{ control: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  type: 'keyDown',
  key: k,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});

describe('navigation policy', () => {
  it.each(['app://kiosk/index.html', 'app://kiosk/', 'app://kiosk/index.html#/consult'])('allows %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://kiosk/other.html',
    'app://user@kiosk/index.html',
    'javascript:alert(1)',
    'not a url',
  ])('denies %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('vetoes will-navigate and will-redirect away from the kiosk page', () => {
    const contents = hardened(false);
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-navigate', 'app://kiosk/index.html')).toBe(false);
  });

  it('denies window.open and webview attachment', () => {
    const contents = hardened(false);
    expect(contents.openHandler?.()).toEqual({ action: 'deny' });
    expect(contents.attempt('will-attach-webview', {}, {})).toBe(true);
  });
});

describe('keyboard shortcuts', () => {
  it.each([
    key('F12'),
    key('F5'),
    key('I', { control: true, shift: true }),
    key('j', { meta: true, shift: true }),
    key('r', { control: true }),
    key('R', { control: true, shift: true }),
    key('=', { control: true }),
    key('-', { control: true }),
    key('0', { meta: true }),
  ])('blocks %o', (input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it.each([key('a'), key('Enter'), key('i', { shift: true }), key('c', { control: true }), { ...key('F12'), type: 'keyUp' }])(
    'lets ordinary input through: %o',
    (input) => {
      expect(isBlockedShortcut(input)).toBe(false);
    },
  );

  it('blocks DevTools keys only when asked to (packaged builds)', () => {
    expect(hardened(true).attempt('before-input-event', key('F12'))).toBe(true);
    expect(hardened(false).attempt('before-input-event', key('F12'))).toBe(false);
  });
});

describe('installLockdown', () => {
  beforeEach(() => menu.setApplicationMenu.mockClear());

  it('removes the menu, hardens every new webContents and refuses downloads', () => {
    const app = new EventEmitter();
    const session = new EventEmitter();
    installLockdown(app as never, session as never, { blockShortcuts: true });
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(null);

    const contents = new FakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true);

    const download = { preventDefault: vi.fn() };
    session.emit('will-download', download, {}, contents);
    expect(download.preventDefault).toHaveBeenCalled();
  });
});
