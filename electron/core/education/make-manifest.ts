/**
 * Writes manifest.json for a bundle directory after its content changed:
 *   node --import tsx electron/core/education/make-manifest.ts resources/education
 * then checks the whole bundle the way kiosks and the centre will, and exits 1 if it is refused.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeProblems, MANIFEST_FILE } from '../../../domain/education/bundle.ts';
import { buildManifest, readBundleDir } from './bundle-dir.ts';

const dir = resolve(process.argv[2] ?? 'resources/education');
writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(buildManifest(dir), null, 2)}\n`);
const checked = readBundleDir(dir);
if (!checked.ok) {
  process.stderr.write(`bundle refused: ${describeProblems(checked.error)}\n`);
  process.exit(1);
}
process.stdout.write(`manifest written: ${checked.value.bundle.id} v${checked.value.bundle.version}, ${checked.value.manifest.files.length} files\n`);
