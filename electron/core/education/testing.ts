/**
 * Test helpers: bundles derived from the starter set in resources/education, as a publisher would
 * make them (edit bundle.json, rebuild the manifest). Used by unit, integration and e2e tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BundleFile, EducationBundle } from '../../../domain/education/bundle.ts';
import { sha256Hex } from './bundle-dir.ts';

export const STARTER_BUNDLE_DIR = resolve(fileURLToPath(new URL('../../../resources/education', import.meta.url)));

export const readStarterFiles = (): BundleFile[] =>
  readdirSync(STARTER_BUNDLE_DIR).map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(STARTER_BUNDLE_DIR, name))) }));

/** Replaces manifest.json with one that lists the other files as they are. */
export const withManifest = (files: readonly BundleFile[]): BundleFile[] => {
  const bundleFile = files.find((f) => f.name === 'bundle.json');
  const bundle = bundleFile ? (JSON.parse(Buffer.from(bundleFile.bytes).toString('utf8')) as { id: string; version: number }) : { id: 'x', version: 1 };
  const listed = files.filter((f) => f.name !== 'manifest.json');
  const manifest = { format: 1, bundleId: bundle.id, version: bundle.version, files: listed.map((f) => ({ name: f.name, bytes: f.bytes.length, sha256: sha256Hex(f.bytes) })) };
  return [...listed, { name: 'manifest.json', bytes: new Uint8Array(Buffer.from(JSON.stringify(manifest, null, 2))) }];
};

/** The starter bundle as version `version`, optionally edited, with extra files, and a fresh manifest. */
export const derivedBundle = (version: number, edit: (bundle: EducationBundle) => void = () => {}, extra: BundleFile[] = []): BundleFile[] => {
  const files = readStarterFiles();
  const bundle = JSON.parse(Buffer.from(files.find((f) => f.name === 'bundle.json')!.bytes).toString('utf8')) as EducationBundle;
  bundle.version = version;
  edit(bundle);
  const rest = files.filter((f) => f.name !== 'bundle.json' && f.name !== 'manifest.json');
  return withManifest([{ name: 'bundle.json', bytes: new Uint8Array(Buffer.from(JSON.stringify(bundle, null, 2))) }, ...rest, ...extra]);
};

export const toWire = (files: readonly BundleFile[]) => ({ files: files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') })) });
