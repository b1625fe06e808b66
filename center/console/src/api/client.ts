/**
 * The console's only door to the centre: same-origin fetch with the session cookie (HttpOnly, set by
 * the server), the CSRF header on every state-changing request, and every answer parsed with the
 * contract's zod schemas, so a changed server shows up as an error here rather than as wrong data.
 */
import type { z } from 'zod';
import { CSRF_HEADER } from '../../../../domain/centre/console-api.ts';

/** An answer other than 2xx; `code` is the centre's error code ('stale', 'forbidden', ...). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`centre answered ${status} ${code}`);
    this.name = 'ApiError';
  }
}

/** Called on a 401 from any request but the login itself: the session has ended. */
let onSignedOut: () => void = () => {};
export const setSignedOutHandler = (handler: () => void) => {
  onSignedOut = handler;
};

const errorCodeOf = async (response: Response): Promise<string> => {
  try {
    const body = (await response.json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string' ? body.error.code : 'unknown';
  } catch {
    return 'unknown';
  }
};

const send = async (method: string, path: string, body?: unknown): Promise<Response> => {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network');
  }
  if (!response.ok) {
    const code = await errorCodeOf(response);
    if (response.status === 401 && !path.endsWith('/login')) onSignedOut();
    throw new ApiError(response.status, code);
  }
  return response;
};

const parse = async <S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> => {
  const parsed = schema.safeParse(response.status === 204 ? null : await response.json());
  if (!parsed.success) throw new ApiError(response.status, 'unexpected_answer');
  return parsed.data;
};

export const apiGet = async <S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> => parse(await send('GET', path), schema);

export const apiPost = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> =>
  parse(await send('POST', path, body), schema);

export const apiPut = async <S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> =>
  parse(await send('PUT', path, body), schema);

/** A POST whose answer the console does not need (logout, disable, revoke). */
export const apiPostNoContent = async (path: string, body?: unknown): Promise<void> => {
  await send('POST', path, body ?? {});
};

/** Builds `<base>?a=1&b=2`, leaving out empty values. */
export const withQuery = (base: string, query: Record<string, string | number | undefined>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${base}?${text}` : base;
};
