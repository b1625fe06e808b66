/**
 * Console sign-in and accounts: login, logout, me, password change (any signed-in account);
 * listing, creating and disabling accounts (administrators); the list of lawyers (whoever decides).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ChangePasswordRequestSchema,
  CONSOLE_API,
  CreateAccountRequestSchema,
  LoginRequestSchema,
  type Account,
} from '../../../domain/centre/console-api.ts';
import { parseInput } from '../errors.ts';
import { accountOf, clearSessionCookie, requireCsrfHeader, sessionTokenOf, setSessionCookie } from '../http/account-auth.ts';
import type { AccountService } from '../services/accounts.ts';
import type { AuditService } from '../services/audit.ts';
import type { SessionService } from '../services/sessions.ts';

const IdParams = z.strictObject({ id: z.string().uuid() });

export const registerConsoleAccountRoutes = (
  app: FastifyInstance,
  deps: { accounts: AccountService; sessions: SessionService; audit: AuditService; limitAnonymous: (request: FastifyRequest) => void },
): void => {
  const { accounts, sessions, audit } = deps;

  app.post(CONSOLE_API.login, { config: { auth: 'none' } }, async (request, response) => {
    deps.limitAnonymous(request);
    // Login CSRF too: a foreign page must not sign the browser into an account of its choosing.
    requireCsrfHeader(request);
    const { username, password } = parseInput(LoginRequestSchema, request.body);
    const signedIn = await accounts.login(username, password);
    const previous = sessionTokenOf(request);
    if (previous !== null) await sessions.end(previous);
    setSessionCookie(request, response, signedIn.token, signedIn.expiresAt);
    return signedIn.account;
  });

  // No session needed: signing out of an expired session still clears the cookie.
  app.post(CONSOLE_API.logout, { config: { auth: 'none' } }, async (request, response) => {
    requireCsrfHeader(request);
    const token = sessionTokenOf(request);
    if (token !== null) {
      const account = await sessions.resolve(token);
      await sessions.end(token);
      if (account) await audit.record({ actor: { kind: 'account', id: account.id }, action: 'account.logout', subjectKind: 'account', subjectId: account.id });
    }
    clearSessionCookie(request, response);
    return response.code(204).send();
  });

  app.get(CONSOLE_API.me, { config: { auth: 'account' } }, async (request): Promise<Account> => ({ ...accountOf(request), disabled: false }));

  app.post(CONSOLE_API.password, { config: { auth: 'account' } }, async (request, response) => {
    const body = parseInput(ChangePasswordRequestSchema, request.body);
    await accounts.changePassword(accountOf(request), body.currentPassword, body.newPassword, sessionTokenOf(request) ?? '');
    return response.code(204).send();
  });

  app.get(CONSOLE_API.accounts, { config: { auth: 'account', capability: 'manageAccounts' } }, async () => accounts.list());

  app.post(CONSOLE_API.accounts, { config: { auth: 'account', capability: 'manageAccounts' } }, async (request, response) => {
    const body = parseInput(CreateAccountRequestSchema, request.body);
    const created = await accounts.create(body, { kind: 'account', id: accountOf(request).id });
    return response.code(201).send(created);
  });

  app.post(`${CONSOLE_API.accounts}/:id/disable`, { config: { auth: 'account', capability: 'manageAccounts' } }, async (request) => {
    const { id } = parseInput(IdParams, request.params);
    return accounts.disable(id, accountOf(request));
  });

  app.get(CONSOLE_API.lawyers, { config: { auth: 'account', capability: 'decide' } }, async () => accounts.listLawyers());
};
