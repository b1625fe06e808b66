/**
 * Reading a bundle directory from disk and verifying it (domain/education/bundle.ts does the
 * checks). A bundle directory is flat: only the names the domain allows are read, never a path.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUNDLE_FILE,
  MANIFEST_FILE,
  MAX_BUNDLE_FILES,
  MEDIA_NAME,
  fileSizeLimit,
  verifyBundleFiles,
  type BundleFile,
  type BundleProblem,
  type EducationBundle,
  type EducationManifest,
} from '../../../domain/education/bundle.ts';
import { err, type Result } from '../../../domain/result.ts';

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface VerifiedBundle {
  readonly dir: string;
  readonly bundle: EducationBundle;
  readonly manifest: EducationManifest;
}

const isBundleFileName = (name: string) => name === BUNDLE_FILE || name === MANIFEST_FILE || MEDIA_NAME.test(name);

/** Reads every file of the directory (refusing strays and oversize files before reading them) and verifies the set. */
export const readBundleDir = (dir: string): Result<VerifiedBundle, BundleProblem[]> => {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return err([{ code: 'file_missing', detail: 'the bundle directory' }]);
  }
  if (names.length > MAX_BUNDLE_FILES + 1) return err([{ code: 'too_large', detail: 'too many files' }]);
  const files: BundleFile[] = [];
  for (const name of names) {
    if (!isBundleFileName(name)) return err([{ code: 'file_unlisted', detail: 'a stray file in the bundle directory' }]);
    const path = join(dir, name);
    const stats = statSync(path);
    if (!stats.isFile()) return err([{ code: 'file_unlisted', detail: name }]);
    if (stats.size > fileSizeLimit(name)) return err([{ code: 'too_large', detail: name }]);
    files.push({ name, bytes: new Uint8Array(readFileSync(path)) });
  }
  const verified = verifyBundleFiles(files, sha256Hex);
  return verified.ok ? { ok: true, value: { dir, ...verified.value } } : verified;
};

/** The manifest of a directory as it is (used to publish a bundle: see README). */
export const buildManifest = (dir: string): EducationManifest => {
  const bundle = JSON.parse(readFileSync(join(dir, BUNDLE_FILE), 'utf8')) as { id: string; version: number };
  const files = readdirSync(dir)
    .filter((name) => name !== MANIFEST_FILE && isBundleFileName(name))
    .sort()
    .map((name) => {
      const bytes = new Uint8Array(readFileSync(join(dir, name)));
      return { name, bytes: bytes.length, sha256: sha256Hex(bytes) };
    });
  return { format: 1, bundleId: bundle.id, version: bundle.version, files };
};
