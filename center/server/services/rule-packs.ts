/**
 * The rule packs the kiosks decide under (resources/legal-aid): the national pack alone and merged
 * with each province's extension, loaded once at start. The centre needs them to put applications
 * into words (matters, materials) exactly as the kiosk showed them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeRulePacks, type RulePack } from '../../../domain/legal-aid/rule-pack.ts';

export interface RulePacks {
  /** The pack an application was decided under: by its recorded version, else by its centre's province. */
  packFor(record: { readonly configVersion: string; readonly centreCode: string }): RulePack;
  readonly versions: readonly string[];
}

export const rulePacksFrom = (national: RulePack, provincial: readonly RulePack[]): RulePacks => {
  const byVersion = new Map([national, ...provincial].map((pack) => [pack.version, pack]));
  const byProvince = new Map(provincial.map((pack) => [pack.province ?? '', pack]));
  return {
    versions: [...byVersion.keys()],
    packFor: (record) => byVersion.get(record.configVersion) ?? byProvince.get(record.centreCode.slice(0, 2)) ?? national,
  };
};

/** Reads `<dir>/national.json` and every `<dir>/provinces/*.json`; an invalid pack stops the centre. */
export const loadRulePacks = (dir: string): RulePacks => {
  const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
  const nationalJson = readJson(join(dir, 'national.json'));
  const merge = (extension?: unknown): RulePack => {
    const merged = mergeRulePacks(nationalJson, extension);
    if (!merged.ok) throw new Error(`rule pack invalid: ${merged.error.issues.slice(0, 5).join('; ')}`);
    return merged.value;
  };
  const provinceFiles = readdirSync(join(dir, 'provinces'))
    .filter((name) => name.endsWith('.json'))
    .sort();
  return rulePacksFrom(
    merge(),
    provinceFiles.map((name) => merge(readJson(join(dir, 'provinces', name)))),
  );
};

/** The packs in the repository (resources/legal-aid), the same files the kiosks load. */
export const DEFAULT_RULE_PACKS_DIR = fileURLToPath(new URL('../../../resources/legal-aid', import.meta.url));
