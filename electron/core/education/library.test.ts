import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../services/logger.ts';
import { readBundleDir } from './bundle-dir.ts';
import { EducationLibrary } from './library.ts';
import { STARTER_BUNDLE_DIR, derivedBundle } from './testing.ts';

let dataDir: string;
const library = () => new EducationLibrary({ builtInDir: STARTER_BUNDLE_DIR, dataDir, logger: silentLogger, now: () => Date.parse('2026-11-23T08:00:00Z') });

beforeEach(() => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'education-')), 'education');
});
afterEach(() => rmSync(join(dataDir, '..'), { recursive: true, force: true }));

describe('the starter bundle on disk', () => {
  it('verifies with real SHA-256 hashes (run make-manifest.ts after editing it)', () => {
    const read = readBundleDir(STARTER_BUNDLE_DIR);
    expect(read.ok ? read.value.bundle.version : read.error).toBe(1);
  });

  it('points drafting items at document templates the kiosk has (resources/documents)', () => {
    const read = readBundleDir(STARTER_BUNDLE_DIR);
    if (!read.ok) throw new Error('starter bundle invalid');
    const templates = JSON.parse(readFileSync(join(STARTER_BUNDLE_DIR, '..', 'documents', 'index.json'), 'utf8')) as string[];
    const wanted = read.value.bundle.topics.flatMap((t) => t.items.flatMap((i) => (i.relatedService.kind === 'documents' ? [i.relatedService.documentId] : [])));
    expect(wanted.length).toBeGreaterThan(0);
    for (const id of wanted) expect(templates, id).toContain(id);
  });
});

describe('EducationLibrary', () => {
  it('shows the built-in bundle when nothing was installed', () => {
    expect(library().load()).toMatchObject({ source: 'built-in', installedAt: null, bundle: { version: 1 } });
  });

  it('installs a newer bundle, keeps it across restarts, and refuses an older or equal one', () => {
    const lib = library();
    lib.load();
    const installed = lib.install(derivedBundle(2, (b) => (b.title = '普法学习（第二版）')));
    expect(installed.ok ? installed.value : installed.error).toMatchObject({ source: 'centre', bundle: { version: 2, title: '普法学习（第二版）' }, installedAt: '2026-11-23T08:00:00.000Z' });
    expect(library().load()).toMatchObject({ source: 'centre', bundle: { version: 2 } });
    const again = lib.install(derivedBundle(2));
    expect(again.ok ? null : again.error).toEqual({ code: 'not_newer', version: 2 });
    expect(readdirSync(join(dataDir, 'bundles'))).toHaveLength(1);
  });

  it('refuses a bundle whose file does not match its manifest and keeps the one shown', () => {
    const lib = library();
    lib.load();
    const files = derivedBundle(3).map((f) => (f.name === 'fraud.svg' ? { ...f, bytes: new Uint8Array(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')) } : f));
    const refused = lib.install(files);
    expect(refused.ok ? null : refused.error.code).toBe('refused');
    expect(lib.current()?.bundle.version).toBe(1);
    expect(readdirSync(dataDir).filter((n) => n.startsWith('staging-'))).toEqual([]);
  });

  it('writes nothing outside its directory for a file name with a path in it', () => {
    const lib = library();
    lib.load();
    const refused = lib.install([...derivedBundle(4), { name: '../escaped.svg', bytes: new Uint8Array([60]) }]);
    expect(refused.ok).toBe(false);
    expect(existsSync(join(dataDir, '..', 'escaped.svg'))).toBe(false);
  });

  it('after an interrupted install (staging left, bundle renamed but no pointer) shows the old bundle and sweeps', () => {
    const lib = library();
    lib.load();
    expect(lib.install(derivedBundle(2)).ok).toBe(true);
    // What a kill leaves at each step: a half-written staging directory, and a complete v3 directory nothing points at.
    mkdirSync(join(dataDir, 'staging-deadbeef'));
    writeFileSync(join(dataDir, 'staging-deadbeef', 'bundle.json'), '{"format":1,');
    mkdirSync(join(dataDir, 'bundles', 'v3-00000000'));
    writeFileSync(join(dataDir, 'current.json.tmp'), '{"dir":"v3-0000');
    const after = library().load();
    expect(after).toMatchObject({ source: 'centre', bundle: { version: 2 } });
    expect(readdirSync(dataDir).sort()).toEqual(['bundles', 'current.json']);
    expect(readdirSync(join(dataDir, 'bundles'))).toHaveLength(1);
  });

  it('falls back to the built-in bundle when the installed one was damaged on disk', () => {
    const lib = library();
    lib.load();
    expect(lib.install(derivedBundle(5)).ok).toBe(true);
    const dir = join(dataDir, 'bundles', readdirSync(join(dataDir, 'bundles'))[0]!);
    writeFileSync(join(dir, 'labour.svg'), '<svg xmlns="http://www.w3.org/2000/svg"></svg>');
    expect(library().load()).toMatchObject({ source: 'built-in', bundle: { version: 1 } });
  });

  it('serves only media the bundle names', () => {
    const lib = library();
    lib.load();
    const icon = lib.media('labour.svg');
    expect(icon.ok && icon.value.mime).toBe('image/svg+xml');
    expect(lib.media('../../package.json').ok).toBe(false);
    expect(lib.media('manifest.json').ok).toBe(false);
    expect(lib.media('unknown.svg').ok).toBe(false);
  });
});
