/**
 * The consultation's rows: the request, its phases, the winning accept, the dispatch timeline, what
 * the lawyer pushed to the kiosk's printer, referrals and the lawyer's identity check. Used by the
 * dispatcher (live calls) and by the consultation routes (records after the call).
 *
 * Nothing about the citizen is stored here: no name, no ID number, no face. The timeline's detail holds
 * lawyer account ids and reason codes only.
 */
import type { Kysely } from 'kysely';
import type { EndReason, Push, Referral } from '../../../domain/consult/protocol.ts';
import type { TimelineEntry } from '../../../domain/dispatch/model.ts';
import type { CentreDatabase, ConsultationPhase, LawyerProfilesTable } from '../db/schema.ts';

export interface NewConsultation {
  readonly id: string;
  readonly kioskId: string;
  readonly stationName: string;
  readonly regionCode: string;
  readonly matterCategory: string;
  readonly language: string;
  readonly requestedAt: string;
}

export interface StoredLawyerProfile {
  readonly accountId: string;
  readonly displayName: string;
  readonly organisation: string;
  /** The first is the lawyer's home county: the engine's tiers are measured from it. */
  readonly regionCodes: readonly string[];
  readonly matterCategories: readonly string[];
  readonly languages: readonly string[];
}

export interface StoredTimelineEntry {
  readonly kind: string;
  readonly at: string;
  readonly sinceRequestMs: number;
  readonly tier?: string;
  /** JSON of `{ lawyerIds?, detail? }`: ids and codes only. */
  readonly detail?: string;
}

const parseList = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

const toProfile = (row: Omit<LawyerProfilesTable, 'updated_at'>): StoredLawyerProfile => ({
  accountId: row.account_id,
  displayName: row.display_name,
  organisation: row.organisation,
  regionCodes: parseList(row.region_codes),
  matterCategories: parseList(row.matter_categories),
  languages: parseList(row.languages),
});

const updated = (result: { numUpdatedRows: bigint } | undefined): number => Number(result?.numUpdatedRows ?? 0n);

export class ConsultationRepository {
  constructor(private readonly db: Kysely<CentreDatabase>) {}

  /** Profiles of lawyers who may be rung: a lawyer account, not disabled, with a profile. */
  async lawyerProfiles(accountId?: string): Promise<StoredLawyerProfile[]> {
    let query = this.db
      .selectFrom('lawyer_profiles')
      .innerJoin('accounts', 'accounts.id', 'lawyer_profiles.account_id')
      .select([
        'lawyer_profiles.account_id',
        'lawyer_profiles.display_name',
        'lawyer_profiles.organisation',
        'lawyer_profiles.region_codes',
        'lawyer_profiles.matter_categories',
        'lawyer_profiles.languages',
      ])
      .where('accounts.role', '=', 'lawyer')
      .where('accounts.disabled_at', 'is', null);
    if (accountId !== undefined) query = query.where('lawyer_profiles.account_id', '=', accountId);
    return (await query.execute()).map(toProfile);
  }

  async create(c: NewConsultation): Promise<void> {
    await this.db
      .insertInto('consultations')
      .values({
        id: c.id,
        kiosk_id: c.kioskId,
        station_name: c.stationName,
        region_code: c.regionCode,
        matter_category: c.matterCategory,
        language: c.language,
        requested_at: c.requestedAt,
        phase: 'ringing',
        identity_verified_by_lawyer: 0,
        notes: '',
        notes_version: 0,
      })
      .execute();
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('consultations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async setPhase(id: string, phase: Extract<ConsultationPhase, 'ringing' | 'queued'>): Promise<void> {
    await this.db.updateTable('consultations').set({ phase }).where('id', '=', id).where('phase', 'in', ['ringing', 'queued']).execute();
  }

  /**
   * The first accept wins, in the database too: the row takes a lawyer only while it has none, and
   * only if that lawyer has no other connected consultation. The no-op update of the lawyer's profile
   * row locks it first, so on PostgreSQL two claims for one lawyer (from two dispatcher processes)
   * run one after the other and the second sees the first's call; SQLite has one writer anyway.
   * Returns false when someone else won.
   */
  async markConnected(id: string, lawyerId: string, at: { connectedAt: string; answeredTier: string; answerMs: number }): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('lawyer_profiles')
        .set((eb) => ({ updated_at: eb.ref('updated_at') }))
        .where('account_id', '=', lawyerId)
        .execute();
      const result = await trx
        .updateTable('consultations')
        .set({ lawyer_account_id: lawyerId, phase: 'connected', connected_at: at.connectedAt, answered_tier: at.answeredTier, answer_ms: at.answerMs })
        .where('id', '=', id)
        .where('lawyer_account_id', 'is', null)
        .where('phase', 'in', ['ringing', 'queued'])
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('consultations as other')
                .select('other.id')
                .where('other.lawyer_account_id', '=', lawyerId)
                .where('other.phase', '=', 'connected'),
            ),
          ),
        )
        .executeTakeFirst();
      return updated(result) === 1;
    });
  }

  /** A call ends (`ended`) or a request is given up (`cancelled`); a row already finished stays as it was. */
  async markEnded(id: string, phase: 'ended' | 'cancelled', reason: EndReason, endedAt: string): Promise<void> {
    await this.db
      .updateTable('consultations')
      .set({ phase, end_reason: reason, ended_at: endedAt })
      .where('id', '=', id)
      .where('phase', 'in', ['ringing', 'queued', 'connected'])
      .execute();
  }

  /** Appends engine timeline entries; `firstSeq` is the number of entries already stored. */
  async appendTimeline(id: string, firstSeq: number, entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.db
      .insertInto('consultation_events')
      .values(
        entries.map((entry, i) => ({
          consultation_id: id,
          seq: firstSeq + i,
          kind: entry.kind,
          at: new Date(entry.at).toISOString(),
          since_request_ms: entry.sinceRequestMs,
          tier: entry.tier ?? null,
          detail:
            entry.lawyerIds === undefined && entry.detail === undefined
              ? null
              : JSON.stringify({ ...(entry.lawyerIds ? { lawyerIds: entry.lawyerIds } : {}), ...(entry.detail ? { detail: entry.detail } : {}) }),
        })),
      )
      .execute();
  }

  async timeline(id: string): Promise<StoredTimelineEntry[]> {
    const rows = await this.db.selectFrom('consultation_events').selectAll().where('consultation_id', '=', id).orderBy('seq').execute();
    return rows.map((r) => ({
      kind: r.kind,
      at: r.at,
      sinceRequestMs: Number(r.since_request_ms),
      ...(r.tier === null ? {} : { tier: r.tier }),
      ...(r.detail === null ? {} : { detail: r.detail }),
    }));
  }

  async recordPush(id: string, pushId: string, at: string, pushedBy: string, push: Push): Promise<void> {
    await this.db
      .insertInto('consultation_pushes')
      .values({ push_id: pushId, consultation_id: id, at, pushed_by: pushedBy, kind: push.kind, title: push.title, body: push.body, items: JSON.stringify(push.items), outcome: null })
      .execute();
  }

  /** The kiosk's print outcome of a push; false when the push is not this consultation's. */
  async recordPrinted(id: string, pushId: string, outcome: string): Promise<boolean> {
    const result = await this.db.updateTable('consultation_pushes').set({ outcome }).where('push_id', '=', pushId).where('consultation_id', '=', id).executeTakeFirst();
    return updated(result) === 1;
  }

  async recordReferral(id: string, referralId: string, at: string, referral: Referral): Promise<void> {
    await this.db.insertInto('consultation_referrals').values({ id: referralId, consultation_id: id, at, referral: JSON.stringify(referral) }).execute();
  }

  async setIdentityVerified(id: string): Promise<void> {
    await this.db.updateTable('consultations').set({ identity_verified_by_lawyer: 1 }).where('id', '=', id).execute();
  }

  /**
   * At start: requests and calls left open by a previous process cannot go on (their sockets died with
   * it). Waiting ones are cancelled and calls ended, both with reason `network`, so no lawyer stays
   * booked by a call that no longer exists. Returns how many rows were closed.
   */
  async closeOrphans(at: string): Promise<number> {
    const waiting = await this.db
      .updateTable('consultations')
      .set({ phase: 'cancelled', end_reason: 'network', ended_at: at })
      .where('phase', 'in', ['ringing', 'queued'])
      .executeTakeFirst();
    const calls = await this.db.updateTable('consultations').set({ phase: 'ended', end_reason: 'network', ended_at: at }).where('phase', '=', 'connected').executeTakeFirst();
    return updated(waiting) + updated(calls);
  }
}
