/**
 * Fetches the face-check files (weights, WASM) and checks each against the sha256 pinned in
 * resources/face-models/manifest.json, which is bundled into the code rather than fetched beside
 * the weights: whoever can swap a weight file on disk cannot also swap the pin.
 */
import pinned from '../../../resources/face-models/manifest.json';

export interface PinnedFile {
  readonly sha256: string;
  readonly size: number;
}
export type PinnedFiles = Readonly<Record<string, PinnedFile>>;

export const PINNED_FILES: PinnedFiles = pinned.files;

export class TamperedFileError extends Error {
  constructor(readonly file: string, why: string) {
    super(`face model file ${file} refused: ${why}`);
    this.name = 'TamperedFileError';
  }
}

export const sha256Hex = async (bytes: ArrayBuffer): Promise<string> => {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
};

/** Throws TamperedFileError unless `bytes` are exactly the pinned file. */
export const verifyPinned = async (name: string, bytes: ArrayBuffer, files: PinnedFiles = PINNED_FILES): Promise<void> => {
  const pin = files[name];
  if (!pin) throw new TamperedFileError(name, 'not in the manifest');
  if (bytes.byteLength !== pin.size) throw new TamperedFileError(name, `size ${bytes.byteLength}, expected ${pin.size}`);
  if ((await sha256Hex(bytes)) !== pin.sha256) throw new TamperedFileError(name, 'sha256 mismatch');
};

/** Fetches `baseUrl + name` and returns the bytes only if they match the pin. */
export const fetchVerified = async (
  baseUrl: string,
  name: string,
  files: PinnedFiles = PINNED_FILES,
  fetchFn: typeof fetch = fetch,
): Promise<ArrayBuffer> => {
  const response = await fetchFn(new URL(name, baseUrl).href, { cache: 'no-store' });
  if (!response.ok) throw new Error(`face model file ${name}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  await verifyPinned(name, bytes, files);
  return bytes;
};
