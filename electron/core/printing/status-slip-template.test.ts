import { describe, expect, it } from 'vitest';
import { renderStatusSlipHtml } from './status-slip-template.ts';
import { expectNoInjectedMarkup, HOSTILE_TEXTS, parseHtml } from './template-testing.ts';
import type { StatusSlipView } from './views.ts';

const slip = (over: Partial<StatusSlipView> = {}): StatusSlipView => ({
  title: '法律援助申请进度',
  stationName: '石牌街法律服务站',
  number: { label: '受理编号', value: '440106-2026-000042' },
  rows: [{ label: '申请事项', value: '追索劳动报酬' }],
  status: { label: '目前进度', what: '法律援助中心需要您补交材料。', nextLabel: '接下来', next: '请在期限前一次交齐。' },
  decisionDue: null,
  materials: { label: '请补交以下材料', items: ['进城务工的证明', '工资条'], due: '补交期限：2026年12月5日前（请一次交齐）' },
  printedAt: '打印时间：2026年11月23日 10:15',
  footer: ['12348 法律服务热线'],
  ...over,
});

describe('status slip template', () => {
  it('prints the number, the status, the materials with their due date, on receipt paper', async () => {
    const html = await renderStatusSlipHtml(slip());
    const doc = parseHtml(html);
    const text = doc.body.textContent ?? '';
    for (const expected of ['受理编号', '440106-2026-000042', '需要您补交材料', '进城务工的证明', '工资条', '2026年12月5日前', '石牌街法律服务站']) expect(text).toContain(expected);
    expect(doc.querySelectorAll('ul li')).toHaveLength(2);
    expect(doc.querySelector('style')?.textContent).toContain('size: 80mm auto');
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
  });

  it('leaves out the materials when none are asked for', async () => {
    const doc = parseHtml(await renderStatusSlipHtml(slip({ materials: null })));
    expect(doc.querySelector('ul')).toBeNull();
    expect(doc.body.textContent).not.toContain('请补交以下材料');
  });

  it('prints hostile text as text', async () => {
    for (const hostile of HOSTILE_TEXTS) {
      const doc = parseHtml(await renderStatusSlipHtml(slip({ stationName: hostile, rows: [{ label: '申请事项', value: hostile }], materials: { label: 'x', items: [hostile], due: null } })));
      expectNoInjectedMarkup(doc);
      expect(doc.querySelector('.station')?.textContent).toBe(hostile);
    }
  });
});
