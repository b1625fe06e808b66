import { spawn } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openKioskStore } from '../../electron/core/store/index.ts';
import { makeStoreDir } from '../../electron/core/store/testing.ts';

const CHILD = fileURLToPath(new URL('../../electron/core/store/crash-test-child.ts', import.meta.url));
const KILLS = 30;

/** Starts the submitting child, waits until its store is open, lets it run a random while, SIGKILLs it. */
const runAndKill = async (args: string[]): Promise<void> => {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line === 'ready' && resolve());
    void exited.then((how) => reject(new Error(`child exited (${String(how)}) before ready: ${stderr}`)));
  });
  await ready;
  await new Promise((resolve) => setTimeout(resolve, randomInt(0, 400)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL'); // it was still submitting, not stopped by an error
};

describe('store survives SIGKILL at random moments', () => {
  it(`keeps only whole applications across ${KILLS} kills`, { timeout: 300_000 }, async () => {
    const paths = makeStoreDir('store-crash-');
    const key = randomBytes(32);
    const journal = join(paths.root, 'journal.jsonl');
    let killsLeavingDebris = 0;
    let lostInFlight = 0;

    for (let kill = 1; kill <= KILLS; kill += 1) {
      await runAndKill([paths.dbFile, paths.attachmentsDir, key.toString('hex'), journal]);

      const expected = new Map<string, string[]>();
      for (const line of readFileSync(journal, 'utf8').split('\n')) {
        if (!line) continue;
        const entry = JSON.parse(line) as { applicationId: string; sha256: string[] };
        expected.set(entry.applicationId, entry.sha256);
      }
      const filesBefore = readdirSync(paths.attachmentsDir);

      const opened = openKioskStore({ ...paths, key, now: () => Date.now() });
      if (!opened.ok) throw new Error(`reopen after kill ${kill}: ${opened.error.code}`);
      const store = opened.value;
      const recent = store.listRecent(1_000_000);
      const registered = new Set<string>();
      for (const { applicationId } of recent) {
        const app = store.getApplication(applicationId)!;
        const hashes = expected.get(applicationId);
        expect(hashes, 'every stored application was journaled by the child').toBeDefined();
        expect(app.attachments.map((a) => a.sha256)).toEqual(hashes);
        for (const a of app.attachments) {
          const bytes = store.readAttachment(a.id);
          expect(bytes.ok).toBe(true);
          registered.add(`${a.id}.att`);
        }
      }
      // Journaled but absent: only the one submit the kill interrupted, if any.
      const missing = [...expected.keys()].filter((id) => !recent.some((r) => r.applicationId === id));
      expect(missing.length).toBeLessThanOrEqual(kill);
      lostInFlight = missing.length;
      // No gaps in the day's numbering: an interrupted submit used no number.
      const byDay = new Map<string, number[]>();
      for (const r of recent) {
        const [day, seq] = r.localNumber.slice(2).split('-') as [string, string];
        byDay.set(day, [...(byDay.get(day) ?? []), Number(seq)]);
      }
      for (const seqs of byDay.values()) expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, i) => i + 1));
      // Files: exactly those of registered attachments remain after the open's sweep.
      expect(readdirSync(paths.attachmentsDir).sort()).toEqual([...registered].sort());
      if (filesBefore.length !== registered.size) killsLeavingDebris += 1;
      store.close();
    }

    const final = openKioskStore({ ...paths, key, now: () => Date.now() });
    const total = final.ok ? final.value.listRecent(1_000_000).length : 0;
    if (final.ok) final.value.close();
    console.log(
      `store-crash: ${KILLS} SIGKILLs, ${total} applications intact, ${killsLeavingDebris} kills left temp/orphan files (swept), ` +
        `${lostInFlight} journaled submits never committed`,
    );
    expect(total).toBeGreaterThan(KILLS);
  });
});
