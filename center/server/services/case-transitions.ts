/**
 * The review workflow as a pure function: given the case as stored and a decision, either the
 * columns to change and the audit entries to write, or why the decision does not apply now.
 *
 *   received ──request materials (once)──▶ materials_requested ──materials received──▶ received
 *   materials_requested ──withdraw (after the applicant's due date: 视为撤回)──▶ withdrawn
 *   received ──grant──▶ granted ──assign──▶ assigned      (grant with a lawyer goes straight to assigned)
 *   received ──refuse (with reasons)──▶ refused
 */
import type { CaseStatus } from '../../../domain/centre/console-api.ts';
import { addDays, assignmentDueBy, daysBetween, decisionDueBy } from '../../../domain/legal-aid/index.ts';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { CasesTable } from '../db/schema.ts';
import { supplementDaysSpent } from './case-clocks.ts';

export type Decision =
  | { readonly kind: 'request_materials'; readonly materialIds: readonly string[]; readonly note: string; readonly dueInDays: number }
  | { readonly kind: 'materials_received' }
  | { readonly kind: 'grant'; readonly lawyerId: string | null }
  | { readonly kind: 'assign'; readonly lawyerId: string }
  | { readonly kind: 'refuse'; readonly reasons: string }
  | { readonly kind: 'withdraw' };

/** Audit details hold ids and statuses only: never names, reasons or notes (free text may be personal). */
export interface TransitionAudit {
  readonly action: string;
  readonly detail: Record<string, unknown>;
}

export type CasePatch = Partial<Omit<CasesTable, 'application_id' | 'version' | 'updated_at'>>;

export interface Transition {
  readonly patch: CasePatch;
  readonly audits: readonly TransitionAudit[];
}

export interface TransitionContext {
  /** Epoch milliseconds and the China date of that instant. */
  readonly now: number;
  readonly today: string;
  /** The deciding account. */
  readonly actorId: string;
}

const notNow = (status: CaseStatus, what: string) => err(`cannot ${what} an application that is ${status}`);

export const applyDecision = (c: CasesTable, decision: Decision, ctx: TransitionContext): Result<Transition, string> => {
  const at = new Date(ctx.now).toISOString();
  const moved = (to: CaseStatus, action: string, extra: Record<string, unknown> = {}): TransitionAudit => ({
    action,
    detail: { from: c.status, to, ...extra },
  });
  switch (decision.kind) {
    case 'request_materials': {
      if (c.status !== 'received') return notNow(c.status, 'request materials for');
      // 一次性告知: everything missing is asked for in one go; a second request is not allowed.
      if (c.materials_requested_at !== null) return err('materials were already requested once for this application (一次性告知)');
      const materialIds = [...new Set(decision.materialIds)];
      return ok({
        patch: {
          status: 'materials_requested',
          materials_requested_at: at,
          materials_due_on: addDays(ctx.today, decision.dueInDays),
          requested_materials: JSON.stringify(materialIds),
          materials_note: decision.note === '' ? null : decision.note,
        },
        audits: [moved('materials_requested', 'case.materials_requested', { materialIds, dueInDays: decision.dueInDays })],
      });
    }
    case 'materials_received': {
      if (c.status !== 'materials_requested' || c.materials_requested_at === null) return notNow(c.status, 'record materials as received for');
      const spent = supplementDaysSpent(c.materials_requested_at, ctx.now);
      const supplementDays = c.supplement_days + spent;
      return ok({
        patch: {
          status: 'received',
          supplement_days: supplementDays,
          decision_due_on: decisionDueBy(c.received_on, supplementDays),
          materials_received_at: at,
        },
        audits: [moved('received', 'case.materials_received', { supplementDays: spent })],
      });
    }
    case 'grant': {
      if (c.status !== 'received') return notNow(c.status, 'grant aid for');
      const granted: CasePatch = { status: 'granted', decided_at: at, decided_by: ctx.actorId, assignment_due_on: assignmentDueBy(ctx.today) };
      if (decision.lawyerId === null) return ok({ patch: granted, audits: [moved('granted', 'case.granted')] });
      return ok({
        patch: { ...granted, status: 'assigned', lawyer_id: decision.lawyerId, assigned_at: at },
        audits: [
          { action: 'case.granted', detail: { from: c.status, to: 'granted' } },
          { action: 'case.assigned', detail: { from: 'granted', to: 'assigned', lawyerId: decision.lawyerId } },
        ],
      });
    }
    case 'assign': {
      if (c.status !== 'granted') return notNow(c.status, 'assign a lawyer to');
      return ok({
        patch: { status: 'assigned', lawyer_id: decision.lawyerId, assigned_at: at },
        audits: [moved('assigned', 'case.assigned', { lawyerId: decision.lawyerId })],
      });
    }
    case 'refuse': {
      if (c.status !== 'received') return notNow(c.status, 'refuse');
      return ok({
        patch: { status: 'refused', decided_at: at, decided_by: ctx.actorId, refusal_reasons: decision.reasons },
        audits: [moved('refused', 'case.refused')],
      });
    }
    case 'withdraw': {
      if (c.status !== 'materials_requested' || c.materials_due_on === null) return notNow(c.status, 'treat as withdrawn');
      // 视为撤回 only once the applicant's time to supplement has run out.
      if (daysBetween(c.materials_due_on, ctx.today) <= 0) {
        return err(`the applicant has until ${c.materials_due_on} to supply the materials; it can be treated as withdrawn only after that`);
      }
      return ok({ patch: { status: 'withdrawn', decided_at: at, decided_by: ctx.actorId }, audits: [moved('withdrawn', 'case.withdrawn')] });
    }
  }
};
