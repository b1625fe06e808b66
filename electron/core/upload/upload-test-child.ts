/**
 * Child process of tests/integration/upload-*.test.ts: opens the kiosk store and runs the outbox
 * worker against a centre until the outbox is empty, then prints the outcomes as one JSON line and
 * exits. The parent SIGKILLs it mid-upload to show that a restart resumes without resending bytes.
 * With a delay, each PATCH waits that long first (so the kill lands mid-transfer).
 *
 * Usage: node --import tsx upload-test-child.ts <dbFile> <attachmentsDir> <keyHex> <identityDir> <baseUrl> <chunkSize> <patchDelayMs>
 */
import { DefaultHttpStack, type HttpStack } from 'tus-js-client';
import { silentLogger } from '../services/logger.ts';
import { openKioskStore } from '../store/index.ts';
import { createCentreClient } from './centre-client.ts';
import { loadDeviceIdentity } from './device-identity.ts';
import { createOutboxWorker, type StepOutcome } from './outbox-worker.ts';
import { createTusUploader } from './tus-uploader.ts';

const [dbFile, attachmentsDir, keyHex, identityDir, baseUrl, chunkSize, patchDelayMs] = process.argv.slice(2) as [string, string, string, string, string, string, string];
const opened = openKioskStore({ dbFile, attachmentsDir, key: Buffer.from(keyHex, 'hex'), now: Date.now });
const identity = loadDeviceIdentity(identityDir, Date.now);
if (!opened.ok || !identity.ok) {
  process.stderr.write('open failed\n');
  process.exit(2);
}
const store = opened.value;
const inner = new DefaultHttpStack({});
const delay = Number(patchDelayMs);
const slow: HttpStack = {
  getName: () => 'slow',
  createRequest(method, url) {
    const req = inner.createRequest(method, url);
    const send = req.send.bind(req);
    req.send = async (body: unknown) => {
      if (method === 'PATCH' && delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      return send(body);
    };
    return req;
  },
};
const worker = createOutboxWorker({
  store,
  uploader: createTusUploader({ baseUrl, identity: identity.value, urls: store, chunkSize: Number(chunkSize), httpStack: slow }),
  centre: createCentreClient({ baseUrl, identity: identity.value }),
  logger: silentLogger,
  now: Date.now,
  random: Math.random,
});
process.stdout.write('ready\n');
const outcomes: StepOutcome[] = [];
for (;;) {
  const outcome = await worker.runOnce();
  if (outcome.kind === 'idle') break;
  outcomes.push(outcome);
}
store.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
