/**
 * Which legal-aid centre an application goes to (第三十八条): for litigation, the centre where the
 * case-handling body sits; otherwise where the dispute-handling body sits or the matter arose. The
 * applicant names that place (or says 不清楚), so the application may go to another county's
 * centre, not always the kiosk's own.
 */
import type { Centre, RulePack } from './rule-pack.ts';

export interface RoutingInput {
  /** A centre code or region code of the place of the case or dispute; null = 不清楚. */
  readonly placeCentreCode: string | null;
  /** GB/T 2260 code of the county or district where the kiosk stands. */
  readonly kioskRegionCode: string;
}

/** The centre serving a region: the longest `serves` prefix over all centres, or undefined. */
export function centreServing(pack: RulePack, regionCode: string): Centre | undefined {
  let best: { centre: Centre; length: number } | undefined;
  for (const centre of pack.centres) {
    for (const prefix of centre.serves) {
      if (regionCode.startsWith(prefix) && (best === undefined || prefix.length > best.length)) {
        best = { centre, length: prefix.length };
      }
    }
  }
  return best?.centre;
}

export function findCentre(pack: RulePack, code: string): Centre | undefined {
  return pack.centres.find((c) => c.code === code);
}

function defaultCentre(pack: RulePack): Centre {
  const centre = findCentre(pack, pack.defaultCentreCode);
  // RulePackSchema guarantees the default is one of the centres; reaching here means an unvalidated pack.
  if (centre === undefined) throw new Error(`rule pack ${pack.version}: default centre missing`);
  return centre;
}

export function competentCentre(pack: RulePack, input: RoutingInput): Centre {
  if (input.placeCentreCode !== null) {
    const named = findCentre(pack, input.placeCentreCode) ?? centreServing(pack, input.placeCentreCode);
    if (named !== undefined) return named;
  }
  return centreServing(pack, input.kioskRegionCode) ?? defaultCentre(pack);
}
