/**
 * Judging and trimming a signature from signature_pad's stroke data (points in CSS pixels of the
 * canvas), without the DOM. A tap or a tiny scratch is not a signature: the person is asked to
 * write again, kindly.
 */
export interface InkPoint {
  readonly x: number;
  readonly y: number;
}
export interface InkStroke {
  readonly points: readonly InkPoint[];
}
export interface InkBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Below this in both directions the ink is a dot or a scratch, not a name (the pad is ~1200 x 360). */
export const MIN_INK_EXTENT_PX = 60;
/** A written name has many sampled points; a tap or two has a handful. */
export const MIN_INK_POINTS = 8;

export function inkBox(strokes: readonly InkStroke[]): InkBox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const stroke of strokes) {
    for (const p of stroke.points) {
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
  }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export type SignatureVerdict = 'empty' | 'tooSmall' | 'ok';

export function judgeSignature(strokes: readonly InkStroke[]): SignatureVerdict {
  const box = inkBox(strokes);
  if (!box) return 'empty';
  const points = strokes.reduce((n, s) => n + s.points.length, 0);
  if (points < MIN_INK_POINTS || (box.width < MIN_INK_EXTENT_PX && box.height < MIN_INK_EXTENT_PX)) return 'tooSmall';
  return 'ok';
}

/** The ink box grown by a margin (room for the pen's width), kept inside the canvas. */
export function trimBox(box: InkBox, margin: number, canvasWidth: number, canvasHeight: number): InkBox {
  const x = Math.max(0, Math.floor(box.x - margin));
  const y = Math.max(0, Math.floor(box.y - margin));
  const right = Math.min(canvasWidth, Math.ceil(box.x + box.width + margin));
  const bottom = Math.min(canvasHeight, Math.ceil(box.y + box.height + margin));
  return { x, y, width: Math.max(1, right - x), height: Math.max(1, bottom - y) };
}
