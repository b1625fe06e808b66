/**
 * The vendor photo decoder client against fake helper processes written here: a well-behaved one,
 * one that crashes, one that prints garbage, one that hangs, one that refuses. No WLT decoding is
 * involved anywhere: the good fake answers every request with the same tiny BMP.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createNativePhotoDecoder, noPhotoDecoder } from '../../electron/core/devices/id-card/native-photo-decoder.ts';
import type { PhotoDecoder } from '../../electron/core/devices/id-card/reader.ts';

const dir = mkdtempSync(join(tmpdir(), 'wlt-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 2 x 1 24-bit BMP: enough to be recognised as one. */
const TINY_BMP = Buffer.from(
  '424d3e000000000000003600000028000000020000000100000001001800000000000800000000000000000000000000000000000000' + 'ff000000ff000000',
  'hex',
);

const script = (name: string, body: string): string => {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(path, `import { createInterface } from 'node:readline';\nconst BMP = ${JSON.stringify(TINY_BMP.toString('base64'))};\n${body}\n`);
  return path;
};

const GOOD = script(
  'good',
  `createInterface({ input: process.stdin }).on('line', (line) => {
    const req = JSON.parse(line);
    const wlt = Buffer.from(req.wlt, 'base64');
    if (req.op !== 'decode' || wlt.length !== 1024) {
      process.stdout.write(JSON.stringify({ id: req.id, ok: false, error: 'bad request' }) + '\\n');
      return;
    }
    process.stdout.write(JSON.stringify({ id: req.id, ok: true, bmp: BMP }) + '\\n');
  });`,
);
const BANNER_THEN_GOOD = script(
  'banner',
  `process.stdout.write('WltRS v1.0 loaded\\n');
  createInterface({ input: process.stdin }).on('line', (line) => {
    const req = JSON.parse(line);
    process.stdout.write('decoding...\\n' + JSON.stringify({ id: req.id, ok: true, bmp: BMP }) + '\\n');
  });`,
);
const CRASH = script('crash', `createInterface({ input: process.stdin }).on('line', () => process.exit(3));`);
const GARBAGE = script(
  'garbage',
  `createInterface({ input: process.stdin }).on('line', (line) => {
    process.stdout.write('\\u0000\\u00ff not json at all\\n{"id":"x"}\\n[1,2,3]\\n');
  });`,
);
const HANG = script('hang', `createInterface({ input: process.stdin }).on('line', () => {}); setInterval(() => {}, 1000);`);
const REFUSE = script(
  'refuse',
  `createInterface({ input: process.stdin }).on('line', (line) => {
    const req = JSON.parse(line);
    process.stdout.write(JSON.stringify({ id: req.id, ok: false, error: 'WLT checksum' }) + '\\n');
  });`,
);
const NOT_BMP = script(
  'notbmp',
  `createInterface({ input: process.stdin }).on('line', (line) => {
    const req = JSON.parse(line);
    process.stdout.write(JSON.stringify({ id: req.id, ok: true, bmp: Buffer.from('hello').toString('base64') }) + '\\n');
  });`,
);
/** Crashes on its first run, works on the second: counts runs in a file. */
const CRASH_ONCE = script(
  'crash-once',
  `import { existsSync, writeFileSync } from 'node:fs';
  const marker = ${JSON.stringify(join(dir, 'crash-once.ran'))};
  const firstRun = !existsSync(marker);
  writeFileSync(marker, 'x');
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (firstRun) process.exit(1);
    const req = JSON.parse(line);
    process.stdout.write(JSON.stringify({ id: req.id, ok: true, bmp: BMP }) + '\\n');
  });`,
);
/** Hangs on its first run (writing its pid), works on the second. */
const HANG_ONCE = script(
  'hang-once',
  `import { existsSync, writeFileSync } from 'node:fs';
  const marker = ${JSON.stringify(join(dir, 'hang-once.pid'))};
  const firstRun = !existsSync(marker);
  if (firstRun) writeFileSync(marker, String(process.pid));
  setInterval(() => {}, 1000);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (firstRun) return;
    const req = JSON.parse(line);
    process.stdout.write(JSON.stringify({ id: req.id, ok: true, bmp: BMP }) + '\\n');
  });`,
);
/** Records its pid so the test can see whether a new process was started. */
const PID = script(
  'pid',
  `createInterface({ input: process.stdin }).on('line', (line) => {
    const req = JSON.parse(line);
    process.stdout.write(JSON.stringify({ id: req.id, ok: true, bmp: Buffer.concat([Buffer.from(BMP, 'base64'), Buffer.from(String(process.pid))]).toString('base64') }) + '\\n');
  });`,
);

const decoders: PhotoDecoder[] = [];
const make = (path: string, timeoutMs = 2_000, log?: (m: string) => void) => {
  const d = createNativePhotoDecoder({ helperPath: process.execPath, args: [path], timeoutMs, ...(log ? { log } : {}) });
  decoders.push(d);
  return d;
};
afterEach(async () => {
  await Promise.all(decoders.splice(0).map((d) => d.close()));
});

const wlt = () => Uint8Array.from({ length: 1024 }, (_, i) => (i * 31) & 0xff);

describe('native (vendor helper) photo decoder', () => {
  it('decodes through a well-behaved helper, also several photos at once', async () => {
    const d = make(GOOD);
    expect(d.kind).toBe('vendor');
    const [a, b] = await Promise.all([d.decode(wlt()), d.decode(wlt())]);
    expect(a).toEqual({ ok: true, value: { mime: 'image/bmp', data: new Uint8Array(TINY_BMP) } });
    expect(b.ok).toBe(true);
  });

  it('skips banner lines a vendor library prints', async () => {
    const d = make(BANNER_THEN_GOOD);
    expect((await d.decode(wlt())).ok).toBe(true);
  });

  it('refuses a photo field of the wrong size without asking the helper', async () => {
    const d = make(GOOD);
    expect(await d.decode(new Uint8Array(10))).toEqual({ ok: false, error: 'decode_failed' });
  });

  it('reports decode_failed when the helper crashes, and restarts it next time', async () => {
    const d = make(CRASH_ONCE);
    expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
    expect((await d.decode(wlt())).ok).toBe(true);
  });

  it('keeps failing cleanly with a helper that always crashes', async () => {
    const d = make(CRASH);
    for (let i = 0; i < 3; i++) expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
  });

  it('times out on garbage output, without logging it', async () => {
    const logs: string[] = [];
    const d = make(GARBAGE, 300, (m) => logs.push(m));
    const started = Date.now();
    expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(logs.join('\n')).not.toContain('not json');
    expect(logs.some((m) => m.includes('non-JSON'))).toBe(true);
  });

  it('times out on a helper that never answers', async () => {
    const d = make(HANG, 200);
    expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
    expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
  });

  it('kills a hung helper and starts a fresh one next time', async () => {
    const d = make(HANG_ONCE, 300);
    expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
    const hungPid = Number(readFileSync(join(dir, 'hang-once.pid'), 'utf8'));
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(hungPid, 0)).toThrow();
    expect((await d.decode(wlt())).ok).toBe(true);
  });

  it('keeps one helper for many photos', async () => {
    const pidOf = (r: Awaited<ReturnType<PhotoDecoder['decode']>>) => (r.ok ? Buffer.from(r.value.data.subarray(TINY_BMP.length)).toString() : null);
    const d = make(PID);
    const first = pidOf(await d.decode(wlt()));
    const second = pidOf(await d.decode(wlt()));
    expect(first).not.toBeNull();
    expect(second).toBe(first);
  });

  it('passes on the helper refusing a photo as decode_failed', async () => {
    expect(await make(REFUSE).decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
  });

  it('refuses an answer that is not a BMP', async () => {
    expect(await make(NOT_BMP).decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
  });

  it('reports decode_failed when the helper does not exist', async () => {
    const d = createNativePhotoDecoder({ helperPath: join(dir, 'no-such-helper'), timeoutMs: 500 });
    decoders.push(d);
    expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
  });

  it('closes the helper and refuses work afterwards', async () => {
    const d = make(GOOD);
    expect((await d.decode(wlt())).ok).toBe(true);
    await d.close();
    expect(await d.decode(wlt())).toEqual({ ok: false, error: 'decode_failed' });
  });
});

describe('noPhotoDecoder', () => {
  it('says there is no decoder', async () => {
    expect(noPhotoDecoder.kind).toBe('none');
    expect(await noPhotoDecoder.decode(wlt())).toEqual({ ok: false, error: 'no_decoder' });
  });
});
