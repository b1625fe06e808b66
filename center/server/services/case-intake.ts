/**
 * Every committed application gets its case row (the review) in the commit's own transaction, so
 * an application is never without one and a replayed commit (which inserts nothing) never makes a
 * second. Applications committed before the cases table existed get theirs at start.
 */
import type { Insertable, Kysely } from 'kysely';
import { ApplicationRecordSchema, type ApplicationRecord } from '../../../domain/legal-aid/application.ts';
import { decisionDueBy } from '../../../domain/legal-aid/clocks.ts';
import type { CasesTable, CentreDatabase } from '../db/schema.ts';
import { chinaDateOf } from './case-clocks.ts';
import { applicantKey } from './lookup-key.ts';

/** The case as it starts: received on the China date the centre received it, the 7-day clock running. */
export const newCaseRow = (applicationId: string, record: ApplicationRecord, receivedAt: string, lookupKey: Buffer): Insertable<CasesTable> => {
  const receivedOn = chinaDateOf(receivedAt);
  return {
    application_id: applicationId,
    status: 'received',
    applicant_key: applicantKey(lookupKey, record.applicant.idNumber),
    agent_key: record.agent === null ? null : applicantKey(lookupKey, record.agent.idNumber),
    received_on: receivedOn,
    received_at: receivedAt,
    // 第四十四条: the kiosk asked whether a limitation or procedural deadline is near.
    urgent: record.answers.urgent === null ? 0 : 1,
    deadline: record.answers.urgent?.deadline ?? null,
    supplement_days: 0,
    decision_due_on: decisionDueBy(receivedOn),
    updated_at: receivedAt,
    version: 1,
  };
};

/** Creates the missing case of every older application; returns how many were made. */
export const backfillCases = async (db: Kysely<CentreDatabase>, lookupKey: Buffer): Promise<number> => {
  const orphans = await db
    .selectFrom('applications as a')
    .leftJoin('cases as c', 'c.application_id', 'a.application_id')
    .where('c.application_id', 'is', null)
    .select(['a.application_id', 'a.record', 'a.received_at'])
    .execute();
  let made = 0;
  for (const orphan of orphans) {
    // Stored records were validated at commit; one that no longer parses (a schema change) cannot be
    // dated or keyed here and is left for an operator rather than guessed at.
    const parsed = ApplicationRecordSchema.safeParse(JSON.parse(orphan.record));
    if (!parsed.success) continue;
    await db
      .insertInto('cases')
      .values(newCaseRow(orphan.application_id, parsed.data, orphan.received_at, lookupKey))
      .onConflict((oc) => oc.column('application_id').doNothing())
      .execute();
    made += 1;
  }
  return made;
};
