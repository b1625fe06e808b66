import { describe, expect, it } from 'vitest';
import type { ApplicationRecord } from './application.ts';
import { describeApplication, type ApplicationDescription } from './describe.ts';
import { legalAidLabelsEn } from './labels/en.ts';
import { legalAidLabelsZhCN } from './labels/zh-CN.ts';
import { applicant, statementClaim, wageClaim } from './testing/answers.ts';
import { guangdongPack } from './testing/packs.ts';

const pack = guangdongPack();
const zh = (key: string) => legalAidLabelsZhCN[key] ?? `MISSING(${key})`;
const en = (key: string) => legalAidLabelsEn[key] ?? `MISSING(${key})`;

function value(d: ApplicationDescription, key: string): string | undefined {
  return d.sections.flatMap((s) => s.rows).find((r) => r.key === key)?.value;
}
const allText = (d: ApplicationDescription) => JSON.stringify(d);

describe('describeApplication (zh-CN)', () => {
  const waived = describeApplication({ applicant, agent: null, answers: wageClaim() }, pack, zh);

  it('puts every answer into words, with no raw enum values or missing labels', () => {
    expect(allText(waived)).not.toContain('MISSING');
    for (const raw of ['junior_secondary', 'healthy', 'arbitration', 'not_started', 'organisation', 'waived', 'touch', 'labour_pay']) {
      expect(allText(waived)).not.toContain(raw);
    }
  });

  it.each([
    ['matterId', '请求确认劳动关系或者支付劳动报酬（第三十一条第五项）'],
    ['statusId', '申请支付劳动报酬或者请求工伤事故人身损害赔偿的进城务工人员（第四十二条第三项）'],
    ['branch', '免予核查经济困难状况（第四十二条）'],
    ['education', '初中'],
    ['legalStatus', '申请人'],
    ['aidForm', '仲裁代理'],
    ['stage', '还没有进入程序'],
    ['opposingParty', '某某建筑劳务有限公司（单位）'],
    ['placeCentreCode', '广州市天河区法律援助处'],
    ['priorApplication', '否'],
    ['urgent', '无'],
    ['groups', '农民工'],
    ['applicant.birthDate', '1880年1月1日'],
    ['applicant.sex', '男'],
    ['materials.labour_evidence', '3页'],
    ['signature', '在屏幕上签名'],
  ])('%s reads "%s"', (key, expected) => {
    expect(value(waived, key)).toBe(expected);
  });

  it('masks the ID number unless the printed form asks for it in full', () => {
    expect(value(waived, 'applicant.idNumber')).not.toBe(applicant.idNumber);
    expect(value(waived, 'applicant.idNumber')).toMatch(/\*/);
    const printed = describeApplication({ applicant, agent: null, answers: wageClaim() }, pack, zh, { fullIdNumbers: true });
    expect(value(printed, 'applicant.idNumber')).toBe(applicant.idNumber);
  });

  it('the statement branch shows household, per-member income against the local standard, and the pledge', () => {
    const d = describeApplication({ applicant, agent: null, answers: statementClaim() }, pack, zh);
    expect(value(d, 'household.members')).toBe('3人');
    expect(value(d, 'household.monthlyIncome')).toBe('4,500.00元');
    expect(value(d, 'household.perMember')).toBe('1,500.00元（不高于当地标准3,354.21元）');
    expect(value(d, 'household.property')).toBe('老家一间平房');
    expect(value(d, 'pledge')).toBe('已同意（已为申请人朗读）');
    expect(value(d, 'statusId')).toBeUndefined();
  });

  it('an on-behalf application has the agent’s own section with the relationship', () => {
    const agent = { ...applicant, name: '李小四' };
    const answers = wageClaim({ onBehalf: { relationship: 'close_relative', note: '我是他儿子' } });
    const d = describeApplication({ applicant, agent, answers }, pack, zh);
    const section = d.sections.find((s) => s.title === '代为申请的人');
    expect(section?.rows.map((r) => r.value)).toEqual(expect.arrayContaining(['李小四', '近亲属', '我是他儿子']));
  });

  it('an urgent application states the reason and the deadline', () => {
    const d = describeApplication({ applicant, agent: null, answers: wageClaim({ urgent: { deadline: '2026-03-07', reason: 'limitation' } }) }, pack, zh);
    expect(value(d, 'urgent')).toBe('诉讼时效快到了，期限2026年3月7日');
  });

  it('an unknown place says the kiosk’s centre handles it', () => {
    const d = describeApplication({ applicant, agent: null, answers: wageClaim({ placeCentreCode: null }) }, pack, zh);
    expect(value(d, 'placeCentreCode')).toContain('不清楚');
  });

  it('keeps hostile facts as plain text for the caller to escape', () => {
    const facts = '<img src=x onerror=alert(1)> 😀';
    expect(value(describeApplication({ applicant, agent: null, answers: wageClaim({ facts }) }, pack, zh), 'facts')).toBe(facts);
  });

  it('a stored record adds the registration section: number, centre, due date, what is missing, rule version', () => {
    const record: ApplicationRecord = {
      localNumber: 'K0001-20260105-0001',
      shortCode: 'Q7M3KX',
      submittedAt: '2026-01-05T09:30:00+08:00',
      configVersion: pack.version,
      centreCode: '440106',
      applicant,
      agent: null,
      verification: { method: 'card_only' },
      answers: wageClaim(),
      decisionDueBy: '2026-01-12',
      missingMaterialIds: ['proof_migrant_worker'],
    };
    const d = describeApplication(record, pack, zh);
    expect(value(d, 'centreCode')).toBe('广州市天河区法律援助处（020-12348）');
    expect(value(d, 'decisionDueBy')).toBe('2026年1月12日');
    expect(value(d, 'missingMaterialIds')).toBe('进城务工的证明');
    expect(value(d, 'verification')).toBe('已读取身份证，待人工核验');
    expect(value(d, 'configVersion')).toBe('cn-national@2026.1+44@2026.1');
  });
});

describe('describeApplication (en)', () => {
  it('uses the English table for every label', () => {
    const d = describeApplication({ applicant, agent: null, answers: statementClaim() }, pack, en);
    expect(allText(d)).not.toContain('MISSING');
    expect(value(d, 'household.perMember')).toBe('CNY 1,500.00 (not above the local standard of CNY 3,354.21)');
    expect(d.sections[0]?.title).toBe('Applicant');
  });
});
