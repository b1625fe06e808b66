/**
 * Console authentication: routes marked `config: { auth: 'account' }` need a live session cookie
 * (SESSION_COOKIE), the CSRF header on every state-changing request, and — when the route names
 * one — a role that has the capability (console-api.ts CAPABILITIES; a list means any of them).
 *
 * Checked on request, before the body is read: an anonymous caller cannot make the server parse
 * anything bigger than headers.
 */
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { can, CSRF_HEADER, SESSION_COOKIE, type AccountRole, type Capability } from '../../../domain/centre/console-api.ts';
import { CentreHttpError } from '../errors.ts';
import type { SessionService } from '../services/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the session cookie has been checked (routes with `auth: 'account'`). */
    account?: AuthenticatedAccount;
  }
  interface FastifyContextConfig {
    /** Who may call the route: a signed kiosk, a signed-in console account, or anyone. */
    auth?: 'kiosk' | 'account' | 'none';
    /** For `auth: 'account'`: the capability the role needs (any of a list). */
    capability?: Capability | readonly Capability[];
  }
}

export interface AuthenticatedAccount {
  id: string;
  username: string;
  displayName: string;
  role: AccountRole;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

const signedOut = () => new CentreHttpError(401, 'unauthorized', 'sign in to the console first');
export const forbidden = () => new CentreHttpError(403, 'forbidden', 'your role may not do this');

/** The signed-in account of a request on an account route (the hook guarantees it). */
export const accountOf = (request: FastifyRequest): AuthenticatedAccount => {
  if (!request.account) throw signedOut();
  return request.account;
};

/** The cookie value of the session, if the request carries one. */
export const sessionTokenOf = (request: FastifyRequest): string | null => request.cookies[SESSION_COOKIE] ?? null;

/** Rejects a state-changing request without the CSRF header (a cross-site form cannot set one). */
export const requireCsrfHeader = (request: FastifyRequest): void => {
  if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] === undefined) {
    throw new CentreHttpError(403, 'forbidden', `the ${CSRF_HEADER} header is required`);
  }
};

export const setSessionCookie = (request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string): void => {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    // Behind plain HTTP (loopback, tests) a Secure cookie would never come back.
    secure: request.protocol === 'https',
    expires: new Date(expiresAt),
  });
};

export const clearSessionCookie = (request: FastifyRequest, reply: FastifyReply): void => {
  void reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
};

export const installAccountAuth = async (app: FastifyInstance, deps: { sessions: SessionService }): Promise<void> => {
  // Awaited so the cookie parser's own onRequest hook is in place before ours runs.
  await app.register(cookie);

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.auth !== 'account') return;
    const token = sessionTokenOf(request);
    const account = token === null ? null : await deps.sessions.resolve(token);
    if (!account) throw signedOut();
    requireCsrfHeader(request);
    const needed = config.capability;
    if (needed !== undefined) {
      const list: readonly Capability[] = typeof needed === 'string' ? [needed] : needed;
      if (!list.some((capability) => can(account.role, capability))) throw forbidden();
    }
    request.account = { ...account };
  });
};
