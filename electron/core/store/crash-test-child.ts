/**
 * Child process of tests/integration/store-crash.test.ts: submits applications in a loop until it
 * is killed. Before each submit it appends (and fsyncs) the SHA-256 of every attachment it is about
 * to store to a journal, so the parent can check whatever survived the kill byte for byte.
 *
 * Usage: node --import tsx crash-test-child.ts <dbFile> <attachmentsDir> <keyHex> <journal>
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { openKioskStore } from './kiosk-store.ts';
import { sampleInput } from './testing.ts';

const [dbFile, attachmentsDir, keyHex, journal] = process.argv.slice(2) as [string, string, string, string];
const opened = openKioskStore({ dbFile, attachmentsDir, key: Buffer.from(keyHex, 'hex'), now: () => Date.now() });
if (!opened.ok) {
  process.stderr.write(`open failed: ${opened.error.code}\n`);
  process.exit(2);
}
const store = opened.value;
const journalFd = openSync(journal, 'a');
process.stdout.write('ready\n');

for (;;) {
  const bytes = Array.from({ length: randomInt(0, 4) }, () => randomBytes(randomInt(1, 200_000)));
  const input = sampleInput({ attachmentBytes: bytes });
  const sha256 = bytes.map((b) => createHash('sha256').update(b).digest('hex'));
  writeSync(journalFd, `${JSON.stringify({ applicationId: input.applicationId, sha256 })}\n`);
  fsyncSync(journalFd);
  const result = store.submitApplication(input);
  if (!result.ok) {
    process.stderr.write(`submit failed: ${result.error.code}\n`);
    closeSync(journalFd);
    process.exit(3);
  }
}
