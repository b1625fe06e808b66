/**
 * The answers of a legal-aid application while the person gives them, one screen at a time. Every
 * field starts unset; Back and edits only ever change the field of the screen in question, so no
 * answer is lost by moving around. `toAnswers` turns a finished draft into the contract's shape.
 */
import type { ApplicationAnswers } from '../../../domain/legal-aid/application';
import type { Branch, RulePack } from '../../../domain/legal-aid/rule-pack';

export type Relationship = NonNullable<ApplicationAnswers['onBehalf']>['relationship'];
export type OpposingKind = 'person' | 'organisation' | 'unknown';
export type Role = 'claimant' | 'respondent';

export interface Draft {
  forWhom: 'self' | 'other' | null;
  relationship: Relationship | null;
  matterId: string | null;
  /** For a matter the pre-check calls unclear: the person chose to apply anyway (the centre decides). */
  applyAnyway: boolean;
  /** 'none' = "都不是". */
  circumstanceId: string | null;
  statusId: string | null;
  members: number | null;
  monthlyIncome: number | null;
  property: string | null;
  /** The person chose to go on although the income seems above the standard. */
  hardshipContinue: boolean | null;
  phone: string | null;
  occupation: string | null;
  education: ApplicationAnswers['education'] | null;
  health: ApplicationAnswers['health'] | null;
  role: Role | null;
  stage: ApplicationAnswers['stage'] | null;
  opposingKind: OpposingKind | null;
  opposingName: string | null;
  facts: string | null;
  /** A centre's region code, or 'unknown'. */
  place: string | null;
  urgent: boolean | null;
  deadline: string | null;
  urgentReason: NonNullable<ApplicationAnswers['urgent']>['reason'] | null;
  prior: boolean | null;
  /** Set once the person has been through the materials screen. */
  materialsDone: boolean;
  pledgeAccepted: boolean | null;
  pledgeReadAloud: boolean;
  signature: 'touch' | 'paper' | null;
  signatureCaptured: boolean;
}

export const emptyDraft = (): Draft => ({
  forWhom: null,
  relationship: null,
  matterId: null,
  applyAnyway: false,
  circumstanceId: null,
  statusId: null,
  members: null,
  monthlyIncome: null,
  property: null,
  hardshipContinue: null,
  phone: null,
  occupation: null,
  education: null,
  health: null,
  role: null,
  stage: null,
  opposingKind: null,
  opposingName: null,
  facts: null,
  place: null,
  urgent: null,
  deadline: null,
  urgentReason: null,
  prior: null,
  materialsDone: false,
  pledgeAccepted: null,
  pledgeReadAloud: false,
  signature: null,
  signatureCaptured: false,
});

/** Which eligibility path the answers so far lead to (第三十二条 / 第四十二条 / 第四十一条). */
export function branchOf(draft: Draft): Branch | null {
  if (draft.circumstanceId && draft.circumstanceId !== 'none') return 'no_test';
  if (draft.statusId && draft.statusId !== 'none') return 'waived';
  if (draft.circumstanceId === null && draft.statusId === null) return null;
  return 'statement';
}

/** Claimant or respondent, in the words the form uses for this stage. */
function legalStatusOf(role: Role, stage: ApplicationAnswers['stage']): ApplicationAnswers['legalStatus'] {
  const arbitrationLike = stage === 'arbitration' || stage === 'not_started' || stage === 'reconsideration';
  if (role === 'claimant') return arbitrationLike ? 'applicant' : 'plaintiff';
  return arbitrationLike ? 'respondent' : 'defendant';
}

/** The usual form of aid for the matter at this stage; the centre may change it. */
function aidFormOf(pack: RulePack, matterId: string, stage: ApplicationAnswers['stage']): ApplicationAnswers['aidForm'] {
  const forms = pack.matters.find((m) => m.id === matterId)?.aidForms ?? ['non_litigation'];
  if (stage === 'arbitration' && forms.includes('arbitration')) return 'arbitration';
  if (stage !== 'not_started' && stage !== 'arbitration' && forms.includes('civil_litigation')) return 'civil_litigation';
  return forms[0]!;
}

/** 人群类别 the card and the answers already tell; only ids the pack knows are used. */
function groupsOf(pack: RulePack, draft: Draft, person: { age: number; sex: 'male' | 'female' }): string[] {
  const known = new Set(pack.groups.map((g) => g.id));
  const groups: string[] = [];
  if (person.age >= 60) groups.push('elderly');
  if (person.age < 18) groups.push('minor');
  if (person.sex === 'female') groups.push('woman');
  if (draft.health === 'disabled') groups.push('disabled');
  if (draft.statusId && known.has(draft.statusId)) groups.push(draft.statusId);
  return [...new Set(groups)].filter((g) => known.has(g));
}

export interface AnswerContext {
  pack: RulePack;
  /** The applicant as read from their card (the agent's own card when applying for themselves). */
  applicant: { age: number; sex: 'male' | 'female' };
  /** Captured pages per material id, as the core holds them. */
  pages: Record<string, number>;
}

/** The contract's answers; throws on an unfinished draft (the review screen is only reachable when complete). */
export function toAnswers(draft: Draft, ctx: AnswerContext): ApplicationAnswers {
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`draft incomplete: ${what}`);
    return value;
  };
  const branch = need(branchOf(draft), 'branch');
  const stage = need(draft.stage, 'stage');
  const matterId = need(draft.matterId, 'matter');
  return {
    onBehalf: draft.forWhom === 'other' ? { relationship: need(draft.relationship, 'relationship'), note: '' } : null,
    matterId,
    branch,
    circumstanceId: branch === 'no_test' ? draft.circumstanceId : null,
    statusId: branch === 'waived' ? draft.statusId : null,
    phone: need(draft.phone, 'phone'),
    occupation: need(draft.occupation, 'occupation'),
    education: need(draft.education, 'education'),
    health: need(draft.health, 'health'),
    groups: groupsOf(ctx.pack, draft, ctx.applicant),
    legalStatus: legalStatusOf(need(draft.role, 'role'), stage),
    aidForm: aidFormOf(ctx.pack, matterId, stage),
    stage,
    opposingParty:
      draft.opposingKind && draft.opposingKind !== 'unknown' && draft.opposingName
        ? { kind: draft.opposingKind, name: draft.opposingName }
        : null,
    facts: need(draft.facts, 'facts'),
    placeCentreCode: draft.place && draft.place !== 'unknown' ? draft.place : null,
    household:
      branch === 'statement'
        ? { members: need(draft.members, 'members'), monthlyIncome: need(draft.monthlyIncome, 'income'), property: draft.property ?? '' }
        : null,
    urgent: draft.urgent ? { deadline: need(draft.deadline, 'deadline'), reason: need(draft.urgentReason, 'urgent reason') } : null,
    priorApplication: need(draft.prior, 'prior'),
    pledge: branch === 'statement' ? { accepted: draft.pledgeAccepted === true, readAloud: draft.pledgeReadAloud } : null,
    signature: { method: need(draft.signature, 'signature') },
    materials: Object.entries(ctx.pages)
      .filter(([, pages]) => pages > 0)
      .map(([materialId, pages]) => ({ materialId, pages })),
  };
}
