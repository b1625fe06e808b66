import { describe, expect, it } from 'vitest';
import { renderConsultTipHtml } from '../printing/consult-tip-template.ts';
import { expectNoInjectedMarkup, HOSTILE_TEXTS, parseHtml } from '../printing/template-testing.ts';
import { tipView } from './tip-printing.ts';

const context = { stationName: '石牌街法律服务站', printedAtMs: Date.parse('2026-11-23T12:05:00Z'), timeZone: 'Asia/Shanghai' };

describe('the slip of the other ways when no video call took place', () => {
  it('after no lawyer was free: the callback slot in local time, 12348 and the counter, on receipt paper', async () => {
    const view = tipView({ reason: 'fallback', callbackSlot: { startsAt: '2026-11-23T12:30:00.000Z', endsAt: '2026-11-23T13:00:00.000Z' } }, context);
    expect(view.callback).toEqual({ label: '可以再来视频咨询的时间', value: '11月23日 20:30—21:00' });
    expect(view.printedAt).toBe('打印时间：2026年11月23日 20:05');
    const doc = parseHtml(await renderConsultTipHtml(view));
    const text = doc.body.textContent ?? '';
    for (const expected of ['视频咨询提示', '石牌街法律服务站', '暂时没有律师接听', '20:30—21:00', '12348', '服务站窗口']) expect(text).toContain(expected);
    expect(doc.querySelector('style')?.textContent).toContain('size: 80mm auto');
  });

  it('after the recording was declined: no callback time, the same ways', () => {
    const view = tipView({ reason: 'declined' }, context);
    expect(view.what).toContain('没有同意录音录像');
    expect(view.callback).toBeNull();
    expect(view.ways.join('')).toContain('12348');
  });

  it('a station name with markup in it is printed as text', async () => {
    for (const hostile of HOSTILE_TEXTS) {
      const html = await renderConsultTipHtml(tipView({ reason: 'declined' }, { ...context, stationName: hostile }));
      expectNoInjectedMarkup(parseHtml(html));
      expect(parseHtml(html).querySelector(".station")?.textContent).toBe(hostile);
    }
  });
});
