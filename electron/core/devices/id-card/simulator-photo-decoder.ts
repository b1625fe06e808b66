/**
 * PhotoDecoder for simulator cards: their photo field carries `SIMPHOTO:<card id>` instead of WLT
 * data, and the "decoded" photo is the placeholder image of that card under resources/demo-cards/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../../domain/result.ts';
import { PHOTO_MARKER_PREFIX } from './demo-cards.ts';
import type { PhotoDecoder } from './reader.ts';

type Mime = 'image/png' | 'image/jpeg' | 'image/svg+xml';

export interface SimulatorPhotoDecoderOptions {
  /** Directories holding `<card id>.svg|.png|.jpg` (resources/demo-cards, plus test photo dirs). */
  readonly imageDir: string | readonly string[];
  /** Injected for tests; resolves null when the file does not exist. */
  readonly readFile?: (path: string) => Promise<Uint8Array | null>;
}

const EXTENSIONS: ReadonlyArray<readonly [string, Mime]> = [
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
];

/** Card ids are plain slugs; anything else could walk out of the photo directory. */
const CARD_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

const defaultReadFile = async (path: string): Promise<Uint8Array | null> => {
  try {
    return new Uint8Array(await readFile(path));
  } catch {
    return null;
  }
};

/** The card id in a simulator photo field, or null when the field is not a simulator marker. */
export function parsePhotoMarker(photo: Uint8Array): string | null {
  const end = photo.indexOf(0);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(photo.subarray(0, end === -1 ? photo.length : end));
  if (!text.startsWith(PHOTO_MARKER_PREFIX)) return null;
  const id = text.slice(PHOTO_MARKER_PREFIX.length);
  return CARD_ID.test(id) ? id : null;
}

export function createSimulatorPhotoDecoder(options: SimulatorPhotoDecoderOptions): PhotoDecoder {
  const read = options.readFile ?? defaultReadFile;
  return {
    kind: 'simulator',
    async decode(photo): Promise<Result<{ mime: Mime; data: Uint8Array }, 'no_decoder' | 'decode_failed'>> {
      const id = parsePhotoMarker(photo);
      // A real card's WLT data on a simulator kiosk: we cannot decode it, and must not pretend to.
      if (id === null) return err('decode_failed');
      const dirs = typeof options.imageDir === 'string' ? [options.imageDir] : options.imageDir;
      for (const dir of dirs) {
        for (const [extension, mime] of EXTENSIONS) {
          const data = await read(join(dir, `${id}${extension}`));
          if (data) return ok({ mime, data });
        }
      }
      return err('decode_failed');
    },
    async close() {},
  };
}
