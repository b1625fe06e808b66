/**
 * Server-rendered HTML pages (the public status page, the refusal letter) through Vue's server
 * renderer: every value goes in as a text child or an attribute, which Vue escapes, so hostile text
 * ('<script>', quotes) shows as the characters it is. Only our own style sheet is raw markup.
 *
 * The pages need no script and load nothing: the Content-Security-Policy allows exactly the one
 * inline style sheet (by its hash) and data: images, nothing else.
 */
import { createHash } from 'node:crypto';
import { createSSRApp, h, type VNode } from 'vue';
import { renderToString } from 'vue/server-renderer';

export interface RenderedPage {
  readonly html: string;
  /** The Content-Security-Policy header to send with it (repeated in a meta tag, less frame-ancestors). */
  readonly csp: string;
}

/** The policy as a <meta> may carry it (browsers ignore frame-ancestors there, with a warning). */
const metaCsp = (css: string): string => {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
};

/** The header adds what only a header can: no framing by other sites. */
export const pageCsp = (css: string): string => `${metaCsp(css)}; frame-ancestors 'none'`;

export const renderPage = async (opts: {
  readonly title: string;
  readonly css: string;
  readonly bodyClass: string;
  /** Phone pages scale to the device; printed letters keep their A4 layout. */
  readonly viewport: boolean;
  readonly body: () => VNode[];
}): Promise<RenderedPage> => {
  const csp = pageCsp(opts.css);
  const app = createSSRApp({
    render: () =>
      h('html', { lang: 'zh-CN' }, [
        h('head', [
          h('meta', { charset: 'utf-8' }),
          opts.viewport ? h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }) : null,
          h('meta', { 'http-equiv': 'Content-Security-Policy', content: metaCsp(opts.css) }),
          h('meta', { name: 'referrer', content: 'no-referrer' }),
          h('title', opts.title),
          h('style', { innerHTML: opts.css }),
        ]),
        h('body', { class: opts.bodyClass }, opts.body()),
      ]),
  });
  return { html: `<!DOCTYPE html>\n${await renderToString(app)}`, csp };
};

/** `2026-11-30` → `2026年11月30日` (China dates are civil dates: no Date object, no time zone). */
export const chineseDate = (iso: string): string => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;

/** Fills `{name}` placeholders of an i18n text. */
export const fill = (template: string, vars: Readonly<Record<string, string | number>>): string =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
