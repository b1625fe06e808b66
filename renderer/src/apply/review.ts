/**
 * The review screen's rows: the domain's description of the answers (the same words the printed
 * form uses), without what the screen cannot know or must not show (the full ID number and the
 * address stay in the core), each row tied to the screen that edits it.
 */
import { describeApplication, type DescribedSection } from '../../../domain/legal-aid/describe';
import { legalAidLabelsZhCN } from '../../../domain/legal-aid/labels/zh-CN';
import type { ApplicationAnswers, Party } from '../../../domain/legal-aid/application';
import type { RulePack } from '../../../domain/legal-aid/rule-pack';
import type { CitizenView } from '../bridge/contract';
import type { StepId } from './steps';

const EDIT_STEP: Array<[RegExp, StepId]> = [
  [/^phone$/, 'phone'],
  [/^occupation$/, 'occupation'],
  [/^education$/, 'education'],
  [/^health$/, 'health'],
  [/^onBehalf\./, 'relationship'],
  [/^matterId$/, 'matter'],
  [/^legalStatus$/, 'role'],
  [/^stage$/, 'stage'],
  [/^opposingParty$/, 'opposingKind'],
  [/^placeCentreCode$/, 'place'],
  [/^priorApplication$/, 'prior'],
  [/^urgent$/, 'urgent'],
  [/^facts$/, 'facts'],
  [/^circumstanceId$/, 'circumstance'],
  [/^statusId$/, 'status'],
  [/^household\.members$/, 'members'],
  [/^household\.(monthlyIncome|perMember)$/, 'income'],
  [/^household\.property$/, 'property'],
  [/^pledge$/, 'pledge'],
  [/^materials/, 'materials'],
  [/^signature$/, 'signature'],
];
/** Rows the screen leaves out: derived by the kiosk, or known only to the core. */
const HIDDEN = /^(applicant|agent)\.(address|cardType|nation)$|^(groups|aidForm|branch)$/;

export const editStepFor = (key: string): StepId | null => EDIT_STEP.find(([re]) => re.test(key))?.[1] ?? null;

const partyOf = (c: Omit<CitizenView, 'photo'>): Party => ({
  name: c.name,
  sex: c.sex,
  birthDate: c.birthDate,
  nation: c.nation,
  // Already masked by the core; describe's masking keeps it masked.
  idNumber: c.maskedIdNumber,
  address: null,
  cardType: c.cardType,
});

export interface ReviewSection {
  title: string;
  rows: Array<{ key: string; label: string; value: string; edit: StepId | null }>;
}

export function reviewSections(
  answers: ApplicationAnswers,
  pack: RulePack,
  people: { citizen: Omit<CitizenView, 'photo'>; applicant: Omit<CitizenView, 'photo'> | null },
): ReviewSection[] {
  const onBehalf = people.applicant !== null;
  const description = describeApplication(
    { applicant: partyOf(people.applicant ?? people.citizen), agent: onBehalf ? partyOf(people.citizen) : null, answers },
    pack,
    (key) => legalAidLabelsZhCN[key] ?? key,
  );
  return description.sections.map((s: DescribedSection) => ({
    title: s.title,
    rows: s.rows.filter((r) => !HIDDEN.test(r.key)).map((r) => ({ ...r, edit: editStepFor(r.key) })),
  }));
}
