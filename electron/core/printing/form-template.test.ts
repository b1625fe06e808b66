import { describe, expect, it } from 'vitest';
import { renderFormHtml } from './form-template.ts';
import { expectNoInjectedMarkup, HOSTILE_TEXTS, parseHtml } from './template-testing.ts';
import { sampleFormView } from './test-views.ts';

// A 1x1 white PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII=';

describe('A4 form template', () => {
  it('lays out each section as a labelled table, in A4 portrait, in the CJK font', async () => {
    const html = await renderFormHtml(sampleFormView());
    const doc = parseHtml(html);
    expect(html).toContain('@page { size: A4 portrait; }');
    expect(doc.querySelector('style')?.textContent).toContain("'Noto Sans CJK SC'");
    expect([...doc.querySelectorAll('section h2')].map((h) => h.textContent)).toEqual(['申请人基本信息', '申请事项']);
    const firstRow = doc.querySelector('section tr');
    expect(firstRow?.querySelector('th')?.textContent).toBe('姓名');
    expect(firstRow?.querySelector('td')?.textContent).toBe('张三');
    expect(doc.querySelector('.subtitle')?.textContent).toBe('申请编号 LA-20261123-0007');
    expect(doc.querySelector('.paragraphs')?.textContent).toContain('本人承诺');
  });

  it('leaves a signing line for print-and-sign', async () => {
    const doc = parseHtml(await renderFormHtml(sampleFormView()));
    expect(doc.querySelector('.signature .line')).not.toBeNull();
    expect(doc.querySelector('.signature img')).toBeNull();
    expect(doc.querySelector('.signature')?.textContent).toContain('申请人（签名）');
  });

  it('embeds the signature image as a data: URL', async () => {
    const doc = parseHtml(await renderFormHtml(sampleFormView({ signature: { imagePngBase64: PNG_BASE64, signerLabel: '申请人', dateText: '2026年11月23日' } })));
    expect(doc.querySelector('.signature img')?.getAttribute('src')).toBe(`data:image/png;base64,${PNG_BASE64}`);
    expect(doc.querySelector('.signature .line')).toBeNull();
  });

  it('refuses a signature that is not base64 rather than print a broken picture', async () => {
    await expect(renderFormHtml(sampleFormView({ signature: { imagePngBase64: '" onerror="alert(1)', signerLabel: '申请人', dateText: '' } }))).rejects.toThrow(TypeError);
  });

  it('omits the subtitle, signature and paragraphs when the view has none', async () => {
    const doc = parseHtml(await renderFormHtml(sampleFormView({ subtitle: null, signature: null, paragraphs: undefined })));
    expect(doc.querySelector('.subtitle')).toBeNull();
    expect(doc.querySelector('.signature')).toBeNull();
    expect(doc.querySelector('.paragraphs')).toBeNull();
  });

  it('prints hostile text in labels, values, titles and paragraphs as typed', async () => {
    for (const hostile of HOSTILE_TEXTS) {
      const view = sampleFormView({
        title: hostile,
        subtitle: hostile,
        sections: [{ title: hostile, rows: [{ label: hostile, value: hostile }] }],
        paragraphs: [hostile],
        footer: [hostile],
        signature: { imagePngBase64: null, signerLabel: hostile, dateText: hostile },
      });
      const doc = parseHtml(await renderFormHtml(view));
      expectNoInjectedMarkup(doc);
      expect(doc.querySelector('td')?.textContent).toBe(hostile);
      expect(doc.querySelector('th')?.textContent).toBe(hostile);
      expect(doc.querySelector('.paragraph')?.textContent).toBe(hostile);
    }
  });

  it('keeps a 10,000-character value whole in a fixed-layout table that wraps it', async () => {
    const long = 'A'.repeat(10_000);
    const html = await renderFormHtml(sampleFormView({ sections: [{ title: '案情', rows: [{ label: '简述', value: long }] }] }));
    expect(parseHtml(html).querySelector('td')?.textContent).toBe(long);
    expect(html).toContain('table-layout: fixed');
    expect(html).toContain('overflow-wrap: anywhere');
  });
});
