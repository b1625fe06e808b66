import { describe, expect, it } from 'vitest';
import { renderReceiptHtml } from './receipt-template.ts';
import { expectNoInjectedMarkup, HOSTILE_TEXTS, parseHtml } from './template-testing.ts';
import { sampleReceiptView } from './test-views.ts';

describe('receipt template', () => {
  it('is a complete, self-contained zh-CN document in the CJK font', async () => {
    const html = await renderReceiptHtml(sampleReceiptView());
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const doc = parseHtml(html);
    expect(doc.documentElement.getAttribute('lang')).toBe('zh-CN');
    expect(doc.querySelector('meta[charset]')?.getAttribute('charset')).toBe('utf-8');
    expect(doc.querySelector('style')?.textContent).toContain("font-family: 'Noto Sans CJK SC'");
    // Nothing is fetched: no external script, image, link or CSS url().
    expect(doc.querySelectorAll('script, link, iframe, object').length).toBe(0);
    expect(html).not.toMatch(/(src|href)="(?!data:)/);
    expect(html).not.toMatch(/url\(/);
  });

  it('shows what the applicant needs: number, code, matter, deadline, next steps, missing materials, centre', async () => {
    const doc = parseHtml(await renderReceiptHtml(sampleReceiptView({ urgent: '紧急：开庭日期 2026年12月3日' })));
    const text = doc.body.textContent ?? '';
    for (const expected of ['法律援助申请回执', 'LA-20261123-0007', 'K7Q2-M9', '追索劳动报酬', '张**', '2026年11月30日前', '中心在期限内作出', '劳动合同或工资条', '城关区法律援助中心', '0931-12348', '紧急：开庭日期']) {
      expect(text).toContain(expected);
    }
    expect(doc.querySelectorAll('ol li').length).toBe(2);
    expect(doc.querySelectorAll('ul li').length).toBe(2);
  });

  it("prints the centre's acceptance number once the upload was confirmed, and none before", async () => {
    const after = parseHtml(await renderReceiptHtml(sampleReceiptView({ acceptanceNumber: '440106-2026-000042' })));
    expect(after.querySelector('[data-field=acceptance-number]')?.textContent).toBe('440106-2026-000042');
    expect(after.body.textContent).toContain('受理编号');
    const before = parseHtml(await renderReceiptHtml(sampleReceiptView()));
    expect(before.querySelector('[data-field=acceptance-number]')).toBeNull();
    expect(before.body.textContent).not.toContain('受理编号');
  });

  it('leaves out the urgent box and the missing-materials list when there is nothing to say', async () => {
    const doc = parseHtml(await renderReceiptHtml(sampleReceiptView({ missingMaterials: [], urgent: null })));
    expect(doc.querySelector('.urgent')).toBeNull();
    expect(doc.body.textContent).not.toContain('还需补交的材料');
  });

  it('carries a QR code as inline SVG (the status URL is in its modules, not in the text)', async () => {
    const doc = parseHtml(await renderReceiptHtml(sampleReceiptView()));
    const svg = doc.querySelector('.qr svg');
    expect(svg).not.toBeNull();
    expect(svg?.querySelectorAll('path').length).toBeGreaterThan(0);
  });

  it('prints hostile text as the characters typed, in every field, without adding elements', async () => {
    for (const hostile of HOSTILE_TEXTS) {
      const view = sampleReceiptView({
        stationName: hostile,
        matterLabel: hostile,
        applicantLabel: hostile,
        nextSteps: [hostile],
        missingMaterials: [hostile],
        urgent: hostile,
        centre: { name: hostile, phone: hostile, address: hostile },
        footer: [hostile],
        title: hostile,
      });
      const doc = parseHtml(await renderReceiptHtml(view));
      expectNoInjectedMarkup(doc);
      expect(doc.querySelector('.station')?.textContent).toBe(hostile);
      expect(doc.querySelector('.urgent')?.textContent).toBe(hostile);
      expect(doc.title).toBe(hostile);
    }
  });

  it('keeps 10,000 characters of unbroken text whole and lets it wrap instead of widening the paper', async () => {
    const long = '长'.repeat(5000) + 'W'.repeat(5000);
    const html = await renderReceiptHtml(sampleReceiptView({ matterLabel: long }));
    const doc = parseHtml(html);
    expect(doc.querySelectorAll('dd')[1]?.textContent).toBe(long);
    expect(html).toContain('overflow-wrap: anywhere');
    expect(html).toMatch(/body\.receipt \{ width: 80mm;/);
  });

  it('sets every type size at 12 pt or more (the receipt is read by elderly applicants)', async () => {
    const css = parseHtml(await renderReceiptHtml(sampleReceiptView())).querySelector('style')?.textContent ?? '';
    const sizes = [...css.matchAll(/font-size:\s*([\d.]+)(pt|px|mm)/g)].map((m) => ({ value: Number(m[1]), unit: m[2] }));
    expect(sizes.length).toBeGreaterThan(3);
    for (const size of sizes) {
      expect(size.unit).toBe('pt');
      expect(size.value).toBeGreaterThanOrEqual(12);
    }
  });
});
