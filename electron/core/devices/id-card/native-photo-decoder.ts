/**
 * Photo decoding for real readers. The chip's 1024-byte WLT photo can only be decoded by the reader
 * vendor's licensed library, which we neither ship nor reimplement. A small helper process on the
 * kiosk image loads that library and speaks line-JSON on stdin/stdout (native/wlt-decoder/README.md):
 *
 *   -> {"id":1,"op":"decode","wlt":"<base64 of 1024 bytes>"}
 *   <- {"id":1,"ok":true,"bmp":"<base64 of a BMP>"}   or   {"id":1,"ok":false,"error":"..."}
 *
 * A separate process keeps a crashing vendor library from taking the core down with it. The helper
 * is started on first use, and restarted on the next decode after it crashed or hung.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { z } from 'zod';
import { err, ok, type Result } from '../../../../domain/result.ts';
import { PHOTO_LENGTH } from './codec.ts';
import type { PhotoDecoder } from './reader.ts';

export interface NativePhotoDecoderOptions {
  /** Executable of the helper (from configuration). */
  readonly helperPath: string;
  readonly args?: readonly string[];
  /** Per-photo timeout; a decode takes milliseconds, so a long wait means the helper hangs. */
  readonly timeoutMs?: number;
  /** Protocol facts only; never image data or helper output. */
  readonly log?: (message: string) => void;
}

type DecodeResult = Result<{ mime: 'image/bmp'; data: Uint8Array }, 'no_decoder' | 'decode_failed'>;

const ResponseSchema = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), bmp: z.string() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);

/** A BMP answer is far smaller than this; more without a newline means the helper is broken. */
const MAX_LINE = 4 * 1024 * 1024;

interface Helper {
  readonly child: ChildProcess;
  readonly pending: Map<number, (result: DecodeResult) => void>;
  dead: boolean;
}

export function createNativePhotoDecoder(options: NativePhotoDecoderOptions): PhotoDecoder {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const log = options.log ?? (() => undefined);
  let helper: Helper | null = null;
  let nextId = 1;
  let closed = false;

  const retire = (h: Helper, reason: string): void => {
    if (h.dead) return;
    h.dead = true;
    log(`photo helper retired: ${reason}`);
    for (const resolve of h.pending.values()) resolve(err('decode_failed'));
    h.pending.clear();
    if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
    if (helper === h) helper = null;
  };

  const start = (): Helper => {
    const child = spawn(options.helperPath, [...(options.args ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    const h: Helper = { child, pending: new Map(), dead: false };
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE && !buffer.includes('\n')) return retire(h, 'over-long output line');
      let newline: number;
      while ((newline = buffer.indexOf('\n')) !== -1) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) onLine(h, line);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => log(`photo helper wrote ${chunk.length} bytes to stderr`));
    child.on('error', (e) => retire(h, `spawn/pipe error: ${e.message}`));
    child.on('exit', (code, signal) => retire(h, `exited (${signal ?? code})`));
    // Writing to a helper that has just died raises EPIPE on stdin; exit handling covers it.
    child.stdin!.on('error', () => undefined);
    return h;
  };

  const onLine = (h: Helper, line: string): void => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      // Vendor libraries sometimes print banners to stdout; skip them. A helper that prints
      // nothing else runs into the timeout.
      log(`photo helper printed a non-JSON line (${line.length} chars)`);
      return;
    }
    const parsed = ResponseSchema.safeParse(json);
    if (!parsed.success) {
      log('photo helper answered outside the protocol');
      return;
    }
    const resolve = h.pending.get(parsed.data.id);
    if (!resolve) return;
    h.pending.delete(parsed.data.id);
    if (!parsed.data.ok) {
      log('photo helper could not decode a photo');
      return resolve(err('decode_failed'));
    }
    const data = new Uint8Array(Buffer.from(parsed.data.bmp, 'base64'));
    // 'BM' and a plausible size: anything else is not an image we can hand to the screen.
    if (data.length < 54 || data[0] !== 0x42 || data[1] !== 0x4d) {
      log('photo helper returned something that is not a BMP');
      return resolve(err('decode_failed'));
    }
    resolve(ok({ mime: 'image/bmp', data }));
  };

  return {
    kind: 'vendor',
    decode(photo) {
      if (closed) return Promise.resolve(err('decode_failed'));
      if (photo.length !== PHOTO_LENGTH) return Promise.resolve(err('decode_failed'));
      const h = helper && !helper.dead ? helper : (helper = start());
      const id = nextId++;
      return new Promise<DecodeResult>((resolve) => {
        const timer = setTimeout(() => {
          if (!h.pending.has(id)) return;
          h.pending.delete(id);
          resolve(err('decode_failed'));
          // A helper that does not answer may be stuck inside the vendor library; the next
          // decode gets a fresh one.
          retire(h, 'timeout');
        }, timeoutMs);
        h.pending.set(id, (result) => {
          clearTimeout(timer);
          resolve(result);
        });
        const request = JSON.stringify({ id, op: 'decode', wlt: Buffer.from(photo).toString('base64') });
        h.child.stdin!.write(`${request}\n`);
      });
    },
    async close() {
      closed = true;
      const h = helper;
      helper = null;
      if (!h || h.dead) return;
      const exited = new Promise<void>((resolve) => h.child.once('exit', () => resolve()));
      h.child.stdin!.end();
      const hard = setTimeout(() => retire(h, 'did not exit after stdin closed'), 1_000);
      await exited;
      clearTimeout(hard);
      retire(h, 'closed');
    },
  };
}

/** For kiosks without a vendor library: the flow then offers verification another way. */
export const noPhotoDecoder: PhotoDecoder = {
  kind: 'none',
  decode: async () => err('no_decoder'),
  close: async () => undefined,
};
