/**
 * The first page's size in millimetres, read from the PDF's MediaBox. Chromium writes page objects
 * uncompressed, so a text search is enough; the print service passes the receipt's measured height
 * on to CUPS (`media=Custom.80xHmm`) without widening the renderer's interface.
 */
export const pdfFirstPageSizeMm = (pdf: Uint8Array): { widthMm: number; heightMm: number } | null => {
  const text = new TextDecoder('latin1').decode(pdf);
  const box = /\/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]/.exec(text);
  if (!box) return null;
  const [x0, y0, x1, y1] = box.slice(1, 5).map(Number) as [number, number, number, number];
  const mm = (points: number) => Math.round(((points * 25.4) / 72) * 10) / 10;
  return { widthMm: mm(x1 - x0), heightMm: mm(y1 - y0) };
};
