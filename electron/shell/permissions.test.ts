import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));
const { applyPermissionPolicy, isAppOrigin, isPermissionAllowed } = await import('./permissions.ts');

describe('isPermissionAllowed', () => {
  it('allows camera and microphone for app://kiosk', () => {
    expect(isPermissionAllowed('media', 'app://kiosk', { mediaTypes: ['video', 'audio'] })).toBe(true);
    expect(isPermissionAllowed('media', 'app://kiosk/index.html', { mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed('media', 'app://kiosk/', { mediaType: 'audio' })).toBe(true);
  });

  it.each(['https://evil.example', 'http://127.0.0.1:43123', 'app://kiosk.evil', 'app://other', 'file:///', 'null', ''])(
    'denies media from %s',
    (origin) => {
      expect(isPermissionAllowed('media', origin, { mediaTypes: ['video'] })).toBe(false);
    },
  );

  it.each(['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'fullscreen', 'openExternal', 'midi', 'hid', 'serial', 'usb'])(
    'denies %s even for app://kiosk',
    (permission) => {
      expect(isPermissionAllowed(permission, 'app://kiosk', {})).toBe(false);
    },
  );

  it('denies media types other than audio/video', () => {
    expect(isPermissionAllowed('media', 'app://kiosk', { mediaTypes: ['video', 'screen'] })).toBe(false);
  });

  it('recognises only the exact app origin', () => {
    expect(isAppOrigin('app://kiosk')).toBe(true);
    expect(isAppOrigin('app://evil@kiosk')).toBe(false);
    expect(isAppOrigin('app://kiosk:8080')).toBe(false);
  });
});

describe('applyPermissionPolicy', () => {
  type Handler = (...args: never[]) => unknown;
  function install() {
    const handlers: Record<string, Handler> = {};
    const session = {
      setPermissionRequestHandler: (h: Handler) => (handlers.request = h),
      setPermissionCheckHandler: (h: Handler) => (handlers.check = h),
      setDevicePermissionHandler: (h: Handler) => (handlers.device = h),
    };
    applyPermissionPolicy(session as never);
    return handlers as Record<'request' | 'check' | 'device', (...args: unknown[]) => unknown>;
  }

  function request(permission: string, details: Record<string, unknown>): boolean {
    const callback = vi.fn();
    install().request({}, permission, callback, details);
    expect(callback).toHaveBeenCalledOnce();
    return callback.mock.calls[0]![0] as boolean;
  }

  it('grants a camera request from the kiosk page and refuses it from elsewhere', () => {
    const kiosk = { requestingUrl: 'app://kiosk/index.html', isMainFrame: true, mediaTypes: ['video'] };
    expect(request('media', { ...kiosk, securityOrigin: 'app://kiosk/' })).toBe(true);
    expect(request('media', { ...kiosk, requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(request('media', { ...kiosk, securityOrigin: 'https://evil.example/' })).toBe(false);
  });

  it('refuses geolocation and notification requests', () => {
    expect(request('geolocation', { requestingUrl: 'app://kiosk/index.html', isMainFrame: true })).toBe(false);
    expect(request('notifications', { requestingUrl: 'app://kiosk/index.html', isMainFrame: true })).toBe(false);
  });

  it('answers permission checks with the same policy', () => {
    const { check } = install();
    expect(check(null, 'media', 'app://kiosk', { mediaType: 'video', isMainFrame: true })).toBe(true);
    expect(check(null, 'media', 'https://evil.example', { mediaType: 'video', isMainFrame: true })).toBe(false);
    expect(check(null, 'geolocation', 'app://kiosk', { isMainFrame: true })).toBe(false);
  });

  it('never grants HID, serial or USB devices', () => {
    const { device } = install();
    for (const deviceType of ['hid', 'serial', 'usb']) {
      expect(device({ deviceType, origin: 'app://kiosk', device: {} })).toBe(false);
    }
  });
});
