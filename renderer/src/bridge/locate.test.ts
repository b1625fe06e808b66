import { describe, expect, it, vi } from 'vitest';
import { SECRET_STORAGE_KEY, locateCore, type LocateEnv } from './locate';

const SECRET = 'abcdef0123456789abcdef0123456789';

function fakeEnv(init: { hash?: string; stored?: string; kioskHost?: LocateEnv['kioskHost'] } = {}) {
  const storage = new Map<string, string>(init.stored ? [[SECRET_STORAGE_KEY, init.stored]] : []);
  const location = { origin: 'http://127.0.0.1:48123', pathname: '/', search: '', hash: init.hash ?? '' };
  const replaceState = vi.fn((_data: unknown, _unused: string, url?: string | URL | null) => {
    const text = String(url ?? '');
    const i = text.indexOf('#');
    location.hash = i >= 0 ? text.slice(i) : '';
  });
  const env: LocateEnv = {
    kioskHost: init.kioskHost,
    location,
    history: { state: null, replaceState },
    sessionStorage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) },
  };
  return { env, storage, location, replaceState };
}

describe('locateCore', () => {
  it('prefers the Electron preload host and leaves the URL alone', () => {
    const { env, replaceState } = fakeEnv({ hash: `#k=${SECRET}`, kioskHost: { apiBase: 'http://127.0.0.1:5000', secret: 'preload-secret-000000' } });
    expect(locateCore(env)).toEqual({ apiBase: 'http://127.0.0.1:5000', secret: 'preload-secret-000000' });
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('takes the secret from #k=, stores it and removes it from the address', () => {
    const { env, storage, location, replaceState } = fakeEnv({ hash: `#k=${SECRET}` });
    expect(locateCore(env)).toEqual({ apiBase: 'http://127.0.0.1:48123', secret: SECRET });
    expect(storage.get(SECRET_STORAGE_KEY)).toBe(SECRET);
    expect(replaceState).toHaveBeenCalledTimes(1);
    expect(String(replaceState.mock.calls[0]?.[2])).not.toContain(SECRET);
    expect(location.hash).toBe('');
  });

  it('keeps other fragment parts (the hash router) when removing k=', () => {
    const { env, location } = fakeEnv({ hash: `#/card&k=${SECRET}` });
    expect(locateCore(env)?.secret).toBe(SECRET);
    expect(location.hash).toBe('#/card');
  });

  it('falls back to the secret kept in sessionStorage after a reload', () => {
    const { env, replaceState } = fakeEnv({ stored: SECRET });
    expect(locateCore(env)).toEqual({ apiBase: 'http://127.0.0.1:48123', secret: SECRET });
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('a fresh fragment secret replaces a stale stored one', () => {
    const { env, storage } = fakeEnv({ hash: '#k=new-secret-1234567890', stored: SECRET });
    expect(locateCore(env)?.secret).toBe('new-secret-1234567890');
    expect(storage.get(SECRET_STORAGE_KEY)).toBe('new-secret-1234567890');
  });

  it('returns null when there is no way to find the core', () => {
    const { env } = fakeEnv({ hash: '#/welcome' });
    expect(locateCore(env)).toBeNull();
  });
});
