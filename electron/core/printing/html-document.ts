import { createSSRApp, h, type VNode } from 'vue';
import { renderToString } from 'vue/server-renderer';

/**
 * Renders a complete, self-contained HTML document with Vue's server renderer. Every piece of user
 * text goes in as a text child or attribute value, which Vue escapes, so hostile input ('<script>',
 * '</style>', quotes) prints as the characters it is. Only our own constants (the style sheet, the
 * QR code SVG made by the qrcode library) are inserted as raw markup via innerHTML.
 *
 * No external resources: fonts are system fonts, images are data: URLs; the rendering page also has
 * JavaScript and the network switched off.
 */
export const FONT_STACK = "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";

export const BASE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: ${FONT_STACK}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1, h2, h3, p, ul, ol { margin: 0; padding: 0; }
/* Long unbroken text (a 10,000-character name, a URL) wraps instead of widening the page. */
body * { overflow-wrap: anywhere; word-break: break-word; }
`;

export const renderDocument = async (opts: { title: string; css: string; body: () => VNode[]; bodyClass: string }): Promise<string> => {
  const app = createSSRApp({
    render: () =>
      h('html', { lang: 'zh-CN' }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          // Belt and braces with the renderer's settings: nothing may load or run.
          h('meta', { 'http-equiv': 'Content-Security-Policy', content: "default-src 'none'; img-src data:; style-src 'unsafe-inline'" }),
          h('title', opts.title),
          h('style', { innerHTML: BASE_CSS + opts.css }),
        ]),
        h('body', { class: opts.bodyClass }, opts.body()),
      ]),
  });
  return `<!DOCTYPE html>\n${await renderToString(app)}`;
};

/** A list of lines as paragraphs (empty list: nothing). */
export const lines = (items: readonly string[], className: string): VNode[] => items.map((text) => h('p', { class: className }, text));
