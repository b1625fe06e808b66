/**
 * Answers that parse (ApplicationAnswersSchema) may still not fit the rule pack they are submitted
 * under: a matter id from another province, a status that does not apply to the matter, a branch the
 * pre-check would not give. The core checks this before storing, so a recorded application is one
 * the recorded pack version can explain.
 */
import type { ApplicationAnswers } from './application.ts';
import { precheck } from './eligibility.ts';
import { err, ok, type Result } from '../result.ts';
import type { RulePack } from './rule-pack.ts';

export function checkAnswersAgainstPack(pack: RulePack, answers: ApplicationAnswers): Result<ApplicationAnswers, { issues: string[] }> {
  const issues: string[] = [];
  const matter = pack.matters.find((m) => m.id === answers.matterId);
  if (matter === undefined) issues.push(`matterId "${answers.matterId}" is not in pack ${pack.version}`);

  const outcome = precheck(pack, { matterId: answers.matterId, circumstanceId: answers.circumstanceId, statusId: answers.statusId });
  if (outcome.outcome === 'not_covered') issues.push(`matter "${answers.matterId}" is not covered`);
  if (outcome.outcome === 'covered' && outcome.branch !== answers.branch) {
    issues.push(`branch "${answers.branch}" does not follow from the answers (expected "${outcome.branch}")`);
  }
  if (matter !== undefined && !matter.aidForms.includes(answers.aidForm)) {
    // Not an error in law (the centre decides the form), but the kiosk only offers the typical ones.
    issues.push(`aidForm "${answers.aidForm}" is not offered for matter "${matter.id}"`);
  }
  const groupIds = new Set(pack.groups.map((g) => g.id));
  for (const g of answers.groups) if (!groupIds.has(g)) issues.push(`group "${g}" is not in the pack`);
  if (answers.placeCentreCode !== null && !pack.centres.some((c) => c.code === answers.placeCentreCode)) {
    issues.push(`placeCentreCode "${answers.placeCentreCode}" is not a centre in the pack`);
  }
  const materialIds = new Set(pack.materials.map((m) => m.id));
  for (const m of answers.materials) if (!materialIds.has(m.materialId)) issues.push(`material "${m.materialId}" is not in the pack`);
  return issues.length === 0 ? ok(answers) : err({ issues });
}
