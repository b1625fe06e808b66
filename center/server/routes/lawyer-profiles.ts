/**
 * Lawyers' dispatch profiles in the console API (CONSULT_PATHS.lawyerProfiles): a lawyer reads their
 * own, an administrator reads all and sets any lawyer's. After a save the dispatcher is told, so the
 * next ring already uses the new regions, matters and languages.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can, type Capability } from '../../../domain/centre/console-api.ts';
import { CONSULT_PATHS, LawyerProfileBodySchema } from '../../../domain/consult/protocol.ts';
import { CentreHttpError, parseInput } from '../errors.ts';
import { accountOf } from '../http/account-auth.ts';
import type { CentreLogger } from '../logger.ts';
import type { LawyerProfileService } from '../services/lawyer-profiles.ts';

export interface LawyerProfileRouteDeps {
  readonly profiles: LawyerProfileService;
  readonly logger: CentreLogger;
  /** The dispatcher's hook (consult/dispatcher.ts profileChanged), when video consultations run. */
  readonly profileChanged?: (accountId: string) => Promise<void> | void;
}

const READ: readonly Capability[] = ['consult', 'manageLawyerProfiles'];
const AccountParams = z.strictObject({ accountId: z.string().uuid() });

export const registerLawyerProfileRoutes = (app: FastifyInstance, deps: LawyerProfileRouteDeps): void => {
  const base = CONSULT_PATHS.lawyerProfiles;
  const read = { config: { auth: 'account' as const, capability: READ } };

  app.get(base, read, async (request) => {
    const account = accountOf(request);
    if (can(account.role, 'manageLawyerProfiles')) return { lawyers: await deps.profiles.list() };
    const own = await deps.profiles.get(account.id);
    return { lawyers: own ? [own] : [] };
  });

  app.get(`${base}/:accountId`, read, async (request) => {
    const { accountId } = parseInput(AccountParams, request.params ?? {});
    const account = accountOf(request);
    // A lawyer reads only their own; another lawyer's id looks like no lawyer at all.
    if (!can(account.role, 'manageLawyerProfiles') && accountId !== account.id) throw new CentreHttpError(404, 'not_found', 'no such lawyer account');
    const found = await deps.profiles.get(accountId);
    if (!found) throw new CentreHttpError(404, 'not_found', 'no such lawyer account');
    return found;
  });

  app.put(`${base}/:accountId`, { config: { auth: 'account', capability: 'manageLawyerProfiles' } }, async (request) => {
    const { accountId } = parseInput(AccountParams, request.params ?? {});
    const body = parseInput(LawyerProfileBodySchema, request.body);
    const saved = await deps.profiles.save(accountId, body, { kind: 'account', id: accountOf(request).id });
    if (deps.profileChanged) {
      // The profile is saved either way; a dispatcher that fails to reload is logged, not a failed save.
      await Promise.resolve(deps.profileChanged(accountId)).catch(() => deps.logger('warn', 'lawyer_profile.reload_failed', { accountId }));
    }
    return saved;
  });
};
