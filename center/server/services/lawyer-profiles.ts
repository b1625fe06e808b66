/**
 * Lawyers' dispatch profiles (issue 6): which regions, matters and languages a lawyer takes video
 * consultations for. Administrators set them for lawyer accounts only; every save is audited (ids
 * and counts, no names). The dispatcher reads the same rows (consult/repository.ts) and is told of a
 * change by the route.
 */
import type { Kysely } from 'kysely';
import type { LawyerProfileBody, LawyerWithProfile } from '../../../domain/consult/protocol.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';
import type { AuditActor, AuditService } from './audit.ts';

/**
 * Province-level divisions of the mainland (GB/T 2260 first two digits). Legal aid is organised by
 * mainland administrations, so 71/81/82 (Taiwan, Hong Kong, Macao) are not regions a lawyer serves.
 */
const MAINLAND_PROVINCES = new Set('11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' '));

/** Why a 6-digit code is not a region a profile can name, or null when it is plausible. */
export const regionCodeProblem = (code: string): string | null => {
  if (!/^\d{6}$/.test(code)) return 'is not 6 digits';
  if (!MAINLAND_PROVINCES.has(code.slice(0, 2))) return 'names no mainland province (GB/T 2260)';
  // A province code (xx0000) is too coarse: the dispatcher's first tier is the lawyer's county.
  if (code.slice(2) === '0000') return 'is a whole province; give a city or county code';
  return null;
};

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

const parseList = (json: string): string[] => {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

export interface LawyerProfileService {
  /** Every lawyer account with its profile (or null), by username. */
  list(): Promise<LawyerWithProfile[]>;
  /** One lawyer account with its profile; null when the account is not a lawyer's. */
  get(accountId: string): Promise<LawyerWithProfile | null>;
  /** Creates or replaces the profile of a lawyer account; 400 for implausible regions, 404 for a non-lawyer. */
  save(accountId: string, body: LawyerProfileBody, actor: AuditActor): Promise<LawyerWithProfile>;
}

export const createLawyerProfileService = (deps: { db: Kysely<CentreDatabase>; audit: AuditService; now: () => number }): LawyerProfileService => {
  const { db } = deps;
  const select = () =>
    db
      .selectFrom('accounts as a')
      .leftJoin('lawyer_profiles as p', 'p.account_id', 'a.id')
      .select(['a.id', 'a.username', 'a.display_name as account_name', 'a.disabled_at'])
      .select(['p.display_name', 'p.organisation', 'p.region_codes', 'p.matter_categories', 'p.languages', 'p.updated_at'])
      .where('a.role', '=', 'lawyer');
  type Row = Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>;
  const toView = (row: Row): LawyerWithProfile => ({
    accountId: row.id,
    username: row.username,
    accountDisplayName: row.account_name,
    disabled: row.disabled_at !== null,
    profile:
      row.updated_at === null || row.display_name === null
        ? null
        : {
            displayName: row.display_name,
            organisation: row.organisation ?? '',
            regionCodes: parseList(row.region_codes ?? '[]'),
            matterCategories: parseList(row.matter_categories ?? '[]') as LawyerProfileBody['matterCategories'],
            languages: parseList(row.languages ?? '[]') as LawyerProfileBody['languages'],
            updatedAt: row.updated_at,
          },
  });
  const get = async (accountId: string) => {
    const row = await select().where('a.id', '=', accountId).executeTakeFirst();
    return row ? toView(row) : null;
  };

  return {
    async list() {
      return (await select().orderBy('a.username').execute()).map(toView);
    },
    get,
    async save(accountId, body, actor) {
      for (const [index, code] of body.regionCodes.entries()) {
        const problem = regionCodeProblem(code);
        // Region codes are public administrative codes, not personal data: naming one helps the admin.
        if (problem !== null) throw new CentreHttpError(400, 'invalid_input', `regionCodes.${index}: ${code} ${problem}`);
      }
      if (!(await get(accountId))) throw new CentreHttpError(404, 'not_found', 'no such lawyer account');
      // The first region is the lawyer's home county (the dispatcher's first tier): order is kept.
      const values = {
        display_name: body.displayName,
        organisation: body.organisation,
        region_codes: JSON.stringify(unique(body.regionCodes)),
        matter_categories: JSON.stringify(unique(body.matterCategories)),
        languages: JSON.stringify(unique(body.languages)),
        updated_at: new Date(deps.now()).toISOString(),
      };
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('lawyer_profiles')
          .values({ account_id: accountId, ...values })
          .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
          .execute();
        await deps.audit.record(
          {
            actor,
            action: 'lawyer_profile.saved',
            subjectKind: 'account',
            subjectId: accountId,
            detail: { regionCodes: unique(body.regionCodes), matterCategories: unique(body.matterCategories), languages: unique(body.languages) },
          },
          trx,
        );
      });
      return (await get(accountId)) as LawyerWithProfile;
    },
  };
};
