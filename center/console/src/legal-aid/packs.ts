/**
 * The rule packs the console names matters and materials with: the same JSON the kiosks ship
 * (resources/legal-aid), bundled by Vite, so the console never invents its own wording.
 *
 * An application records the merged pack version it was made under (e.g.
 * `cn-national@2026.1+44@2026.1`). Lists, which carry no version, look in every shipped pack: an
 * extension only adds entries or rewords national ones.
 */
import { mergeRulePacks, requiredMaterials, type Material, type RulePack } from '../../../../domain/legal-aid/index.ts';
import type { ApplicationRecord } from '../../../../domain/legal-aid/application.ts';
import national from '../../../../resources/legal-aid/national.json';
import guangdong from '../../../../resources/legal-aid/provinces/44.json';

const EXTENSIONS: Readonly<Record<string, unknown>> = { '44': guangdong };

const merge = (extension?: unknown): RulePack => {
  const merged = mergeRulePacks(national, extension);
  // The shipped packs are validated by the domain's tests; a failure here is a build defect.
  if (!merged.ok) throw new Error(`shipped rule pack invalid: ${merged.error.issues.length} issues`);
  return merged.value;
};

const cache = new Map<string, RulePack>();
const packOf = (province: string | null): RulePack => {
  const key = province ?? '';
  let pack = cache.get(key);
  if (!pack) {
    pack = merge(province === null ? undefined : EXTENSIONS[province]);
    cache.set(key, pack);
  }
  return pack;
};

/**
 * The pack an application was decided under, chosen as the centre chooses it
 * (center/server/services/rule-packs.ts): by its recorded version, else by its centre's province.
 */
export const packForRecord = (record: { readonly configVersion: string; readonly centreCode: string }): RulePack => {
  const candidates = [packOf(null), ...Object.keys(EXTENSIONS).map(packOf)];
  const byVersion = candidates.find((p) => p.version === record.configVersion);
  if (byVersion) return byVersion;
  const province = record.centreCode.slice(0, 2);
  return packOf(province in EXTENSIONS ? province : null);
};

const allPacks = (): RulePack[] => [packOf(null), ...Object.keys(EXTENSIONS).map(packOf)];

/** A matter's statute wording, or its id when no shipped pack knows it. */
export const matterLabel = (matterId: string, pack?: RulePack): string => {
  for (const p of pack ? [pack] : allPacks().reverse()) {
    const matter = p.matters.find((m) => m.id === matterId);
    if (matter) return matter.label;
  }
  return matterId;
};

export const materialLabel = (materialId: string, pack?: RulePack): string => {
  for (const p of pack ? [pack] : allPacks().reverse()) {
    const material = p.materials.find((m) => m.id === materialId);
    if (material) return material.label;
  }
  return materialId;
};

/**
 * The checklist for a one-time request (一次性告知): every material the application's matter and
 * branch need, required first, plus any material the record names that the pack no longer lists.
 */
export const materialChecklist = (record: ApplicationRecord, pack: RulePack): Material[] => {
  const a = record.answers;
  const list = requiredMaterials(pack, {
    matterId: a.matterId,
    branch: a.branch,
    statusId: a.statusId,
    circumstanceId: a.circumstanceId,
    onBehalf: a.onBehalf !== null,
  });
  const known = new Set(list.map((m) => m.id));
  const extra = record.missingMaterialIds
    .filter((id) => !known.has(id))
    .map((id): Material => ({ id, label: id, hint: id, matters: 'all', branches: 'all', required: true, onBehalfOnly: false }));
  return [...list, ...extra];
};
