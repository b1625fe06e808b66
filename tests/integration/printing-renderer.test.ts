/**
 * The PDF renderer's guarantees, checked on the rendered pixels: scripts do not run, nothing is
 * fetched, the receipt page is as long as its content, and an idle browser is closed and relaunched.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../electron/core/printing/pdf-renderer.ts';
import { pdfFirstPageSizeMm } from '../../electron/core/printing/pdf-page-size.ts';
import { darkPixelRatio, pdfInfo } from '../support/cups.ts';

const dir = mkdtempSync(join(tmpdir(), 'kiosk-renderer-'));
let server: Server;
let requests = 0;
let origin = '';

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const save = (name: string, pdf: Uint8Array) => {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return file;
};

const page = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">${body}</body></html>`;

describe('Chromium PDF renderer', () => {
  it('runs no script and fetches nothing, even when the HTML asks to', async () => {
    const renderer = new ChromiumPdfRenderer();
    try {
      // Were the script run, the whole page would turn black.
      const html = page(
        `<p>文字</p><script>document.body.style.background = '#000'; document.body.style.height = '3000px';</script>` +
          `<img src="${origin}/img.png"><link rel="stylesheet" href="${origin}/style.css"><iframe src="${origin}/frame"></iframe>`,
      );
      const file = save('inert.pdf', await renderer.render(html, { kind: 'a4' }));
      expect(await darkPixelRatio(file)).toBeLessThan(0.01);
      expect(requests).toBe(0);
    } finally {
      await renderer.close();
    }
  });

  it('makes the receipt page 80 mm wide and as long as its content', async () => {
    const renderer = new ChromiumPdfRenderer();
    try {
      const short = await renderer.render(page('<div style="height:50mm;background:#000"></div>'), { kind: 'receipt' });
      const long = await renderer.render(page('<div style="height:500mm;background:#000"></div>'), { kind: 'receipt' });
      expect(pdfFirstPageSizeMm(short)?.widthMm).toBeCloseTo(80, 0);
      // Content plus about a millimetre of slack (Chromium rounds page sizes to its own units).
      for (const [pdf, contentMm] of [[short, 50], [long, 500]] as const) {
        const heightMm = pdfFirstPageSizeMm(pdf)!.heightMm;
        expect(heightMm).toBeGreaterThan(contentMm + 0.5);
        expect(heightMm).toBeLessThan(contentMm + 3);
      }
      const file = save('long.pdf', long);
      expect((await pdfInfo(file)).pages).toBe(1);
      // The black block fills the page but for the 1 mm of slack at the bottom.
      expect(await darkPixelRatio(file, 1, { x: 0, y: 0, width: 1, height: 0.99 })).toBeGreaterThan(0.98);
    } finally {
      await renderer.close();
    }
  });

  it('closes the browser after the idle period and launches it again when needed', async () => {
    const renderer = new ChromiumPdfRenderer({ idleCloseMs: 100 });
    try {
      await renderer.render(page('<p>一</p>'), { kind: 'a4' });
      const browser = (renderer as unknown as { browser: Promise<{ isConnected(): boolean }> | null }).browser;
      expect(await browser).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((await browser)?.isConnected()).toBe(false);
      const again = await renderer.render(page('<p>二</p>'), { kind: 'a4' });
      expect(pdfFirstPageSizeMm(again)?.widthMm).toBeCloseTo(210, 0);
    } finally {
      await renderer.close();
    }
  });
});
