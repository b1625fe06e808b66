/**
 * Where the core is and how to prove we are its renderer.
 *
 * Electron: the preload exposes `window.kioskHost = { apiBase, secret }`.
 * Browser kiosk mode: the core serves this page itself, so apiBase is our own origin and the per-boot
 * secret arrives once in the URL fragment `#k=<secret>`. We keep it in sessionStorage (it survives a
 * reload of the tab, not the browser) and strip it from the address so it is never left visible or
 * handed on. The hash router uses the fragment afterwards, so only the `k` part is removed.
 */
export interface CoreLocation {
  readonly apiBase: string;
  readonly secret: string;
}

/** The pieces of `window` this needs; tests pass a fake. */
export interface LocateEnv {
  readonly kioskHost?: { readonly apiBase: string; readonly secret: string } | undefined;
  readonly location: { readonly origin: string; readonly hash: string; readonly pathname: string; readonly search: string };
  readonly history: { readonly state: unknown; replaceState(data: unknown, unused: string, url?: string | URL | null): void };
  readonly sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

export const SECRET_STORAGE_KEY = 'kiosk.secret';

export function locateCore(env: LocateEnv = window): CoreLocation | null {
  const host = env.kioskHost;
  if (host && typeof host.apiBase === 'string' && typeof host.secret === 'string' && host.secret) {
    return { apiBase: host.apiBase, secret: host.secret };
  }

  const fromFragment = takeSecretFromFragment(env);
  if (fromFragment) {
    try {
      env.sessionStorage.setItem(SECRET_STORAGE_KEY, fromFragment);
    } catch {
      // Storage disabled: the secret still works for this page's lifetime.
    }
  }
  const secret = fromFragment ?? safeGet(env.sessionStorage, SECRET_STORAGE_KEY);
  if (!secret) return null;
  return { apiBase: env.location.origin, secret };
}

/** Reads `k=` from the fragment (alone or beside other `&`-separated parts) and removes it. */
function takeSecretFromFragment(env: LocateEnv): string | null {
  const hash = env.location.hash.replace(/^#/, '');
  if (!hash) return null;
  const parts = hash.split('&');
  const index = parts.findIndex((p) => p.startsWith('k='));
  if (index < 0) return null;
  const secret = decodeURIComponent(parts[index]!.slice(2));
  parts.splice(index, 1);
  const rest = parts.join('&');
  env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}${rest ? `#${rest}` : ''}`);
  return secret || null;
}

function safeGet(storage: Pick<Storage, 'getItem'>, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}
