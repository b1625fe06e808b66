import { describe, expect, it } from 'vitest';
import { pushView } from '../consult/push-printing.ts';
import { renderConsultPushHtml } from './consult-push-template.ts';
import { expectNoInjectedMarkup, HOSTILE_TEXTS, parseHtml } from './template-testing.ts';

const T0 = Date.UTC(2026, 10, 23, 2, 5, 0); // 10:05 in Beijing

describe('the page a lawyer pushes to the kiosk printer', () => {
  it('prints title, station, time, lawyer, the paragraphs and a box per checklist item', async () => {
    const view = pushView(
      { kind: 'checklist', title: '劳动仲裁需要准备的材料', body: '请在下周一前准备好。\n\n带原件和复印件各一份。', items: ['劳动合同', '工资条或银行流水', '考勤记录'] },
      { stationName: '天河区棠下街公共法律服务站', lawyer: { displayName: '李律师', organisation: '广州市法律援助处' }, printedAtMs: T0, timeZone: 'Asia/Shanghai' },
    );
    const doc = parseHtml(await renderConsultPushHtml(view));
    expect(doc.querySelector('h1')?.textContent).toBe('劳动仲裁需要准备的材料');
    expect(doc.querySelector('.kind')?.textContent).toBe('律师为您列出的清单');
    const meta = [...doc.querySelectorAll('.meta p')].map((p) => p.textContent);
    expect(meta).toEqual(['律师：李律师（广州市法律援助处）', '打印地点：天河区棠下街公共法律服务站', '打印时间：2026年11月23日 10:05']);
    expect([...doc.querySelectorAll('.body p')].map((p) => p.textContent)).toEqual(['请在下周一前准备好。', '带原件和复印件各一份。']);
    const items = [...doc.querySelectorAll('ul.checklist li')];
    expect(items.map((li) => li.textContent)).toEqual(['劳动合同', '工资条或银行流水', '考勤记录']);
    expect(items.every((li) => li.querySelector('.box') !== null)).toBe(true);
  });

  it('prints hostile text from the lawyer as the characters it is', async () => {
    for (const text of HOSTILE_TEXTS) {
      const view = pushView({ kind: 'document', title: text.slice(0, 60), body: `${text}\n\n${text}`, items: [text.slice(0, 200)] }, { stationName: text, lawyer: null, printedAtMs: T0, timeZone: 'Asia/Shanghai' });
      const doc = parseHtml(await renderConsultPushHtml(view));
      expectNoInjectedMarkup(doc);
      expect(doc.querySelector('.body p')?.textContent).toBe(text);
    }
  });

  it('a summary without items has no checklist, and a 20,000-character body stays text', async () => {
    const long = '很长的内容'.repeat(4_000);
    const view = pushView({ kind: 'summary', title: '咨询要点', body: long, items: [] }, { stationName: '站', lawyer: null, printedAtMs: T0, timeZone: 'Asia/Shanghai' });
    const doc = parseHtml(await renderConsultPushHtml(view));
    expect(doc.querySelector('ul.checklist')).toBeNull();
    expect(doc.querySelector('.body p')?.textContent?.length).toBe(20_000);
  });
});
