/**
 * The early, honest pre-check: is this matter one legal aid covers, and which branch applies?
 *
 * It never refuses anyone on the centre's behalf: a matter outside the catalogue is 'unclear' (the
 * centre may still help under 第三十一条第九项 or a local regulation), and only matters the pack
 * itself marks as not covered are 'not_covered'. The centre makes the decision (第四十三条).
 */
import { findMatter, refsInclude, type Branch, type Circumstance, type RulePack, type WaiverStatus } from './rule-pack.ts';

export interface PrecheckInput {
  /** null = 其他 / 不知道. */
  readonly matterId: string | null;
  readonly circumstanceId: string | null;
  readonly statusId: string | null;
}

export type PrecheckOutcome =
  | { readonly outcome: 'covered'; readonly branch: Branch }
  | { readonly outcome: 'not_covered'; readonly reason: string }
  | { readonly outcome: 'unclear'; readonly reason: string };

/** 第三十二条 circumstances that apply to the matter (all 'all' ones when the matter is unknown). */
export function applicableCircumstances(pack: RulePack, matterId: string | null): Circumstance[] {
  return pack.circumstances.filter((c) => refsInclude(c.matters, matterId));
}

/** 第四十二条 statuses that apply to the matter, e.g. 进城务工人员 only for wages and work injury. */
export function applicableStatuses(pack: RulePack, matterId: string | null): WaiverStatus[] {
  return pack.statuses.filter((s) => refsInclude(s.matters, matterId));
}

export const UNCLEAR_OTHER_MATTER =
  '您的事情不在常见的法律援助事项里，但当地法规可能另有规定（《法律援助法》第三十一条第九项）。可以先提交申请，由法律援助机构决定；也可以先和视频律师免费咨询。';

export function precheck(pack: RulePack, input: PrecheckInput): PrecheckOutcome {
  const matter = input.matterId === null ? undefined : findMatter(pack, input.matterId);
  if (input.matterId !== null && matter === undefined) return { outcome: 'unclear', reason: UNCLEAR_OTHER_MATTER };
  if (matter?.notCoveredReason) return { outcome: 'not_covered', reason: matter.notCoveredReason };

  // 第三十二条 stands on its own: e.g. a domestic-violence victim's divorce is covered without any
  // economic test even though divorce is not in the national catalogue.
  if (input.circumstanceId !== null) {
    if (applicableCircumstances(pack, input.matterId).some((c) => c.id === input.circumstanceId)) {
      return { outcome: 'covered', branch: 'no_test' };
    }
  }
  if (matter === undefined || matter.catchAll) return { outcome: 'unclear', reason: UNCLEAR_OTHER_MATTER };

  // A status that does not apply to this matter (a migrant worker's traffic accident) is not an
  // error: the applicant simply states the household's situation instead.
  if (input.statusId !== null && applicableStatuses(pack, matter.id).some((s) => s.id === input.statusId)) {
    return { outcome: 'covered', branch: 'waived' };
  }
  return { outcome: 'covered', branch: 'statement' };
}
