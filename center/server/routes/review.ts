/**
 * The review of applications and the status back to citizens, wired in one place so app.ts needs
 * a single call: services over the shared database, audit and object store, then their routes.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { CentreDatabase } from '../db/schema.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { AuditService } from '../services/audit.ts';
import { createCaseQueries } from '../services/case-queries.ts';
import { createCaseWorkflow } from '../services/case-workflow.ts';
import { createCitizenStatusService } from '../services/citizen-status.ts';
import type { RulePacks } from '../services/rule-packs.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { registerConsoleCaseRoutes } from './console-cases.ts';
import { registerStatusRoutes } from './status.ts';

export interface ReviewDeps {
  readonly db: Kysely<CentreDatabase>;
  readonly audit: AuditService;
  readonly objects: ObjectStore;
  readonly rulePacks: RulePacks;
  readonly lookupKey: Buffer;
  readonly centreName: string;
  readonly now: () => number;
  readonly publicLimiter: RateLimiter;
}

export const registerReviewRoutes = (app: FastifyInstance, deps: ReviewDeps): void => {
  const queries = createCaseQueries({ db: deps.db, now: deps.now });
  const workflow = createCaseWorkflow({ db: deps.db, audit: deps.audit, rulePacks: deps.rulePacks, now: deps.now });
  registerConsoleCaseRoutes(app, { queries, workflow, audit: deps.audit, objects: deps.objects, rulePacks: deps.rulePacks, centreName: deps.centreName });
  const statuses = createCitizenStatusService({ db: deps.db, lookupKey: deps.lookupKey, rulePacks: deps.rulePacks });
  registerStatusRoutes(app, { statuses, audit: deps.audit, publicLimiter: deps.publicLimiter });
};
