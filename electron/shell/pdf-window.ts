// Renders the core's print documents to PDF with Electron's own Chromium (printToPDF), so an
// Electron kiosk needs no separate browser. The core asks over its utility-process port
// (electron/core/printing/port-pdf-renderer.ts); each document gets a hidden, sandboxed window in
// its own in-memory session that may load nothing but the document itself, and is destroyed after.
// Electron's silent print is not used (subsystems.md): the PDF goes to CUPS from the core.
import { BrowserWindow } from 'electron';
import { PdfRenderRequestSchema, type PdfRenderReply } from '../core/printing/pdf-port-protocol.ts';

const MM_PER_INCH = 25.4;
const CSS_PX_PER_INCH = 96;
const RECEIPT_WIDTH_MM = 80;
/** Rounding slack so the last line of a receipt never spills onto a second page. */
const RECEIPT_SLACK_MM = 1;
const A4_MARGIN_INCH = { top: 18 / MM_PER_INCH, bottom: 18 / MM_PER_INCH, left: 20 / MM_PER_INCH, right: 20 / MM_PER_INCH };

export type RenderPdf = (html: string, page: 'receipt' | 'a4') => Promise<Uint8Array>;

export const renderPdfInHiddenWindow: RenderPdf = async (html, page) => {
  const win = new BrowserWindow({
    show: false,
    useContentSize: true,
    width: Math.round((RECEIPT_WIDTH_MM / MM_PER_INCH) * CSS_PX_PER_INCH),
    height: 1123,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Same hardening as the kiosk window, though nobody clicks in this one.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      // In-memory and separate from the kiosk's own session: nothing of it is kept on disk.
      partition: 'kiosk-pdf',
      spellcheck: false,
    },
  });
  if (page === 'a4') win.setContentSize(794, 1123);
  try {
    // The document is ours and self-contained: any request it would make is refused.
    win.webContents.session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:') }));
    await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
    if (page === 'receipt') {
      const heightPx = Number(await win.webContents.executeJavaScript('document.documentElement.scrollHeight'));
      const heightInch = (Number.isFinite(heightPx) && heightPx > 0 ? heightPx : 600) / CSS_PX_PER_INCH + RECEIPT_SLACK_MM / MM_PER_INCH;
      return new Uint8Array(
        await win.webContents.printToPDF({
          pageSize: { width: RECEIPT_WIDTH_MM / MM_PER_INCH, height: heightInch },
          margins: { top: 0, bottom: 0, left: 0, right: 0 },
          printBackground: true,
        }),
      );
    }
    return new Uint8Array(await win.webContents.printToPDF({ pageSize: 'A4', margins: A4_MARGIN_INCH, printBackground: true }));
  } finally {
    win.destroy();
  }
};

/** The shell's side of the protocol: validates each request and answers with the PDF or a short error. */
export function answerPdfRequests(render: RenderPdf = renderPdfInHiddenWindow) {
  return async (message: unknown, reply: (answer: PdfRenderReply) => void): Promise<void> => {
    const request = PdfRenderRequestSchema.safeParse(message);
    if (!request.success) return;
    const { id, html, page } = request.data;
    try {
      const pdf = await render(html, page);
      reply({ type: 'kiosk.pdf.rendered', id, ok: true, base64: Buffer.from(pdf).toString('base64') });
    } catch (error) {
      // The error's class only: a message could quote the document.
      reply({ type: 'kiosk.pdf.rendered', id, ok: false, error: error instanceof Error ? error.name : 'unknown' });
    }
  };
}
