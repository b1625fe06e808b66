/**
 * Legal-education bundles at the centre (issue 7): an administrator uploads a whole bundle, the
 * centre verifies it exactly as kiosks will (domain/education: schema, manifest, hashes, file
 * types and sizes) and keeps it if it is newer than every bundle it has; kiosks fetch the newest.
 *
 * Kept as files, not in the database: `<dataDir>/education/v<version>.json` (the files as sent,
 * base64, so a kiosk's download is one read) beside `v<version>.summary.json`. Each is written to
 * a temporary name, fsynced and renamed, the bundle before its summary: a bundle only counts once
 * its summary exists, so a crash mid-write never offers half a bundle.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { itemCount, verifyBundleFiles, type BundleProblem } from '../../../domain/education/bundle.ts';
import { BundleSummarySchema, type BundleSummary, type BundleWire } from '../../../domain/education/protocol.ts';
import { err, ok, type Result } from '../../../domain/result.ts';

export type AcceptFailure = { code: 'refused'; problems: BundleProblem[] } | { code: 'not_newer'; latest: number };

export interface EducationBundleService {
  accept(wire: BundleWire): Promise<Result<BundleSummary, AcceptFailure>>;
  /** Newest first. */
  list(): BundleSummary[];
  /** The newest bundle's file (the wire JSON) when it is newer than `version`, else null. */
  newerThan(version: number): { version: number; path: string } | null;
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const SUMMARY = /^v(\d{1,7})\.summary\.json$/;

export const createEducationBundleService = (deps: { dir: string; now: () => number }): EducationBundleService => {
  mkdirSync(deps.dir, { recursive: true, mode: 0o700 });
  // Temporary files of a centre killed mid-write are never referenced: sweep them.
  for (const name of readdirSync(deps.dir)) if (name.endsWith('.tmp')) rmSync(join(deps.dir, name), { force: true });

  const summaries = (): BundleSummary[] =>
    readdirSync(deps.dir)
      .filter((name) => SUMMARY.test(name))
      .map((name) => BundleSummarySchema.safeParse(JSON.parse(readFileSync(join(deps.dir, name), 'utf8'))))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
      .sort((a, b) => b.version - a.version);

  const writeDurably = async (name: string, text: string) => {
    const tmp = join(deps.dir, `${name}.tmp`);
    const handle = await open(tmp, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, join(deps.dir, name));
  };

  let accepting: Promise<unknown> = Promise.resolve();

  return {
    accept(wire) {
      // One upload at a time, so "newer than every bundle" holds when two arrive together.
      const run = accepting.then(async (): Promise<Result<BundleSummary, AcceptFailure>> => {
        const files = wire.files.map((f) => ({ name: f.name, bytes: new Uint8Array(Buffer.from(f.base64, 'base64')) }));
        const verified = verifyBundleFiles(files, sha256Hex);
        if (!verified.ok) return err({ code: 'refused', problems: verified.error });
        const { bundle } = verified.value;
        const latest = summaries()[0]?.version ?? 0;
        if (bundle.version <= latest) return err({ code: 'not_newer', latest });
        const summary: BundleSummary = {
          bundleId: bundle.id,
          version: bundle.version,
          published: bundle.published,
          title: bundle.title,
          topics: bundle.topics.length,
          items: itemCount(bundle),
          files: files.length,
          bytes: files.reduce((n, f) => n + f.bytes.length, 0),
          uploadedAt: new Date(deps.now()).toISOString(),
        };
        // Re-encoded from the verified bytes, so what kiosks get is exactly what was checked.
        await writeDurably(`v${bundle.version}.json`, JSON.stringify({ files: files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') })) }));
        await writeDurably(`v${bundle.version}.summary.json`, JSON.stringify(summary));
        return ok(summary);
      });
      accepting = run.catch(() => undefined);
      return run;
    },
    list: summaries,
    newerThan(version) {
      const newest = summaries()[0];
      return newest && newest.version > version ? { version: newest.version, path: join(deps.dir, `v${newest.version}.json`) } : null;
    },
  };
};
