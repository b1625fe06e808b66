/**
 * The statement branch's hardship check as the interview needs it: null until both household
 * figures are known, then whether the income per member is within the standard of the place
 * (第三十四条). Above the standard is not a refusal: the screen says so honestly and lets the
 * person apply anyway or choose another kind of help.
 */
import { assessHardship } from '../../../domain/legal-aid/hardship';
import type { RulePack } from '../../../domain/legal-aid/rule-pack';
import type { Draft } from './draft';

export function withinHardshipStandard(pack: RulePack, regionCode: string, draft: Draft): boolean | null {
  if (draft.members === null || draft.monthlyIncome === null || draft.members < 1) return null;
  return assessHardship(pack, { members: draft.members, monthlyIncome: draft.monthlyIncome, regionCode }).withinStandard;
}
