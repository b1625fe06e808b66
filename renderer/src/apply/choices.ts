/**
 * The choice questions of the interview: which draft field each sets and which answers it offers.
 * Labels are i18n keys (`apply.<step>.<value>`) except where the rule pack names the options.
 */
import type { RulePack } from '../../../domain/legal-aid/rule-pack';
import { applicableCircumstances, applicableStatuses } from '../../../domain/legal-aid/eligibility';
import { EDUCATION_LEVELS, HEALTH_STATES, URGENT_REASONS } from '../../../domain/legal-aid/application';
import type { Draft } from './draft';
import type { StepId } from './steps';

export interface Choice {
  value: string;
  /** Literal text (from the pack) or an i18n key. */
  label: { text: string } | { key: string };
  hint?: string;
}

export interface ChoiceQuestion {
  field: keyof Draft;
  choices: Choice[];
  /** How a chosen value is stored in the draft. */
  toValue?: (value: string) => Draft[keyof Draft];
  fromValue?: (draft: Draft) => string | null;
}

const keyed = (step: string, values: readonly string[]): Choice[] => values.map((value) => ({ value, label: { key: `apply.${step}.${value}` } }));
const yesNo = (field: keyof Draft, step: string): ChoiceQuestion => ({
  field,
  choices: keyed(step, ['yes', 'no']),
  toValue: (v) => v === 'yes',
  fromValue: (d) => (d[field] === null ? null : d[field] ? 'yes' : 'no'),
});

/** Occupation answers are stored as the words shown, since the form prints free text there. */
const OCCUPATIONS = ['worker', 'farmer', 'unemployed', 'retired', 'student', 'other'] as const;
const OCCUPATION_WORDS: Record<(typeof OCCUPATIONS)[number], string> = {
  worker: '务工',
  farmer: '务农',
  unemployed: '无业',
  retired: '退休',
  student: '学生',
  other: '其他',
};

export function choiceQuestion(step: StepId, pack: RulePack, draft: Draft, kioskRegionCode: string): ChoiceQuestion | null {
  switch (step) {
    case 'who':
      return { field: 'forWhom', choices: keyed('who', ['self', 'other']) };
    case 'relationship':
      return { field: 'relationship', choices: keyed('relationship', ['legal_representative', 'close_relative', 'other_by_law']) };
    case 'matter':
      return {
        field: 'matterId',
        choices: [
          ...pack.matters.filter((m) => !m.notCoveredReason).map((m) => ({ value: m.id, label: { text: m.plainLabel } })),
          ...pack.matters.filter((m) => m.notCoveredReason).map((m) => ({ value: m.id, label: { text: m.plainLabel } })),
        ],
      };
    case 'circumstance':
      return {
        field: 'circumstanceId',
        choices: [
          ...applicableCircumstances(pack, draft.matterId).map((c) => ({ value: c.id, label: { text: c.plainLabel } })),
          { value: 'none', label: { key: 'apply.circumstance.none' } },
        ],
      };
    case 'status':
      return {
        field: 'statusId',
        choices: [
          ...applicableStatuses(pack, draft.matterId).map((s) => ({ value: s.id, label: { text: s.plainLabel } })),
          { value: 'none', label: { key: 'apply.status.none' } },
        ],
      };
    case 'occupation':
      return {
        field: 'occupation',
        choices: keyed('occupation', OCCUPATIONS),
        toValue: (v) => OCCUPATION_WORDS[v as (typeof OCCUPATIONS)[number]] ?? v,
        fromValue: (d) => OCCUPATIONS.find((o) => OCCUPATION_WORDS[o] === d.occupation) ?? null,
      };
    case 'education':
      return { field: 'education', choices: keyed('education', EDUCATION_LEVELS) };
    case 'health':
      return { field: 'health', choices: keyed('health', HEALTH_STATES) };
    case 'role':
      return { field: 'role', choices: keyed('role', ['claimant', 'respondent']) };
    case 'stage':
      return {
        field: 'stage',
        choices: keyed('stage', ['not_started', 'arbitration', 'first_instance', 'second_instance', 'retrial', 'reconsideration', 'enforcement']),
      };
    case 'opposingKind':
      return { field: 'opposingKind', choices: keyed('opposingKind', ['person', 'organisation', 'unknown']) };
    case 'place': {
      // Centres of the kiosk's own province first (the usual answer), then "不清楚".
      const province = kioskRegionCode.slice(0, 2);
      const centres = pack.centres.filter((c) => c.code.startsWith(province)).slice(0, 8);
      return {
        field: 'place',
        choices: [...centres.map((c) => ({ value: c.code, label: { text: c.name } })), { value: 'unknown', label: { key: 'apply.place.unknown' } }],
      };
    }
    case 'urgent':
      return yesNo('urgent', 'urgent');
    case 'urgentReason':
      return { field: 'urgentReason', choices: keyed('urgentReason', URGENT_REASONS) };
    case 'prior':
      return yesNo('prior', 'prior');
    default:
      return null;
  }
}
