import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PACKS_DIR, loadRulePacks } from './rule-packs.ts';

/** `id@version` of a pack file, as the merged version names it. */
const versionOf = (file: string) => {
  const pack = JSON.parse(readFileSync(join(DEFAULT_RULE_PACKS_DIR, file), 'utf8')) as { id: string; version: string; province?: string };
  return { id: pack.id, version: pack.version, province: pack.province };
};
const national = versionOf('national.json');
const guangdong = versionOf('provinces/44.json');
const nationalVersion = `${national.id}@${national.version}`;
const guangdongVersion = `${nationalVersion}+${guangdong.province}@${guangdong.version}`;

describe('the centre’s rule packs', () => {
  const packs = loadRulePacks(DEFAULT_RULE_PACKS_DIR);

  it('loads the national pack and every province extension merged with it', () => {
    expect(packs.versions).toEqual(expect.arrayContaining([nationalVersion, guangdongVersion]));
  });

  it('picks the pack an application recorded, else its centre’s province, else the national one', () => {
    expect(packs.packFor({ configVersion: guangdongVersion, centreCode: '000000' }).province).toBe('44');
    expect(packs.packFor({ configVersion: nationalVersion, centreCode: '440106' }).province).toBeNull();
    expect(packs.packFor({ configVersion: 'unknown', centreCode: '440106' }).province).toBe('44');
    expect(packs.packFor({ configVersion: 'unknown', centreCode: '110105' }).province).toBeNull();
  });
});
