/**
 * The rule pack the kiosk decides under, with the kiosk's place: the core's one view of the law's
 * data (resources/legal-aid), so the answers are checked against the same pack the screen used and
 * every application records its version.
 */
import type { ApplicationAnswers } from '../../../domain/legal-aid/application.ts';
import { decisionDueBy } from '../../../domain/legal-aid/clocks.ts';
import { checkAnswersAgainstPack } from '../../../domain/legal-aid/consistency.ts';
import { missingMaterials, requiredMaterials } from '../../../domain/legal-aid/materials.ts';
import type { Centre, Material, RulePack } from '../../../domain/legal-aid/rule-pack.ts';
import { competentCentre, findCentre } from '../../../domain/legal-aid/routing.ts';
import { err, ok, type Result } from '../../../domain/result.ts';

export class LegalAidRules {
  constructor(
    readonly pack: RulePack,
    readonly kioskRegionCode: string,
  ) {}

  /** The answers refer only to what the pack has, and fit together (the screen is not trusted). */
  check(answers: ApplicationAnswers): Result<void, string> {
    const checked = checkAnswersAgainstPack(this.pack, answers);
    // A count only: the issue texts quote the submitted ids, and errors never echo what was sent.
    return checked.ok ? ok(undefined) : err(`answers do not fit the rule pack (${checked.error.issues.length} issues)`);
  }

  /** 第三十八条: the competent centre for the place the person named, or the kiosk's own. */
  centreFor(placeCentreCode: string | null): Centre {
    return competentCentre(this.pack, { placeCentreCode, kioskRegionCode: this.kioskRegionCode });
  }

  centreByCode(code: string): Centre {
    return findCentre(this.pack, code) ?? this.centreFor(null);
  }

  /** 一次性告知: every required material without a captured page. */
  missingMaterials(answers: ApplicationAnswers): Material[] {
    const required = requiredMaterials(this.pack, {
      matterId: answers.matterId,
      branch: answers.branch,
      statusId: answers.statusId,
      circumstanceId: answers.circumstanceId,
      onBehalf: answers.onBehalf !== null,
    });
    return missingMaterials(required, answers.materials);
  }

  /** 第四十三条: 7 days from receipt; the kiosk's submission is the receipt date for the clock. */
  decisionDueBy(today: string): string {
    return decisionDueBy(today);
  }
}
