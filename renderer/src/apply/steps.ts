/**
 * The interview as a path of screens, recomputed from the answers: questions a branch does not
 * need never appear (household and income only on the 第四十一条 statement branch), and the path
 * stops at an honest outcome when legal aid does not (or may not) cover the matter. Pure: the view
 * renders whatever step is current, the store moves along this path.
 */
import type { RulePack } from '../../../domain/legal-aid/rule-pack';
import { applicableCircumstances, applicableStatuses, precheck } from '../../../domain/legal-aid/eligibility';
import { branchOf, type Draft } from './draft';

export type StepId =
  | 'intro'
  | 'who'
  | 'relationship'
  | 'applicantCard'
  | 'matter'
  | 'outcome'
  | 'circumstance'
  | 'status'
  | 'members'
  | 'income'
  | 'property'
  | 'hardship'
  | 'phone'
  | 'occupation'
  | 'education'
  | 'health'
  | 'role'
  | 'stage'
  | 'opposingKind'
  | 'opposingName'
  | 'facts'
  | 'place'
  | 'urgent'
  | 'deadline'
  | 'urgentReason'
  | 'prior'
  | 'materials'
  | 'pledge'
  | 'signature'
  | 'review';

export interface PathContext {
  pack: RulePack;
  /** Whether the applicant's own card has been read (on-behalf path). */
  applicantCardRead: boolean;
  /** The hardship standard check for the statement branch; null until income is known. */
  withinHardshipStandard: boolean | null;
}

export type Outcome = { kind: 'not_covered'; reason: string } | { kind: 'unclear'; reason: string };

/** The honest early answer (第三十一条): null when the matter is covered and the interview goes on. */
export function outcomeOf(draft: Draft, pack: RulePack): Outcome | null {
  if (draft.matterId === null) return null;
  // The circumstances are asked later; the matter alone decides whether to stop here.
  const checked = precheck(pack, { matterId: draft.matterId, circumstanceId: null, statusId: null });
  if (checked.outcome === 'covered') return null;
  return { kind: checked.outcome, reason: checked.reason };
}

/** The screens for these answers, in order. The last one is 'review' or 'outcome'. */
export function pathFor(draft: Draft, ctx: PathContext): StepId[] {
  const path: StepId[] = ['intro', 'who'];
  if (draft.forWhom === null) return path;
  if (draft.forWhom === 'other') {
    path.push('relationship');
    if (draft.relationship === null) return path;
    path.push('applicantCard');
    if (!ctx.applicantCardRead) return path;
  }
  path.push('matter');
  if (draft.matterId === null) return path;
  const outcome = outcomeOf(draft, ctx.pack);
  // "Unclear" may still be applied for (the centre decides); "not covered" ends here.
  if (outcome && !(outcome.kind === 'unclear' && draft.applyAnyway)) return [...path, 'outcome'];

  const circumstances = applicableCircumstances(ctx.pack, draft.matterId);
  const statuses = applicableStatuses(ctx.pack, draft.matterId);
  if (circumstances.length > 0) {
    path.push('circumstance');
    if (draft.circumstanceId === null) return path;
  }
  const noTest = draft.circumstanceId !== null && draft.circumstanceId !== 'none';
  if (!noTest && statuses.length > 0) {
    path.push('status');
    if (draft.statusId === null) return path;
  }
  const branch = branchOf({ ...draft, circumstanceId: draft.circumstanceId ?? 'none', statusId: draft.statusId ?? 'none' });
  if (branch === 'statement') {
    path.push('members', 'income', 'property');
    if (ctx.withinHardshipStandard === false) path.push('hardship');
  }
  path.push('phone', 'occupation', 'education', 'health', 'role', 'stage', 'opposingKind');
  if (draft.opposingKind !== 'unknown') path.push('opposingName');
  path.push('facts', 'place', 'urgent');
  if (draft.urgent) path.push('deadline', 'urgentReason');
  path.push('prior', 'materials');
  if (branch === 'statement') path.push('pledge');
  path.push('signature', 'review');
  return path;
}

/** Whether a step has its answer (so "下一步" may go on). */
export function isAnswered(step: StepId, draft: Draft, ctx: PathContext): boolean {
  switch (step) {
    case 'intro':
      return true;
    case 'who':
      return draft.forWhom !== null;
    case 'relationship':
      return draft.relationship !== null;
    case 'applicantCard':
      return ctx.applicantCardRead;
    case 'matter':
      return draft.matterId !== null;
    case 'outcome':
      return false;
    case 'circumstance':
      return draft.circumstanceId !== null;
    case 'status':
      return draft.statusId !== null;
    case 'members':
      return draft.members !== null;
    case 'income':
      return draft.monthlyIncome !== null;
    case 'property':
      return draft.property !== null;
    case 'hardship':
      return draft.hardshipContinue === true;
    case 'phone':
      return draft.phone !== null;
    case 'occupation':
      return draft.occupation !== null;
    case 'education':
      return draft.education !== null;
    case 'health':
      return draft.health !== null;
    case 'role':
      return draft.role !== null;
    case 'stage':
      return draft.stage !== null;
    case 'opposingKind':
      return draft.opposingKind !== null;
    case 'opposingName':
      return (draft.opposingName ?? '').trim().length > 0;
    case 'facts':
      return (draft.facts ?? '').trim().length > 0;
    case 'place':
      return draft.place !== null;
    case 'urgent':
      return draft.urgent !== null;
    case 'deadline':
      return draft.deadline !== null;
    case 'urgentReason':
      return draft.urgentReason !== null;
    case 'prior':
      return draft.prior !== null;
    case 'materials':
      return draft.materialsDone;
    case 'pledge':
      return draft.pledgeAccepted === true;
    case 'signature':
      return draft.signature === 'paper' || (draft.signature === 'touch' && draft.signatureCaptured);
    case 'review':
      return false;
  }
}
