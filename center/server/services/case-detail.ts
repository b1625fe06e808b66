/**
 * One application as the console shows it (CaseDetailSchema): the record as committed, put into
 * words with the rule pack it was decided under (ID numbers in full: staff and the assigned lawyer
 * need them), its attachments, the review's state and its history from the audit trail.
 */
import type { CaseDetail } from '../../../domain/centre/console-api.ts';
import { describeApplication, legalAidLabelsZhCN } from '../../../domain/legal-aid/index.ts';
import type { AuditService } from './audit.ts';
import type { CaseQueries, CaseRow } from './case-queries.ts';
import type { RulePacks } from './rule-packs.ts';

const labelZhCN = (key: string) => legalAidLabelsZhCN[key] ?? key;

export const buildCaseDetail = async (
  found: CaseRow,
  deps: { queries: CaseQueries; audit: AuditService; rulePacks: RulePacks },
): Promise<CaseDetail> => {
  const c = found.caseRow;
  const pack = deps.rulePacks.packFor(found.record);
  const attachments = await deps.queries.attachments(c.application_id);
  const description = describeApplication(found.record, pack, labelZhCN, { fullIdNumbers: true });
  return {
    summary: found.summary,
    record: found.record,
    description: { sections: description.sections.map((s) => ({ title: s.title, rows: s.rows.map((r) => ({ ...r })) })) },
    attachments: attachments.map(({ objectKey: _key, ...info }) => info),
    requestedMaterials: c.requested_materials === null ? null : (JSON.parse(c.requested_materials) as string[]),
    materialsNote: c.materials_note,
    materialsDueOn: c.materials_due_on,
    refusalReasons: c.refusal_reasons,
    decidedAt: c.decided_at,
    decidedBy: found.decidedByName,
    materialsRequestUsed: c.materials_requested_at !== null,
    version: c.version,
    history: await deps.audit.list({ subjectKind: 'application', subjectId: c.application_id, limit: 500 }),
  };
};
