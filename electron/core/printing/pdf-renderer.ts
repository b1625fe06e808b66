import { chromium, type Browser, type Page } from 'playwright-core';
import { RECEIPT_WIDTH_MM } from './receipt-template.ts';

export type PdfPage = { kind: 'receipt' } | { kind: 'a4' };

/**
 * HTML in, PDF out. Headless Chromium implements it from the core; on the Electron kiosk the shell's
 * printToPDF will implement the same interface.
 */
export interface PdfRenderer {
  render(html: string, page: PdfPage): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface ChromiumPdfRendererOptions {
  /** Debian's Chromium; Playwright's own browser builds are not downloaded on kiosks. */
  executablePath?: string;
  /** The browser is closed after this long without a render (it costs ~100 MB while open). */
  idleCloseMs?: number;
}

const CSS_PX_PER_MM = 96 / 25.4;
// A thermal printer cuts after the last line, so the receipt's page is as long as its content.
// The extra millimetre keeps sub-pixel rounding from spilling one line onto a second page.
const RECEIPT_SLACK_MM = 1;
const A4_MARGIN = { top: '18mm', bottom: '18mm', left: '20mm', right: '20mm' };

export class ChromiumPdfRenderer implements PdfRenderer {
  private browser: Promise<Browser> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private active = 0;
  private readonly executablePath: string;
  private readonly idleCloseMs: number;

  constructor(options: ChromiumPdfRendererOptions = {}) {
    this.executablePath = options.executablePath ?? '/usr/bin/chromium';
    this.idleCloseMs = options.idleCloseMs ?? 60_000;
  }

  async render(html: string, pageSize: PdfPage): Promise<Uint8Array> {
    this.active += 1;
    this.cancelIdleClose();
    try {
      const browser = await this.launch();
      // A fresh context per document: nothing (cache, storage) carries from one applicant to the next.
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block' });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        // A tiny viewport for the receipt: the measured content height is never less than the viewport's.
        if (pageSize.kind === 'receipt') await page.setViewportSize({ width: Math.round(RECEIPT_WIDTH_MM * CSS_PX_PER_MM), height: 10 });
        await page.setContent(html, { waitUntil: 'load' });
        return pageSize.kind === 'receipt' ? await receiptPdf(page) : await a4Pdf(page);
      } finally {
        await context.close();
      }
    } finally {
      this.active -= 1;
      this.scheduleIdleClose();
    }
  }

  async close(): Promise<void> {
    this.cancelIdleClose();
    const browser = this.browser;
    this.browser = null;
    if (browser) await (await browser.catch(() => null))?.close();
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const launching = chromium.launch({
        executablePath: this.executablePath,
        headless: true,
        args: ['--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      this.browser = launching;
      launching.then(
        // A crashed browser is forgotten, so the next render launches a new one.
        (browser) => browser.on('disconnected', () => this.browser === launching && (this.browser = null)),
        () => this.browser === launching && (this.browser = null),
      );
    }
    return this.browser;
  }

  private scheduleIdleClose(): void {
    if (this.active > 0 || !this.browser) return;
    this.idleTimer = setTimeout(() => void this.close(), this.idleCloseMs);
    this.idleTimer.unref();
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/** Measures the laid-out content (scripts are off in the page, so the DevTools protocol is asked). */
const contentHeightPx = async (page: Page): Promise<number> => {
  const session = await page.context().newCDPSession(page);
  try {
    const metrics = await session.send('Page.getLayoutMetrics');
    return metrics.cssContentSize.height;
  } finally {
    await session.detach();
  }
};

const receiptPdf = async (page: Page): Promise<Uint8Array> => {
  const heightMm = Math.ceil(await contentHeightPx(page) / CSS_PX_PER_MM + RECEIPT_SLACK_MM);
  return page.pdf({ width: `${RECEIPT_WIDTH_MM}mm`, height: `${heightMm}mm`, printBackground: true, margin: { top: '0', bottom: '0', left: '0', right: '0' } });
};

const a4Pdf = (page: Page): Promise<Uint8Array> => page.pdf({ format: 'A4', printBackground: true, margin: A4_MARGIN });
