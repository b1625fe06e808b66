/**
 * Pseudo-terminal helpers for integration tests: socat PTY pairs and the simulated ID-card reader
 * in a fresh temporary directory, removed again by the returned cleanup.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPtyPair, type PtyPair } from '../../electron/core/devices/id-card/pty-pair.ts';
import { startSimulatedReader, type SimulatedReader, type SimulatedReaderOptions } from '../../electron/core/devices/id-card/simulator.ts';

/** True when socat can be run (it is a Debian package on CI and dev machines). */
export const socatAvailable = (): boolean => {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

export interface TempPtyPair extends PtyPair {
  readonly dir: string;
  cleanup(): Promise<void>;
}

/** A socat pair with links `<tmp>/a` and `<tmp>/b`. */
export async function startTempPtyPair(): Promise<TempPtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'pty-pair-'));
  const pair = await startPtyPair({ linkA: join(dir, 'a'), linkB: join(dir, 'b') });
  return {
    ...pair,
    dir,
    cleanup: async () => {
      await pair.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TempSimulatedReader {
  readonly sim: SimulatedReader;
  readonly dir: string;
  cleanup(): Promise<void>;
}

/** The PTY simulator in a temporary directory. */
export async function startTempSimulatedReader(options: Omit<SimulatedReaderOptions, 'dir'> = {}): Promise<TempSimulatedReader> {
  const dir = mkdtempSync(join(tmpdir(), 'sim-reader-'));
  const sim = await startSimulatedReader({ ...options, dir });
  return {
    sim,
    dir,
    cleanup: async () => {
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
