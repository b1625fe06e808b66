/**
 * Test child (tests/integration/education-bundle.test.ts): installs a derived bundle into a data
 * directory and kills itself with SIGKILL at the named step, as a power cut or a crash would.
 *   node --import tsx electron/core/education/install-test-child.ts <educationDir> <version> <step>
 */
import { silentLogger } from '../services/logger.ts';
import { EducationLibrary } from './library.ts';
import { STARTER_BUNDLE_DIR, derivedBundle } from './testing.ts';

const [dataDir, version, step] = process.argv.slice(2);
if (!dataDir || !version || !step) throw new Error('usage: <educationDir> <version> <step>');
const library = new EducationLibrary({
  builtInDir: STARTER_BUNDLE_DIR,
  dataDir,
  logger: silentLogger,
  now: Date.now,
  onInstallStep: (reached) => {
    if (reached === step) process.kill(process.pid, 'SIGKILL');
  },
});
library.load();
library.install(derivedBundle(Number(version)));
process.stdout.write('installed\n');
