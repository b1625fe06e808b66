/**
 * Which documents an application needs, and which are still missing. The centre must list every
 * missing material at once (一次性告知, 第四十三条), so the kiosk computes the whole list up front and
 * prints what is still missing on the receipt.
 *
 * The statement branch (第四十一条) asks for no income certificates on purpose: the ministry forbids
 * demanding them in disguise; the pledge and the centre's own checks replace them.
 */
import { refsInclude, type Branch, type Material, type RulePack } from './rule-pack.ts';

export interface MaterialsQuery {
  readonly matterId: string;
  readonly branch: Branch;
  readonly statusId: string | null;
  readonly circumstanceId?: string | null;
  /** Applying for someone else (第四十条) adds the proof of relationship or authority. */
  readonly onBehalf?: boolean;
}

/**
 * Materials for this matter and branch, in pack order, required ones first. A proof material named by
 * a circumstance or status is asked for only when that circumstance or status was chosen.
 */
export function requiredMaterials(pack: RulePack, query: MaterialsQuery): Material[] {
  const chosenProofs = new Set<string>();
  const allProofs = new Set<string>();
  for (const p of [...pack.circumstances, ...pack.statuses]) {
    if (p.proofMaterialId === null) continue;
    allProofs.add(p.proofMaterialId);
    if (p.id === query.circumstanceId || p.id === query.statusId) chosenProofs.add(p.proofMaterialId);
  }
  const applies = (m: Material) =>
    refsInclude(m.matters, query.matterId) &&
    (m.branches === 'all' || m.branches.includes(query.branch)) &&
    (!m.onBehalfOnly || query.onBehalf === true) &&
    (!allProofs.has(m.id) || chosenProofs.has(m.id));
  const list = pack.materials.filter(applies);
  return [...list.filter((m) => m.required), ...list.filter((m) => !m.required)];
}

export interface CapturedMaterial {
  readonly materialId: string;
  readonly pages: number;
}

/** Required materials with no captured page, all of them at once (一次性告知). */
export function missingMaterials(required: readonly Material[], captured: readonly CapturedMaterial[]): Material[] {
  const have = new Set(captured.filter((c) => c.pages > 0).map((c) => c.materialId));
  return required.filter((m) => m.required && !have.has(m.id));
}
