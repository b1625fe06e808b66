/**
 * Decisions on a case: one transaction reads the case, checks the version the deciding person saw
 * (optimistic concurrency: two staff deciding at once, one wins, the other gets 'stale'), applies
 * the pure transition (case-transitions.ts), bumps the version and writes the audit rows.
 */
import type { Kysely } from 'kysely';
import { ApplicationRecordSchema } from '../../../domain/legal-aid/application.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';
import type { AuditService } from './audit.ts';
import { chinaDateOf } from './case-clocks.ts';
import { applyDecision, type Decision } from './case-transitions.ts';
import type { RulePacks } from './rule-packs.ts';

export interface DecisionResult {
  readonly status: string;
  readonly version: number;
}

export interface CaseWorkflow {
  decide(actorId: string, applicationId: string, version: number, decision: Decision): Promise<DecisionResult>;
}

export const createCaseWorkflow = (deps: {
  db: Kysely<CentreDatabase>;
  audit: AuditService;
  rulePacks: RulePacks;
  now: () => number;
}): CaseWorkflow => ({
  async decide(actorId, applicationId, version, decision) {
    const lawyerId = decision.kind === 'grant' || decision.kind === 'assign' ? decision.lawyerId : null;
    return deps.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('cases as c')
        .innerJoin('applications as a', 'a.application_id', 'c.application_id')
        .selectAll('c')
        .select('a.record')
        .where('c.application_id', '=', applicationId)
        .executeTakeFirst();
      if (!row) throw new CentreHttpError(404, 'not_found', 'no such application');
      const { record, ...current } = row;
      if (current.version !== version) {
        throw new CentreHttpError(409, 'stale', 'the application has changed since you opened it; reload and decide again');
      }
      if (decision.kind === 'request_materials') {
        const pack = deps.rulePacks.packFor(ApplicationRecordSchema.parse(JSON.parse(record)));
        const known = new Set(pack.materials.map((m) => m.id));
        const unknown = decision.materialIds.filter((id) => !known.has(id));
        if (unknown.length > 0) throw new CentreHttpError(400, 'invalid_input', `materialIds: not in the rule pack: ${unknown.join(', ')}`);
      }
      if (lawyerId !== null) {
        const lawyer = await trx
          .selectFrom('accounts')
          .select('id')
          .where('id', '=', lawyerId)
          .where('role', '=', 'lawyer')
          .where('disabled_at', 'is', null)
          .executeTakeFirst();
        if (!lawyer) throw new CentreHttpError(400, 'invalid_input', 'lawyerId: not an active lawyer account');
      }
      const now = deps.now();
      const transition = applyDecision(current, decision, { now, today: chinaDateOf(now), actorId });
      if (!transition.ok) throw new CentreHttpError(409, 'conflict', transition.error);
      const next = version + 1;
      const updated = await trx
        .updateTable('cases')
        .set({ ...transition.value.patch, version: next, updated_at: new Date(now).toISOString() })
        .where('application_id', '=', applicationId)
        // Guards a concurrent writer on a database that lets two transactions read the same version.
        .where('version', '=', version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        throw new CentreHttpError(409, 'stale', 'the application has changed since you opened it; reload and decide again');
      }
      for (const entry of transition.value.audits) {
        await deps.audit.record({ actor: { kind: 'account', id: actorId }, action: entry.action, subjectKind: 'application', subjectId: applicationId, detail: entry.detail }, trx);
      }
      return { status: transition.value.patch.status ?? current.status, version: next };
    });
  },
});
