import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ windows: [] as FakeWindow[], scrollHeight: 900 }));

interface FakeWindow {
  options: Record<string, unknown>;
  loaded: string[];
  printed: Array<Record<string, unknown>>;
  destroyed: boolean;
  blocked: (url: string) => boolean;
}

vi.mock('electron', () => {
  class BrowserWindow {
    readonly record: FakeWindow;
    readonly webContents;
    constructor(options: Record<string, unknown>) {
      this.record = { options, loaded: [], printed: [], destroyed: false, blocked: () => false };
      state.windows.push(this.record);
      const record = this.record;
      this.webContents = {
        session: {
          webRequest: {
            onBeforeRequest: (handler: (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void) => {
              record.blocked = (url) => {
                let cancel = false;
                handler({ url }, (r) => (cancel = r.cancel));
                return cancel;
              };
            },
          },
        },
        executeJavaScript: async () => state.scrollHeight,
        printToPDF: async (options: Record<string, unknown>) => {
          record.printed.push(options);
          return Buffer.from('%PDF-1.4 fake');
        },
      };
    }
    setContentSize(): void {}
    async loadURL(url: string): Promise<void> {
      this.record.loaded.push(url);
    }
    destroy(): void {
      this.record.destroyed = true;
    }
  }
  return { BrowserWindow };
});

const { answerPdfRequests, renderPdfInHiddenWindow } = await import('./pdf-window.ts');

describe('PDF rendering in the shell (Electron kiosk)', () => {
  beforeEach(() => {
    state.windows.length = 0;
  });

  it('renders a receipt 80 mm wide and as long as its content, in a sandboxed window destroyed afterwards', async () => {
    state.scrollHeight = 960; // 10 inches of content
    const pdf = await renderPdfInHiddenWindow('<p>回执</p>', 'receipt');
    expect(Buffer.from(pdf).toString()).toContain('%PDF');
    const [win] = state.windows;
    expect(win!.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } });
    expect(win!.loaded[0]).toMatch(/^data:text\/html;charset=utf-8;base64,/);
    const size = win!.printed[0]!['pageSize'] as { width: number; height: number };
    expect(size.width * 25.4).toBeCloseTo(80, 5);
    expect(size.height).toBeCloseTo(10 + 1 / 25.4, 5);
    expect(win!.blocked('https://example.com/track.png')).toBe(true);
    expect(win!.blocked('data:image/png;base64,AA==')).toBe(false);
    expect(win!.destroyed).toBe(true);
  });

  it('answers valid requests with the PDF, failures with the error class only, and ignores garbage', async () => {
    const replies: unknown[] = [];
    await answerPdfRequests(async () => new Uint8Array([0x25, 0x50]))({ type: 'kiosk.pdf.render', id: 3, html: '<p/>', page: 'a4' }, (r) => replies.push(r));
    await answerPdfRequests(async () => {
      throw new TypeError('secret text of the document');
    })({ type: 'kiosk.pdf.render', id: 4, html: '<p/>', page: 'a4' }, (r) => replies.push(r));
    await answerPdfRequests()({ type: 'kiosk.pdf.render', id: 'x' }, (r) => replies.push(r));
    expect(replies).toEqual([
      { type: 'kiosk.pdf.rendered', id: 3, ok: true, base64: Buffer.from([0x25, 0x50]).toString('base64') },
      { type: 'kiosk.pdf.rendered', id: 4, ok: false, error: 'TypeError' },
    ]);
  });
});
