/**
 * Every template under resources/documents, filled the way a person would fill it: the document has
 * each required part in the standard order, the claims numbered, money in figures and in capitals,
 * the addressee after 此致, blank signature lines and the date in Chinese numerals.
 */
import { describe, expect, it } from 'vitest';
import { checkAnswers, stepsFor, type Answers } from './answers.ts';
import { documentText, renderTemplate, totalFen, type CitizenParty } from './render.ts';
import { DocumentTemplateSchema, type DocumentTemplate } from './template.ts';

import index from '../../resources/documents/index.json';
import wages from '../../resources/documents/civil-complaint-wages.json';
import arbitration from '../../resources/documents/labour-arbitration.json';
import elderly from '../../resources/documents/civil-complaint-elderly-support.json';
import child from '../../resources/documents/civil-complaint-child-support.json';
import injury from '../../resources/documents/civil-complaint-personal-injury.json';
import attorney from '../../resources/documents/power-of-attorney.json';

const FILES: Record<string, unknown> = { 'civil-complaint-wages': wages, 'labour-arbitration': arbitration, 'civil-complaint-elderly-support': elderly, 'civil-complaint-child-support': child, 'civil-complaint-personal-injury': injury, 'power-of-attorney': attorney };
const load = (id: string): DocumentTemplate => DocumentTemplateSchema.parse(FILES[id]);

const TODAY = '2026-11-23';
const citizen: CitizenParty = {
  name: '王秀示',
  sex: 'female',
  nation: '汉族',
  birthDate: '1948-06-20',
  address: '浙江省杭州市西湖区示例街道样本巷8号',
  idNumber: '330106194806209988',
};

const company = { 'kind': 'organisation', 'name': '杭州示例建筑有限公司', 'code': '91330106MA2XXXXX0Y', 'representative': '赵示例', 'address': '杭州市西湖区样本路1号' };
const party = (id: string, values: Record<string, string>): Answers => Object.fromEntries(Object.entries(values).map(([k, v]) => [`${id}.${k}`, v]));

/** A filled example per template: what a person would answer on each screen. */
const EXAMPLES: Record<string, Answers> = {
  'civil-complaint-wages': {
    court: '杭州市西湖区人民法院',
    ...party('defendant', company),
    job: '木工',
    startDate: '2025-03-01',
    amount: '32000',
    iouDate: '2026-01-20',
    facts: '原告每月工资八千元，被告自2025年9月起未发工资。',
    evidence: '1.欠条一份，来源于被告；2.考勤记录。',
  },
  'labour-arbitration': {
    committee: '杭州市西湖区劳动人事争议仲裁委员会',
    ...party('employer', company),
    job: '车间操作工',
    startDate: '2024-05-06',
    endDate: '2026-10-31',
    confirmRelation: 'yes',
    unpaidWages: '15000.5',
    doubleWage: '40000',
    facts: '入职后单位一直未与申请人签订书面劳动合同。',
  },
  'civil-complaint-elderly-support': {
    court: '杭州市西湖区人民法院',
    ...party('defendant', { name: '李示例', sex: 'male', address: '杭州市上城区示范路2号' }),
    relation: 'son',
    monthly: '800',
    medical: 'yes',
    facts: '原告年近八旬，无固定收入，被告两年未给生活费。',
  },
  'civil-complaint-child-support': {
    court: '杭州市西湖区人民法院',
    ...party('child', { name: '李小示', sex: 'female', birthDate: '2018-05-01', address: '浙江省杭州市西湖区示例街道样本巷8号' }),
    guardian: 'mother',
    ...party('defendant', { name: '李示例', sex: 'male', address: '杭州市上城区示范路2号' }),
    monthly: '1500',
    facts: '原告法定代理人与被告于2022年离婚，被告自2024年起未支付抚养费。',
  },
  'civil-complaint-personal-injury': {
    court: '杭州市西湖区人民法院',
    ...party('defendant', { kind: 'person', name: '孙示例', sex: 'male', address: '杭州市拱墅区样本街3号' }),
    injuryDate: '2026-08-08',
    place: '示例小区门口',
    medical: '12345.6',
    lostWork: '3000',
    transport: '200',
    facts: '被告骑电动车逆行将原告撞倒，原告右腿骨折。',
  },
  'power-of-attorney': {
    court: '杭州市西湖区人民法院',
    ...party('agent', { name: '周示例', sex: 'male', address: '杭州市西湖区律师路5号' }),
    agentWork: '浙江示例律师事务所律师',
    caseName: '与杭州示例建筑有限公司追索劳动报酬纠纷',
    stage: 'first',
    authority: 'special',
    term: 'stage',
  },
};

/** Where each required part starts in the plain text; all must be found, in increasing order. */
const positions = (text: string, parts: string[]) => parts.map((p) => ({ p, at: text.indexOf(p) }));
const expectInOrder = (text: string, parts: string[]) => {
  const found = positions(text, parts);
  for (const f of found) expect(f.at, `"${f.p}" in the document`).toBeGreaterThanOrEqual(0);
  expect(found.map((f) => f.at)).toEqual([...found.map((f) => f.at)].sort((a, b) => a - b));
};

describe('document templates (resources/documents)', () => {
  it('lists every template file in index.json, and each parses', () => {
    expect(index).toHaveLength(6);
    for (const id of index) expect(load(id).id).toBe(id);
    expect(Object.keys(EXAMPLES).sort()).toEqual([...index].sort());
  });

  for (const id of Object.keys(EXAMPLES)) {
    it(`${id}: the example answers pass the checks and every screen has its answer`, () => {
      const template = load(id);
      const checked = checkAnswers(template, EXAMPLES[id]!, TODAY);
      expect(checked).toMatchObject({ ok: true });
      for (const step of stepsFor(template, EXAMPLES[id]!)) if (!step.optional) expect(EXAMPLES[id]![step.key], step.key).toBeTruthy();
    });
  }

  it('民事起诉状（追索劳动报酬）: parties, 诉讼请求 numbered with the amount in figures and capitals, 事实与理由, evidence, 此致 the court, 具状人, date', () => {
    const template = load('civil-complaint-wages');
    const doc = renderTemplate(template, EXAMPLES['civil-complaint-wages']!, { citizen, today: TODAY });
    const text = documentText(doc);
    expectInOrder(text, ['民事起诉状', '（追索劳动报酬纠纷）', '原告：王秀示', '被告：杭州示例建筑有限公司', '诉讼请求：', '1.判令被告', '2.本案诉讼费用由被告承担。', '事实与理由：', '证据和证据来源，证人姓名和住所：', '此致', '杭州市西湖区人民法院', '具状人', '二〇二六年十一月二十三日', '附：']);
    expect(doc.parties[0]!.text).toBe('原告：王秀示，女，汉族，1948年6月20日出生，住浙江省杭州市西湖区示例街道样本巷8号，公民身份号码：330106194806209988。');
    expect(doc.parties[1]!.text).toBe('被告：杭州示例建筑有限公司，住所地：杭州市西湖区样本路1号。统一社会信用代码：91330106MA2XXXXX0Y。法定代表人（主要负责人）：赵示例。');
    expect(doc.sections[0]!.items[0]).toBe('判令被告向原告支付拖欠的劳动报酬人民币32,000元（大写：叁万贰仟元整）；');
    expect(text).toContain('2026年1月20日，被告向原告出具欠条');
    expect(text).toContain('原告自2025年3月1日起在被告处从事木工工作。');
    expect(totalFen(template, EXAMPLES['civil-complaint-wages']!, template.fee!.amountQuestion)).toBe(3_200_000);
  });

  it('民事起诉状: an optional answer left out drops its line, not the section around it', () => {
    const { iouDate: _iou, evidence: _evidence, ...rest } = EXAMPLES['civil-complaint-wages']!;
    const doc = renderTemplate(load('civil-complaint-wages'), rest, { citizen, today: TODAY });
    const text = documentText(doc);
    expect(text).not.toContain('欠条，确认');
    expect(text).not.toContain('{');
    // No evidence named: the heading goes too rather than standing empty.
    expect(text).not.toContain('证据和证据来源');
    expect(text).toContain('事实与理由');
  });

  it('劳动人事争议仲裁申请书 (第二十八条): 申请人/被申请人 with 统一社会信用代码 and 法定代表人, 仲裁请求 numbered, 事实和理由, 此致 the committee', () => {
    const doc = renderTemplate(load('labour-arbitration'), EXAMPLES['labour-arbitration']!, { citizen, today: TODAY });
    const text = documentText(doc);
    expectInOrder(text, ['劳动人事争议仲裁申请书', '申请人：王秀示', '被申请人：杭州示例建筑有限公司', '统一社会信用代码：', '法定代表人（主要负责人）：赵示例', '仲裁请求：', '1.确认申请人与被申请人自2024年5月6日起存在劳动关系；', '2.裁决被申请人向申请人支付拖欠的劳动报酬人民币15,000.50元（大写：壹万伍仟元伍角）；', '3.裁决被申请人向申请人支付未订立书面劳动合同的二倍工资差额人民币40,000元（大写：肆万元整）。', '事实和理由：', '申请人于2026年10月31日离职。', '此致', '杭州市西湖区劳动人事争议仲裁委员会', '申请人（签名）：', '二〇二六年十一月二十三日']);
    // Arbitration is free (第五十三条): no claim about costs.
    expect(text).not.toContain('费用由');
  });

  it('劳动仲裁: an application without any claim is refused (at least one 仲裁请求)', () => {
    const { unpaidWages: _a, doubleWage: _b, ...rest } = EXAMPLES['labour-arbitration']!;
    expect(checkAnswers(load('labour-arbitration'), { ...rest, confirmRelation: 'no' }, TODAY)).toEqual({ ok: false, issues: [{ key: 'unpaidWages', problem: 'required' }] });
  });

  it('民事起诉状（赡养费）: monthly amount in capitals, the medical-cost claim only when asked, 民法典第一千零六十七条', () => {
    const template = load('civil-complaint-elderly-support');
    const text = documentText(renderTemplate(template, EXAMPLES['civil-complaint-elderly-support']!, { citizen, today: TODAY }));
    expectInOrder(text, ['（赡养费纠纷）', '原告：王秀示', '被告：李示例，男，住杭州市上城区示范路2号。', '诉讼请求：', '1.判令被告自起诉之日起每月向原告支付赡养费人民币800元（大写：捌佰元整）', '2.判令被告按份额负担原告今后的医疗费用；', '3.本案诉讼费用由被告承担。', '事实与理由：', '被告是原告的儿子。', '第一千零六十七条第二款', '此致', '具状人']);
    const without = documentText(renderTemplate(template, { ...EXAMPLES['civil-complaint-elderly-support']!, medical: 'no' }, { citizen, today: TODAY }));
    expect(without).not.toContain('医疗费用');
    expect(without).toContain('2.本案诉讼费用由被告承担。');
  });

  it('民事起诉状（抚养费）: the child is 原告 (with birth date), the card holder 法定代理人 系原告之母, then 被告', () => {
    const text = documentText(renderTemplate(load('civil-complaint-child-support'), EXAMPLES['civil-complaint-child-support']!, { citizen, today: TODAY }));
    expectInOrder(text, ['（抚养费纠纷）', '原告：李小示，女，2018年5月1日出生，住', '法定代理人：王秀示，女，汉族，1948年6月20日出生，住浙江省杭州市西湖区示例街道样本巷8号，公民身份号码：330106194806209988，系原告之母。', '被告：李示例', '诉讼请求：', '1.判令被告自起诉之日起每月向原告支付抚养费人民币1,500元（大写：壹仟伍佰元整），至原告年满十八周岁时止；', '事实与理由：', '原告法定代理人王秀示', '此致', '具状人（原告法定代理人）（签名）：']);
  });

  it('民事起诉状（人身损害）: the losses are listed and added up into the claim (医疗费 + 误工费 + 交通费)', () => {
    const template = load('civil-complaint-personal-injury');
    const answers = EXAMPLES['civil-complaint-personal-injury']!;
    const text = documentText(renderTemplate(template, answers, { citizen, today: TODAY }));
    expectInOrder(text, ['（生命权、身体权、健康权纠纷）', '原告：王秀示', '被告：孙示例，男，住', '诉讼请求：', '1.判令被告赔偿原告医疗费、误工费、护理费、交通费等各项损失共计人民币15,545.60元（大写：壹万伍仟伍佰肆拾伍元陆角）；', '事实与理由：', '2026年8月8日，原告在示例小区门口受伤。', '医疗费12,345.60元', '误工费3,000元', '交通费200元', '以上共计15,545.60元', '此致']);
    expect(text).not.toContain('护理费{');
    expect(text).not.toMatch(/护理费\d/);
    expect(totalFen(template, answers, 'total')).toBe(1_554_560);
  });

  it('授权委托书: 委托人 and 受托人, 特别授权 lists the powers of 民事诉讼法第六十二条, 委托期限, both signatures', () => {
    const template = load('power-of-attorney');
    const special = documentText(renderTemplate(template, EXAMPLES['power-of-attorney']!, { citizen, today: TODAY }));
    expectInOrder(special, ['授权委托书', '委托人：王秀示', '受托人：周示例，男，住', '委托事项：', '委托人王秀示因与杭州示例建筑有限公司追索劳动报酬纠纷一案，现委托周示例为第一审阶段的代理人。', '浙江示例律师事务所律师', '代理权限：', '1.特别授权：', '代为承认、放弃、变更诉讼（仲裁）请求', '2.代为进行和解；', '3.代为提起反诉或者上诉。', '委托期限：', '至本阶段程序终结之日止', '此致', '委托人（签名）：', '受托人（签名）：', '二〇二六年十一月二十三日']);
    const general = documentText(renderTemplate(template, { ...EXAMPLES['power-of-attorney']!, authority: 'general' }, { citizen, today: TODAY }));
    expect(general).toContain('1.一般授权：');
    expect(general).not.toContain('和解');
  });
});

describe('answers from the screen are not trusted', () => {
  const template = load('civil-complaint-wages');
  const base = EXAMPLES['civil-complaint-wages']!;

  it.each([
    [{ amount: '-5' }, 'amount', 'notMoney'],
    [{ amount: '0' }, 'amount', 'belowMin'],
    [{ amount: '1000000000' }, 'amount', 'aboveMax'],
    [{ startDate: '2025-02-30' }, 'startDate', 'notDate'],
    [{ startDate: '2027-01-01' }, 'startDate', 'future'],
    [{ 'defendant.kind': 'alien' }, 'defendant.kind', 'notChoice'],
    [{ 'defendant.code': 'not a code' }, 'defendant.code', 'notChoice'],
    [{ facts: '事'.repeat(1501) }, 'facts', 'tooLong'],
    [{ court: '   ' }, 'court', 'required'],
    [{ surprise: 'x' }, 'surprise', 'unknown'],
  ])('%j is refused (%s: %s)', (change, key, problem) => {
    const checked = checkAnswers(template, { ...base, ...change }, TODAY);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.issues).toContainEqual({ key, problem });
  });

  it('hostile text prints as the characters typed (the template engine substitutes, never evaluates)', () => {
    const hostile = '<script>alert(1)</script>{amount}{{court}}';
    const checked = checkAnswers(template, { ...base, facts: hostile }, TODAY);
    expect(checked.ok).toBe(true);
    const text = documentText(renderTemplate(template, checked.ok ? checked.answers : {}, { citizen, today: TODAY }));
    expect(text).toContain(hostile);
  });

  it('an answer from a branch the person turned away from is dropped, not printed', () => {
    const person = { ...base, 'defendant.kind': 'person', 'defendant.sex': 'male' };
    const checked = checkAnswers(template, person, TODAY);
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(checked.answers['defendant.code']).toBeUndefined();
  });
});
