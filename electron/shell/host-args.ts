// How the main process hands the renderer's two facts (core API base, per-boot secret) to the
// sandboxed preload. A sandboxed preload cannot read files or env it was not given, but it does see
// process.argv, and webPreferences.additionalArguments appends to exactly that. Both sides live in
// this one module so the flag names cannot drift apart. No imports: the preload bundle must stay
// free of anything a sandboxed renderer cannot require.

export interface KioskHost {
  readonly apiBase: string;
  readonly secret: string;
}

const API_BASE_FLAG = '--kiosk-api-base=';
const SECRET_FLAG = '--kiosk-secret=';

// The core only ever listens on loopback; anything else here means a bug or tampering, and the
// renderer must not be pointed at it with the secret.
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Returns the normalised origin ("http://127.0.0.1:PORT") or null if it is not a loopback HTTP origin. */
export function normaliseApiBase(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return null;
  if (url.port === '') return null;
  return url.origin;
}

// >= 32 hex chars is the core's contract for KIOSK_API_SECRET.
export function isValidSecret(secret: string): boolean {
  return /^[0-9a-f]{32,}$/i.test(secret);
}

export function toHostArgs(host: KioskHost): string[] {
  return [API_BASE_FLAG + host.apiBase, SECRET_FLAG + host.secret];
}

/** Reads the flags back; null unless both are present and well-formed. */
export function parseHostArgs(argv: readonly string[]): KioskHost | null {
  const apiBaseRaw = argv.find((a) => a.startsWith(API_BASE_FLAG))?.slice(API_BASE_FLAG.length);
  const secret = argv.find((a) => a.startsWith(SECRET_FLAG))?.slice(SECRET_FLAG.length);
  if (apiBaseRaw === undefined || secret === undefined) return null;
  const apiBase = normaliseApiBase(apiBaseRaw);
  if (apiBase === null || !isValidSecret(secret)) return null;
  return { apiBase, secret };
}
