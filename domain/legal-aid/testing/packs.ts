/**
 * Test helper: the shipped national pack and the Guangdong extension, merged. Imported as JSON
 * modules (the bundler reads them), so domain code itself still does no I/O.
 */
import national from '../../../resources/legal-aid/national.json';
import guangdong from '../../../resources/legal-aid/provinces/44.json';
import { mergeRulePacks, type RulePack } from '../rule-pack.ts';

export const nationalJson: unknown = national;
export const guangdongJson: unknown = guangdong;

function mustMerge(...packs: [unknown, unknown?]): RulePack {
  const merged = mergeRulePacks(...packs);
  if (!merged.ok) throw new Error(`shipped rule pack invalid:\n${merged.error.issues.join('\n')}`);
  return merged.value;
}

export const nationalPack = (): RulePack => mustMerge(nationalJson);
export const guangdongPack = (): RulePack => mustMerge(nationalJson, guangdongJson);

/** A deep copy to mutate in a test. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
