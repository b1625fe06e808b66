import { describe, expect, it } from 'vitest';
import { PortPdfRenderer, type ParentPortLike } from './port-pdf-renderer.ts';
import { PdfRenderRequestSchema } from './pdf-port-protocol.ts';

/** A parent port whose "shell" answers with `answer` (or stays silent). */
const fakePort = (answer: ((request: { id: number; page: string; html: string }) => unknown) | null) => {
  let listener: ((event: { data: unknown }) => void) | null = null;
  const sent: unknown[] = [];
  const port: ParentPortLike = {
    postMessage: (message) => {
      sent.push(message);
      const request = PdfRenderRequestSchema.parse(message);
      if (answer) setTimeout(() => listener?.({ data: answer(request) }), 1);
    },
    on: (_event, l) => {
      listener = l;
    },
  };
  return { port, sent, deliver: (data: unknown) => listener?.({ data }) };
};

describe('PortPdfRenderer (Electron kiosk: the shell renders)', () => {
  it('asks the shell and returns the PDF bytes of the matching reply', async () => {
    const { port, sent } = fakePort((r) => ({ type: 'kiosk.pdf.rendered', id: r.id, ok: true, base64: Buffer.from(`%PDF-${r.page}`).toString('base64') }));
    const renderer = new PortPdfRenderer(port);
    const [a, b] = await Promise.all([renderer.render('<p>a</p>', { kind: 'receipt' }), renderer.render('<p>b</p>', { kind: 'a4' })]);
    expect(Buffer.from(a).toString()).toBe('%PDF-receipt');
    expect(Buffer.from(b).toString()).toBe('%PDF-a4');
    expect(sent).toHaveLength(2);
  });

  it('a refusal from the shell is an error; garbled or foreign replies are ignored; silence times out', async () => {
    const refusing = new PortPdfRenderer(fakePort((r) => ({ type: 'kiosk.pdf.rendered', id: r.id, ok: false, error: 'window failed' })).port);
    await expect(refusing.render('<p/>', { kind: 'a4' })).rejects.toThrow(/window failed/);

    const silent = fakePort(null);
    const renderer = new PortPdfRenderer(silent.port, 50);
    const pending = renderer.render('<p/>', { kind: 'a4' });
    silent.deliver({ type: 'kiosk.pdf.rendered', id: 999, ok: true, base64: '' });
    silent.deliver('garbage');
    await expect(pending).rejects.toThrow(/in time/);
  });
});
