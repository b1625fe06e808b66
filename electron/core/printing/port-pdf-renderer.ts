/**
 * PdfRenderer for an Electron kiosk: the core runs in a utility process and asks the shell, over
 * its parent port, to render with Electron's printToPDF (the Chromium that ships with the kiosk;
 * no separate browser needed). Replies are validated; a shell that does not answer in time is a
 * failed render, which the print service turns into an outcome, never a hang.
 */
import type { PdfPage, PdfRenderer } from './pdf-renderer.ts';
import { PdfRenderReplySchema, type PdfRenderRequest } from './pdf-port-protocol.ts';

/** Electron's `process.parentPort` in a utility process, reduced to what we use. */
export interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export class PortPdfRenderer implements PdfRenderer {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (pdf: Uint8Array) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly port: ParentPortLike,
    private readonly timeoutMs = 30_000,
  ) {
    port.on('message', ({ data }) => {
      const reply = PdfRenderReplySchema.safeParse(data);
      if (!reply.success) return; // not ours, or garbled: the request times out
      const waiting = this.pending.get(reply.data.id);
      if (!waiting) return;
      this.pending.delete(reply.data.id);
      clearTimeout(waiting.timer);
      if (reply.data.ok) waiting.resolve(new Uint8Array(Buffer.from(reply.data.base64, 'base64')));
      else waiting.reject(new Error(`shell could not render the PDF: ${reply.data.error}`));
    });
  }

  render(html: string, page: PdfPage): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('shell did not render the PDF in time'));
      }, this.timeoutMs);
      timer.unref();
      this.pending.set(id, { resolve, reject, timer });
      const request: PdfRenderRequest = { type: 'kiosk.pdf.render', id, html, page: page.kind };
      this.port.postMessage(request);
    });
  }

  async close(): Promise<void> {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error('renderer closed'));
      this.pending.delete(id);
    }
  }
}
