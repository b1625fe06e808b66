/**
 * Status back to citizens, without personal data (no name, ID number, phone or facts): the kiosk's
 * look-up by the card on its reader (through the HMAC applicant key) and the public page behind the
 * receipt's QR code (a number and the receipt's short code).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CitizenStatus } from '../../../domain/centre/console-api.ts';
import { ApplicationRecordSchema, type ApplicationRecord } from '../../../domain/legal-aid/application.ts';
import type { CentreDatabase } from '../db/schema.ts';
import type { StatusPageView } from '../views/status-page.ts';
import { applicantKey } from './lookup-key.ts';
import type { RulePacks } from './rule-packs.ts';

export interface FoundStatus {
  readonly applicationId: string;
  readonly status: CitizenStatus;
  readonly view: StatusPageView;
}

export interface CitizenStatusService {
  /** Every application this person made, for themselves or for someone else (第四十条), newest first. */
  byIdNumber(idNumber: string): Promise<FoundStatus[]>;
  /** The application with this local or acceptance number whose receipt code matches, or null. */
  byNumber(number: string, shortCode: string): Promise<FoundStatus | null>;
}

const statusSelect = (db: Kysely<CentreDatabase>) =>
  db
    .selectFrom('cases as c')
    .innerJoin('applications as a', 'a.application_id', 'c.application_id')
    .leftJoin('accounts as l', 'l.id', 'c.lawyer_id')
    .select([
      'a.application_id',
      'a.acceptance_number',
      'a.local_number',
      'a.received_at',
      'a.record',
      'c.status',
      'c.received_on',
      'c.decision_due_on',
      'c.requested_materials',
      'c.materials_due_on',
      'c.assignment_due_on',
      'c.updated_at',
      'l.display_name as lawyer_name',
    ]);
type StatusRow = Awaited<ReturnType<ReturnType<typeof statusSelect>['executeTakeFirstOrThrow']>>;

/**
 * Equal-length digests, so the comparison takes the same time whatever the inputs' lengths. Case is
 * ignored: kiosk codes are upper-case letters and digits, and a person typing one in may not be.
 */
const digestOf = (code: string) => createHash('sha256').update(code.toUpperCase(), 'utf8').digest();
const sameCode = (a: string, b: string) => timingSafeEqual(digestOf(a), digestOf(b));

export const createCitizenStatusService = (deps: { db: Kysely<CentreDatabase>; lookupKey: Buffer; rulePacks: RulePacks }): CitizenStatusService => {
  const toFound = (row: StatusRow, record: ApplicationRecord): FoundStatus => {
    const pack = deps.rulePacks.packFor(record);
    const materialsRequested = row.status === 'materials_requested';
    const requested = materialsRequested && row.requested_materials !== null ? (JSON.parse(row.requested_materials) as string[]) : null;
    const status: CitizenStatus = {
      acceptanceNumber: row.acceptance_number,
      localNumber: row.local_number,
      receivedOn: row.received_on,
      status: row.status,
      matterId: record.answers.matterId,
      decisionDueOn: row.status === 'received' ? row.decision_due_on : null,
      requestedMaterials: requested,
      materialsDueOn: materialsRequested ? row.materials_due_on : null,
      lawyerName: row.status === 'assigned' ? row.lawyer_name : null,
      updatedAt: row.updated_at,
    };
    return {
      applicationId: row.application_id,
      status,
      view: {
        status,
        matterLabel: pack.matters.find((m) => m.id === record.answers.matterId)?.plainLabel ?? record.answers.matterId,
        materialLabels: (requested ?? []).map((id) => pack.materials.find((m) => m.id === id)?.label ?? id),
        assignmentDueOn: row.status === 'granted' ? row.assignment_due_on : null,
      },
    };
  };
  const recordOf = (row: StatusRow) => ApplicationRecordSchema.parse(JSON.parse(row.record));

  return {
    async byIdNumber(idNumber) {
      const rows = await statusSelect(deps.db)
        .where((eb) => {
          const key = applicantKey(deps.lookupKey, idNumber);
          return eb.or([eb('c.applicant_key', '=', key), eb('c.agent_key', '=', key)]);
        })
        .orderBy('a.received_at', 'desc')
        .execute();
      return rows.map((row) => toFound(row, recordOf(row)));
    },

    async byNumber(number, shortCode) {
      // Local numbers are unique only per kiosk: several rows may share one; the code tells them apart.
      const rows = await statusSelect(deps.db)
        .where((eb) => eb.or([eb('a.acceptance_number', '=', number), eb('a.local_number', '=', number)]))
        .limit(20)
        .execute();
      let found: FoundStatus | null = null;
      for (const row of rows) {
        const record = recordOf(row);
        if (sameCode(record.shortCode, shortCode) && found === null) found = toFound(row, record);
      }
      // An unknown number costs one comparison too, so the two 404s are alike in time as in words.
      if (rows.length === 0) sameCode(shortCode, shortCode);
      return found;
    },
  };
};
