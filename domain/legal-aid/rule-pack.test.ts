import { describe, expect, it } from 'vitest';
import { mergeRulePacks, type RulePack } from './rule-pack.ts';
import { clone, guangdongJson, guangdongPack, nationalJson, nationalPack } from './testing/packs.ts';

type Json = Record<string, unknown> & { matters: { id: string }[] };
const nat = () => clone(nationalJson) as Json;
const gd = () => clone(guangdongJson) as Record<string, unknown>;

function issues(result: ReturnType<typeof mergeRulePacks>): string[] {
  return result.ok ? [] : result.error.issues;
}

describe('shipped packs (resources/legal-aid)', () => {
  it('the national pack validates alone and names its version', () => {
    const pack = nationalPack();
    expect(pack.version).toBe('cn-national@2026.1');
    expect(pack.province).toBeNull();
  });

  it('national + Guangdong merge into one pack whose version names both', () => {
    const pack = guangdongPack();
    expect(pack.version).toBe('cn-national@2026.1+44@2026.1');
    expect(pack.id).toBe('cn-national+44');
    expect(pack.province).toBe('44');
  });

  it('the national catalogue has every item of 第三十一条 plus 第二十四、二十九、三十三条', () => {
    const articles = new Set(nationalPack().matters.map((m) => m.article));
    for (let item = 1; item <= 9; item += 1) {
      const n = '一二三四五六七八九'[item - 1];
      expect(articles, `第三十一条第${n}项`).toContain(`第三十一条第${n}项`);
    }
    for (const a of ['第二十四条', '第二十九条', '第三十三条']) expect(articles).toContain(a);
  });

  it('national circumstances are 第三十二条 items 1-4 and statuses 第四十二条 items 1-3', () => {
    const pack = nationalPack();
    expect(pack.circumstances.map((c) => c.article)).toEqual(['第三十二条第一项', '第三十二条第二项', '第三十二条第三项', '第三十二条第四项']);
    expect(pack.statuses.map((s) => s.article)).toEqual(['第四十二条第一项', '第四十二条第二项', '第四十二条第三项']);
  });

  it('Guangdong adds its matters and group after the national ones and overrides materials in place', () => {
    const n = nationalPack();
    const g = guangdongPack();
    expect(g.matters.slice(0, n.matters.length).map((m) => m.id)).toEqual(n.matters.map((m) => m.id));
    expect(g.matters.map((m) => m.id)).toEqual(expect.arrayContaining(['labour_compensation', 'family_dispute', 'personal_injury_other']));
    expect(g.groups.map((x) => x.id)).toContain('hmt_resident');
    const labour = g.materials.find((m) => m.id === 'labour_evidence');
    expect(labour?.matters).toEqual(['labour_pay', 'labour_compensation']);
    expect(g.materials.map((m) => m.id)).toEqual(n.materials.map((m) => m.id));
  });

  it('Guangdong sets its own hardship standard (粤府令第268号) with city figures', () => {
    const g = guangdongPack();
    expect(g.hardship.basis).toContain('粤府令第268号');
    expect(g.hardship.regional.map((r) => r.regionPrefix)).toEqual(['4401', '4420']);
    expect(g.hardship.monthlyIncomePerMember).not.toBe(nationalPack().hardship.monthlyIncomePerMember);
  });

  it('Guangdong rewrites only the hardship statement; the other texts stay national', () => {
    const n = nationalPack();
    const g = guangdongPack();
    expect(g.pledge.hardshipStatement.paragraphs.join('')).toContain('6个月');
    expect(g.pledge.commitment).toEqual(n.pledge.commitment);
    expect(g.pledge.fraudWarning).toEqual(n.pledge.fraudWarning);
  });

  it('every Guangzhou district has a centre with a GB/T 2260 code under 4401', () => {
    const codes = guangdongPack().centres.map((c) => c.code);
    for (const d of ['440103', '440104', '440105', '440106', '440111', '440112', '440113', '440114', '440115', '440117', '440118']) {
      expect(codes).toContain(d);
    }
  });

  it('user-facing pack text is Chinese and free of placeholders', () => {
    const pack: RulePack = guangdongPack();
    const texts = [
      ...pack.matters.flatMap((m) => [m.label, m.plainLabel]),
      ...pack.materials.flatMap((m) => [m.label, m.hint]),
      ...Object.values(pack.pledge).flatMap((t) => [t.title, ...t.paragraphs]),
    ];
    for (const text of texts) {
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toMatch(/TODO|TBD|xxx|lorem/i);
    }
  });

  it('the fraud warning states both consequences of 第六十四条', () => {
    const text = nationalPack().pledge.fraudWarning.paragraphs.join('');
    expect(text).toContain('第六十四条');
    expect(text).toContain('三千元以下的罚款');
    expect(text).toContain('法律援助费用');
  });
});

describe('mergeRulePacks: validation', () => {
  it('rejects a national pack that is not an object', () => {
    expect(issues(mergeRulePacks('nope'))).not.toEqual([]);
  });

  it.each([
    ['a duplicate matter id', (p: Json) => p.matters.push(clone(p.matters[0]!)), 'duplicate id "state_compensation"'],
    ['a status proof that does not exist', (p: Json) => ((p.statuses as { proofMaterialId: string }[])[0]!.proofMaterialId = 'ghost'), 'unknown proof material "ghost"'],
    ['a material naming an unknown matter', (p: Json) => ((p.materials as { matters: unknown }[])[2]!.matters = ['ghost']), 'unknown matter "ghost"'],
    ['a default centre that is not listed', (p: Json) => (p.defaultCentreCode = '110101'), 'defaultCentreCode "110101"'],
    ['a province on the national pack', (p: Json) => (p.province = '44'), 'province must be null'],
    ['a region code of 5 digits', (p: Json) => ((p.centres as { code: string }[])[0]!.code = '44010'), '6 digits'],
    ['a hardship standard in fractions of a fen', (p: Json) => ((p.hardship as { monthlyIncomePerMember: number }).monthlyIncomePerMember = 1.005), 'hardship'],
    ['an unknown aid form', (p: Json) => ((p.matters[0] as unknown as { aidForms: string[] }).aidForms = ["bribery"]), 'aidForms'],
  ])('rejects %s', (_name, mutate, expected) => {
    const p = nat();
    mutate(p);
    expect(issues(mergeRulePacks(p)).join('\n')).toContain(expected);
  });

  it('rejects an extension written for another national pack', () => {
    const e = gd();
    e.extends = 'cn-national-2019';
    expect(issues(mergeRulePacks(nat(), e))).toEqual(['extension: extends "cn-national-2019" but the national pack is "cn-national"']);
  });

  it('rejects an extension whose new material names a matter nobody defines', () => {
    const e = gd() as { materials: { matters: unknown }[] };
    e.materials[0]!.matters = ['moon_landing'];
    expect(issues(mergeRulePacks(nat(), e))).toEqual(['merged: material labour_evidence: unknown matter "moon_landing"']);
  });

  it('an extension may mark a national matter as covered or not covered by overriding it', () => {
    const e = gd() as { matters: Record<string, unknown>[] };
    const business = nat().matters.find((m) => m.id === 'business_dispute') as Record<string, unknown>;
    e.matters.push({ ...business, notCoveredReason: null });
    const merged = mergeRulePacks(nat(), e);
    expect(merged.ok && merged.value.matters.find((m) => m.id === 'business_dispute')?.notCoveredReason).toBeNull();
  });

  it('leaves its inputs untouched', () => {
    const n = nat();
    const before = JSON.stringify(n);
    mergeRulePacks(n, gd());
    expect(JSON.stringify(n)).toBe(before);
  });
});
