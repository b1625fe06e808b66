/**
 * The kiosk's legal-education library: the built-in bundle (resources/education, shipped with the
 * software) and at most one newer bundle installed from the centre under <dataDir>/education.
 * The kiosk shows the newest bundle that verifies (schema, manifest, hashes); anything else is
 * ignored and the previous bundle stays.
 *
 * Installing is atomic: the files are written and fsynced into a staging directory, verified there,
 * the directory is renamed into bundles/, and only then does current.json (written to a temporary
 * file, fsynced, renamed) point at it. A process killed at any step leaves either the old pointer
 * or the new one, each naming a complete directory; leftovers are swept at the next start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  MEDIA_MIME,
  MEDIA_NAME,
  describeProblems,
  isNewerBundle,
  mediaKind,
  referencedMedia,
  type BundleFile,
  type BundleProblem,
  type BundleSource,
  type EducationBundle,
} from '../../../domain/education/bundle.ts';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { Logger } from '../services/logger.ts';
import { nodeFileOps } from '../store/file-ops.ts';
import { readBundleDir, type VerifiedBundle } from './bundle-dir.ts';

const POINTER_FILE = 'current.json';
const BUNDLES_DIR = 'bundles';
const STAGING_PREFIX = 'staging-';
const PointerSchema = z.object({ dir: z.string().regex(/^v\d{1,7}-[0-9a-f]{8}$/), installedAt: z.string().max(40) }).strict();

export interface ActiveBundle {
  readonly bundle: EducationBundle;
  readonly source: BundleSource;
  /** When the centre's bundle was installed (ISO); null for the built-in one. */
  readonly installedAt: string | null;
}

export type InstallFailure = { code: 'refused'; problems: BundleProblem[] } | { code: 'not_newer'; version: number } | { code: 'storage_error' };

export interface EducationLibraryOptions {
  /** The bundle shipped with the software (resources/education). */
  readonly builtInDir: string;
  /** Where bundles from the centre are kept (<dataDir>/education). */
  readonly dataDir: string;
  readonly logger: Logger;
  readonly now: () => number;
  /** Test hook: called between the install steps, so a test can stop the process mid-install. */
  readonly onInstallStep?: (step: 'files_written' | 'verified' | 'renamed') => void;
}

export class EducationLibrary {
  private active: { verified: VerifiedBundle; source: BundleSource; installedAt: string | null } | null = null;

  constructor(private readonly opts: EducationLibraryOptions) {}

  /** Chooses the bundle to show: the installed one when it verifies and is newer, else the built-in one. */
  load(): ActiveBundle | null {
    const { dataDir, logger } = this.opts;
    mkdirSync(join(dataDir, BUNDLES_DIR), { recursive: true, mode: 0o700 });
    const builtIn = readBundleDir(this.opts.builtInDir);
    if (!builtIn.ok) logger.error('education.builtin_invalid', { problems: describeProblems(builtIn.error) });
    const pointer = this.readPointer();
    let installed: VerifiedBundle | null = null;
    if (pointer) {
      const read = readBundleDir(join(dataDir, BUNDLES_DIR, pointer.dir));
      if (read.ok) installed = read.value;
      else logger.warn('education.installed_invalid', { problems: describeProblems(read.error) });
    }
    this.sweep(pointer?.dir ?? null);
    if (installed && (!builtIn.ok || isNewerBundle(installed.bundle, builtIn.value.bundle))) {
      this.active = { verified: installed, source: 'centre', installedAt: pointer?.installedAt ?? null };
    } else if (builtIn.ok) {
      this.active = { verified: builtIn.value, source: 'built-in', installedAt: null };
    } else {
      this.active = null;
    }
    const current = this.current();
    logger.info('education.loaded', { version: current?.bundle.version ?? null, source: current?.source ?? null });
    return current;
  }

  current(): ActiveBundle | null {
    if (!this.active) return null;
    return { bundle: this.active.verified.bundle, source: this.active.source, installedAt: this.active.installedAt };
  }

  /** The version the kiosk shows (0 when it has none), for asking the centre for anything newer. */
  version(): number {
    return this.active?.verified.bundle.version ?? 0;
  }

  /** A media file of the shown bundle, only if the bundle names it (the manifest already vouched for its bytes). */
  media(name: string): Result<{ mime: string; bytes: Uint8Array }, 'not_found'> {
    if (!this.active || !MEDIA_NAME.test(name) || !referencedMedia(this.active.verified.bundle).includes(name)) return err('not_found');
    const kind = mediaKind(name);
    if (!kind) return err('not_found');
    try {
      return ok({ mime: MEDIA_MIME[kind], bytes: new Uint8Array(readFileSync(join(this.active.verified.dir, name))) });
    } catch {
      return err('not_found');
    }
  }

  /** Installs a bundle received from the centre, if it verifies and is newer than the one shown. */
  install(files: readonly BundleFile[]): Result<ActiveBundle, InstallFailure> {
    const { dataDir, logger, onInstallStep } = this.opts;
    // Names are checked before any path is built: nothing can be written outside the staging directory.
    if (files.some((f) => !/^(bundle|manifest)\.json$/.test(f.name) && !MEDIA_NAME.test(f.name))) {
      return err({ code: 'refused', problems: [{ code: 'file_unlisted', detail: 'a file name is not allowed in a bundle' }] });
    }
    const staging = join(dataDir, `${STAGING_PREFIX}${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(staging, { recursive: true, mode: 0o700 });
      for (const file of files) writeDurably(join(staging, file.name), file.bytes);
      fsyncDir(staging);
      onInstallStep?.('files_written');
      const verified = readBundleDir(staging);
      if (!verified.ok) {
        rmSync(staging, { recursive: true, force: true });
        logger.warn('education.install_refused', { problems: describeProblems(verified.error) });
        return err({ code: 'refused', problems: verified.error });
      }
      const version = verified.value.bundle.version;
      if (!isNewerBundle(verified.value.bundle, this.active?.verified.bundle ?? null)) {
        rmSync(staging, { recursive: true, force: true });
        return err({ code: 'not_newer', version });
      }
      onInstallStep?.('verified');
      const name = `v${version}-${randomBytes(4).toString('hex')}`;
      const target = join(dataDir, BUNDLES_DIR, name);
      mkdirSync(join(dataDir, BUNDLES_DIR), { recursive: true, mode: 0o700 });
      renameSync(staging, target);
      fsyncDir(join(dataDir, BUNDLES_DIR));
      onInstallStep?.('renamed');
      const installedAt = new Date(this.opts.now()).toISOString();
      const pointerTmp = join(dataDir, `${POINTER_FILE}.tmp`);
      writeDurably(pointerTmp, new TextEncoder().encode(JSON.stringify({ dir: name, installedAt })));
      renameSync(pointerTmp, join(dataDir, POINTER_FILE));
      fsyncDir(dataDir);
      this.active = { verified: { ...verified.value, dir: target }, source: 'centre', installedAt };
      this.sweep(name);
      logger.info('education.installed', { version });
      return ok(this.current()!);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      logger.error('education.install_failed', { code: (error as { code?: string }).code ?? null });
      return err({ code: 'storage_error' });
    }
  }

  private readPointer(): z.infer<typeof PointerSchema> | null {
    const file = join(this.opts.dataDir, POINTER_FILE);
    if (!existsSync(file)) return null;
    try {
      const parsed = PointerSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Removes staging directories of interrupted installs and bundles no pointer names. */
  private sweep(keep: string | null): void {
    const { dataDir } = this.opts;
    try {
      for (const name of readdirSync(dataDir)) {
        if (name.startsWith(STAGING_PREFIX) || name === `${POINTER_FILE}.tmp`) rmSync(join(dataDir, name), { recursive: true, force: true });
      }
      for (const name of readdirSync(join(dataDir, BUNDLES_DIR))) {
        if (name !== keep) rmSync(join(dataDir, BUNDLES_DIR, name), { recursive: true, force: true });
      }
    } catch {
      // Best effort: a leftover costs disk space, never correctness (nothing points at it).
    }
  }
}

const writeDurably = (path: string, bytes: Uint8Array): void => nodeFileOps.writeDurable(path, bytes);
const fsyncDir = (dir: string): void => nodeFileOps.syncDirectory(dir);
