/**
 * Messages between the core and the Electron shell when the shell renders PDFs for the core (on
 * an Electron kiosk the shell's Chromium does it with printToPDF; elsewhere the core drives
 * headless Chromium itself). Pure zod, imported by both sides.
 */
import { z } from 'zod';

/** The biggest document we send: a receipt with 10,000 characters of facts is ~200 KB of HTML. */
export const PDF_HTML_MAX = 4 * 1024 * 1024;
/** PDFs come back base64 encoded; 40 MB covers a long A4 form with an embedded signature. */
const PDF_BASE64_MAX = 40 * 1024 * 1024;

export const PdfRenderRequestSchema = z.object({
  type: z.literal('kiosk.pdf.render'),
  id: z.number().int().nonnegative(),
  html: z.string().max(PDF_HTML_MAX),
  page: z.enum(['receipt', 'a4']),
});
export type PdfRenderRequest = z.infer<typeof PdfRenderRequestSchema>;

export const PdfRenderReplySchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('kiosk.pdf.rendered'), id: z.number().int().nonnegative(), ok: z.literal(true), base64: z.string().max(PDF_BASE64_MAX) }),
  z.object({ type: z.literal('kiosk.pdf.rendered'), id: z.number().int().nonnegative(), ok: z.literal(false), error: z.string().max(200) }),
]);
export type PdfRenderReply = z.infer<typeof PdfRenderReplySchema>;
