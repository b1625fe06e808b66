/**
 * Reads every QR code on a printed page, as a person scanning them one after the other would.
 * jsQR finds nothing on a page that holds several codes (their finder patterns confuse it), so the
 * codes are located first by their ink: a code is a square where about half of every few
 * millimetres is dark, far denser than text. Each dense area is cut out with a margin and read
 * alone. Codes come back in reading order (top to bottom, then left to right).
 */
import jsQR from 'jsqr';
import { rasterise, type GrayImage } from './cups.ts';

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Dark share of each cell of `cell` x `cell` pixels, smoothed over its 3 x 3 neighbourhood. */
function densityGrid(image: GrayImage, cell: number): { cols: number; rows: number; dense: boolean[] } {
  const cols = Math.floor(image.width / cell);
  const rows = Math.floor(image.height / cell);
  const ratio = new Float64Array(cols * rows);
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      let dark = 0;
      for (let y = r * cell; y < (r + 1) * cell; y += 1) for (let x = c * cell; x < (c + 1) * cell; x += 1) if (image.pixels[y * image.width + x]! < 128) dark += 1;
      ratio[r * cols + c] = dark / (cell * cell);
    }
  }
  const dense: boolean[] = [];
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      let sum = 0;
      let n = 0;
      for (let dr = -1; dr <= 1; dr += 1) {
        for (let dc = -1; dc <= 1; dc += 1) {
          if (r + dr < 0 || r + dr >= rows || c + dc < 0 || c + dc >= cols) continue;
          sum += ratio[(r + dr) * cols + c + dc]!;
          n += 1;
        }
      }
      dense.push(sum / n >= 0.35);
    }
  }
  return { cols, rows, dense };
}

/** Connected dense areas at least `minCells` on each side (text lines never are). */
function denseAreas(grid: ReturnType<typeof densityGrid>, minCells: number): Box[] {
  const seen = new Uint8Array(grid.dense.length);
  const boxes: Box[] = [];
  for (let start = 0; start < grid.dense.length; start += 1) {
    if (!grid.dense[start] || seen[start]) continue;
    const box = { x0: Infinity, y0: Infinity, x1: -1, y1: -1 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const i = stack.pop()!;
      const r = Math.floor(i / grid.cols);
      const c = i % grid.cols;
      box.x0 = Math.min(box.x0, c);
      box.x1 = Math.max(box.x1, c);
      box.y0 = Math.min(box.y0, r);
      box.y1 = Math.max(box.y1, r);
      for (const [nr, nc] of [[r - 1, c], [r + 1, c], [r, c - 1], [r, c + 1]] as const) {
        const j = nr * grid.cols + nc;
        if (nr < 0 || nr >= grid.rows || nc < 0 || nc >= grid.cols || !grid.dense[j] || seen[j]) continue;
        seen[j] = 1;
        stack.push(j);
      }
    }
    if (box.x1 - box.x0 + 1 >= minCells && box.y1 - box.y0 + 1 >= minCells) boxes.push(box);
  }
  return boxes;
}

function readArea(image: GrayImage, b: Box): string | null {
  const w = b.x1 - b.x0;
  const h = b.y1 - b.y0;
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      const v = image.pixels[(b.y0 + y) * image.width + b.x0 + x]!;
      rgba.set([v, v, v, 255], (y * w + x) * 4);
    }
  }
  const code = jsQR(rgba, w, h);
  return code && code.data !== '' ? code.data : null;
}

export const decodeAllQrCodes = (image: GrayImage, dpi: number): string[] => {
  const mm = dpi / 25.4;
  const cell = Math.max(4, Math.round(3 * mm));
  const grid = densityGrid(image, cell);
  const margin = Math.round(6 * mm);
  const codes: Array<{ data: string; box: Box }> = [];
  for (const area of denseAreas(grid, Math.ceil((15 * mm) / cell))) {
    const box = {
      x0: Math.max(0, area.x0 * cell - margin),
      y0: Math.max(0, area.y0 * cell - margin),
      x1: Math.min(image.width, (area.x1 + 1) * cell + margin),
      y1: Math.min(image.height, (area.y1 + 1) * cell + margin),
    };
    const data = readArea(image, box);
    if (data !== null) codes.push({ data, box });
  }
  const row = 20 * mm;
  return codes.sort((a, b) => (Math.abs(a.box.y0 - b.box.y0) > row ? a.box.y0 - b.box.y0 : a.box.x0 - b.box.x0)).map((c) => c.data);
};

/** Every QR code on the given pages of a PDF, in page and reading order. */
export const decodePdfQrCodes = async (file: string, pages: readonly number[], dpi = 200): Promise<string[]> => {
  const all: string[] = [];
  for (const page of pages) all.push(...decodeAllQrCodes(await rasterise(file, page, dpi), dpi));
  return all;
};
