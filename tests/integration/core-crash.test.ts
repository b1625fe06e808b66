/**
 * A core killed outright (SIGKILL: no exit handlers run) must not leave the simulator's socat
 * behind holding the reader's pseudo-terminals; the next core could not use them otherwise.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startKioskCore } from '../support/kiosk-core.ts';

const socatPidsFor = (dataDir: string): number[] => {
  try {
    return execFileSync('pgrep', ['-f', `socat .*${dataDir}/simulator/reader`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
};

describe('killed core', () => {
  it('takes its simulator socat with it', async () => {
    const core = await startKioskCore();
    try {
      expect(socatPidsFor(core.dataDir).length).toBe(1);
      core.process.kill('SIGKILL');
      await new Promise((resolve) => core.process.once('exit', resolve));
      let left = socatPidsFor(core.dataDir);
      for (let i = 0; i < 50 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = socatPidsFor(core.dataDir);
      }
      expect(left).toEqual([]);
    } finally {
      await core.stop();
    }
  });
});
