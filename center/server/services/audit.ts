/**
 * The audit trail: who (an account, a kiosk, the public, the system) did what to which subject.
 * Rows are only ever inserted. `detail` carries ids, statuses and counts — never personal data,
 * never secrets (typed passwords, enrolment codes).
 *
 * record() joins the caller's transaction when given one, so an action and its audit row commit
 * (or roll back) together.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AuditEvent } from '../../../domain/centre/console-api.ts';
import type { CentreDatabase } from '../db/schema.ts';

export interface AuditActor {
  readonly kind: 'account' | 'kiosk' | 'public' | 'system';
  readonly id: string | null;
}

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  subjectKind: string;
  subjectId: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditService {
  record(entry: AuditEntry, db?: Kysely<CentreDatabase> | Transaction<CentreDatabase>): Promise<void>;
  /** Newest first; actorName resolved from the account's display name or the kiosk's station name. */
  list(query: { subjectKind?: string; subjectId?: string; limit: number }): Promise<AuditEvent[]>;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null };
export const PUBLIC_ACTOR: AuditActor = { kind: 'public', id: null };

const parseDetail = (text: string | null): Record<string, unknown> | null => {
  if (text === null) return null;
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
};

export const createAuditService = (deps: { db: Kysely<CentreDatabase>; now: () => number }): AuditService => ({
  async record(entry, db = deps.db) {
    await db
      .insertInto('audit_events')
      .values({
        id: randomUUID(),
        at: new Date(deps.now()).toISOString(),
        actor_kind: entry.actor.kind,
        actor_id: entry.actor.id,
        action: entry.action,
        subject_kind: entry.subjectKind,
        subject_id: entry.subjectId,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      })
      .execute();
  },

  async list(query) {
    let select = deps.db
      .selectFrom('audit_events as e')
      // Joins on the actor kind as well: an account id and a kiosk id are both UUIDs.
      .leftJoin('accounts as a', (join) => join.onRef('a.id', '=', 'e.actor_id').on('e.actor_kind', '=', 'account'))
      .leftJoin('kiosks as k', (join) => join.onRef('k.id', '=', 'e.actor_id').on('e.actor_kind', '=', 'kiosk'))
      .select(['e.id', 'e.at', 'e.actor_kind', 'e.action', 'e.subject_kind', 'e.subject_id', 'e.detail', 'a.display_name', 'k.station_name']);
    if (query.subjectKind !== undefined) select = select.where('e.subject_kind', '=', query.subjectKind);
    if (query.subjectId !== undefined) select = select.where('e.subject_id', '=', query.subjectId);
    // Ties on the same millisecond keep a stable (if arbitrary) order.
    const rows = await select.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(query.limit).execute();
    return rows.map((row) => ({
      at: row.at,
      actorKind: row.actor_kind,
      actorName: row.display_name ?? row.station_name ?? null,
      action: row.action,
      subjectKind: row.subject_kind,
      subjectId: row.subject_id,
      detail: parseDetail(row.detail),
    }));
  },
});
