/** Signing: a real signature is handed on as a trimmed PNG; nothing or a scratch is refused kindly. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inkBox, judgeSignature, trimBox } from './signature-ink';
import { flush, mountInput } from './mount-input.test-helper';
import SignaturePad from './SignaturePad.vue';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const drawn: Array<{ op: string; args: unknown[] }> = [];

beforeEach(() => {
  drawn.length = 0;
  // happy-dom has no 2D canvas: a recording stand-in for the drawing calls.
  const fakeContext = new Proxy({} as Record<string, unknown>, {
    get: (target, key: string) => (key in target ? target[key] : (...args: unknown[]) => void drawn.push({ op: key, args })),
    set: (target, key: string, value) => ((target[key] = value), true),
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => fakeContext) as never);
  HTMLCanvasElement.prototype.toBlob = function (callback: BlobCallback, type?: string) {
    callback(new Blob([new Uint8Array(PNG_MAGIC)], { type: type ?? 'image/png' }));
  };
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const line = (x0: number, y0: number, x1: number, y1: number, n: number) => ({
  points: Array.from({ length: n }, (_, i) => ({ x: x0 + ((x1 - x0) * i) / (n - 1), y: y0 + ((y1 - y0) * i) / (n - 1) })),
});

describe('signature ink', () => {
  it('empty, a tap, a scratch and a name', () => {
    expect(judgeSignature([])).toBe('empty');
    expect(judgeSignature([{ points: [{ x: 5, y: 5 }] }])).toBe('tooSmall');
    expect(judgeSignature([line(10, 10, 40, 30, 20)])).toBe('tooSmall');
    expect(judgeSignature([line(10, 10, 300, 80, 30), line(60, 20, 90, 150, 20)])).toBe('ok');
  });

  it('trims to the ink plus a margin, inside the canvas', () => {
    const box = inkBox([line(100, 50, 400, 120, 10)]);
    expect(box).toEqual({ x: 100, y: 50, width: 300, height: 70 });
    expect(trimBox(box!, 15, 1200, 360)).toEqual({ x: 85, y: 35, width: 330, height: 100 });
    expect(trimBox({ x: 2, y: 2, width: 1190, height: 350 }, 15, 1200, 360)).toEqual({ x: 0, y: 0, width: 1200, height: 360 });
  });
});

async function draw(canvas: HTMLElement, points: Array<[number, number]>) {
  const [first, ...rest] = points;
  const at = (p: [number, number], buttons: number) => ({ clientX: p[0], clientY: p[1], buttons, button: 0, pointerId: 1, pointerType: 'mouse', bubbles: true, cancelable: true });
  canvas.dispatchEvent(new PointerEvent('pointerdown', at(first!, 1)));
  for (const p of rest) window.dispatchEvent(new PointerEvent('pointermove', at(p, 1)));
  window.dispatchEvent(new PointerEvent('pointerup', at(rest.at(-1) ?? first!, 0)));
  await flush();
}

async function mountPad() {
  const signed: Array<{ png: Uint8Array; width: number; height: number }> = [];
  let cleared = 0;
  const m = mountInput(SignaturePad, { props: { onSigned: (s: { png: Uint8Array; width: number; height: number }) => signed.push(s), onCleared: () => cleared++ } });
  await flush();
  return { ...m, signed, cleared: () => cleared };
}

describe('SignaturePad', () => {
  it('refuses to confirm an empty pad, with a kind message', async () => {
    const p = await mountPad();
    await p.tap('sig-confirm');
    expect(p.get('sig-message').textContent).toContain('还没有签名');
    expect(p.signed).toEqual([]);
  });

  it('refuses a tap as too small', async () => {
    const p = await mountPad();
    await draw(p.get('sig-canvas'), [[100, 100]]);
    await p.tap('sig-confirm');
    expect(p.get('sig-message').textContent).toContain('签名太小了');
    expect(p.signed).toEqual([]);
  });

  it('a signature drawn with the mouse is handed on as a PNG on white; 重写 starts again', async () => {
    const p = await mountPad();
    const stroke: Array<[number, number]> = Array.from({ length: 30 }, (_, i) => [100 + i * 12, 100 + Math.round(40 * Math.sin(i / 3))]);
    await draw(p.get('sig-canvas'), stroke);
    await p.tap('sig-confirm');
    await flush();
    expect(p.signed).toHaveLength(1);
    expect([...p.signed[0]!.png.slice(0, 4)]).toEqual(PNG_MAGIC);
    expect(p.find('sig-done')).not.toBeNull();
    // the copy is filled white before the ink is drawn onto it
    const ops = drawn.map((d) => d.op);
    const fill = ops.lastIndexOf('fillRect');
    const copy = ops.lastIndexOf('drawImage');
    expect(fill).toBeGreaterThan(-1);
    expect(copy).toBeGreaterThan(fill);

    await p.tap('sig-clear');
    expect(p.cleared()).toBe(1);
    expect(p.find('sig-done')).toBeNull();
    await p.tap('sig-confirm');
    expect(p.get('sig-message').textContent).toContain('还没有签名');
  });
});
