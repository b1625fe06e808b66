import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PACKS_DIR, loadRulePacks } from './rule-packs.ts';

describe('the centre’s rule packs', () => {
  const packs = loadRulePacks(DEFAULT_RULE_PACKS_DIR);

  it('loads the national pack and every province extension merged with it', () => {
    expect(packs.versions).toEqual(expect.arrayContaining(['cn-national@2026.1', 'cn-national@2026.1+44@2026.1']));
  });

  it('picks the pack an application recorded, else its centre’s province, else the national one', () => {
    const guangdong = packs.packFor({ configVersion: 'cn-national@2026.1+44@2026.1', centreCode: '000000' });
    expect(guangdong.province).toBe('44');
    expect(packs.packFor({ configVersion: 'cn-national@2026.1', centreCode: '440106' }).province).toBeNull();
    expect(packs.packFor({ configVersion: 'unknown', centreCode: '440106' }).province).toBe('44');
    expect(packs.packFor({ configVersion: 'unknown', centreCode: '110105' }).province).toBeNull();
  });
});
