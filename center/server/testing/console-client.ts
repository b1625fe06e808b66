/**
 * Test support: a console user over real HTTP — signs in through CONSOLE_API.login, then sends the
 * session cookie and the CSRF header the way the console in a browser does.
 */
import { CONSOLE_API, CSRF_HEADER, type Account } from '../../../domain/centre/console-api.ts';

export interface ConsoleClient {
  readonly account: Account;
  /** `name=value` of the session cookie. */
  readonly cookie: string;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
}

/** The `name=value` part of the first Set-Cookie header, or null. */
export const sessionCookieOf = (response: Response): string | null => response.headers.getSetCookie()[0]?.split(';')[0] ?? null;

export const consoleClient = (baseUrl: string, cookie: string, account: Account): ConsoleClient => ({
  account,
  cookie,
  get: (path) => fetch(new URL(path, baseUrl), { headers: { cookie } }),
  post: (path, body) =>
    fetch(new URL(path, baseUrl), {
      method: 'POST',
      headers: { cookie, [CSRF_HEADER]: '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
});

export const loginAs = async (baseUrl: string, username: string, password: string): Promise<ConsoleClient> => {
  const res = await fetch(new URL(CONSOLE_API.login, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = sessionCookieOf(res);
  if (res.status !== 200 || cookie === null) throw new Error(`sign-in failed: ${res.status}`);
  return consoleClient(baseUrl, cookie, (await res.json()) as Account);
};
