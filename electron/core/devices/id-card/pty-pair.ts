/**
 * A pair of connected pseudo-terminals made by socat, each reachable through a stable symlink.
 * One end plays the reader's serial port, the other the SAM module. Killing socat removes both
 * device nodes, which is exactly what a pulled USB-serial cable looks like to the driver.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, unlink } from 'node:fs/promises';

const SETPRIV = '/usr/bin/setpriv';

export interface PtyPairOptions {
  /** Symlink paths socat creates for the two ends. */
  readonly linkA: string;
  readonly linkB: string;
  readonly socatPath?: string;
  readonly readyTimeoutMs?: number;
}

export interface PtyPair {
  readonly linkA: string;
  readonly linkB: string;
  readonly pid: number;
  /** True once socat has exited (killed or died). */
  exited(): boolean;
  /** Resolves when socat has exited and both links are gone. */
  stop(): Promise<void>;
}

const isSymlink = async (path: string): Promise<boolean> => {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
};

const exists = async (path: string): Promise<boolean> => {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
};

/** socat leaves its links behind when it is killed hard; only symlinks are ever removed. */
const removeStaleLink = async (path: string): Promise<void> => {
  if (await isSymlink(path)) await unlink(path).catch(() => undefined);
};

const waitForExit = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

export async function startPtyPair(options: PtyPairOptions): Promise<PtyPair> {
  const { linkA, linkB } = options;
  await removeStaleLink(linkA);
  await removeStaleLink(linkB);
  // An args array, never a shell string: the paths come from configuration.
  const socatArgs = ['-d', '-d', `pty,raw,echo=0,link=${linkA}`, `pty,raw,echo=0,link=${linkB}`];
  const socat = options.socatPath ?? 'socat';
  // util-linux's setpriv asks the kernel to TERM socat when we die, even by SIGKILL, so a crashed
  // core never leaves an orphan holding the simulated reader's device nodes.
  const [command, args] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'TERM', '--', socat, ...socatArgs]] : [socat, socatArgs];
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let exited = false;
  let spawnError: Error | null = null;
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    // Keep only the tail: it is for error messages, and socat may log for a long time.
    stderr = (stderr + chunk).slice(-2_000);
  });
  child.on('error', (e) => {
    spawnError = e;
  });
  // If our process ends without stop() (process.exit in a crash handler), take socat with us
  // rather than leaving an orphan holding the PTYs. A SIGKILL of our process cannot be covered.
  const killOnExit = (): void => {
    if (!exited) child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  child.on('exit', () => {
    exited = true;
    process.removeListener('exit', killOnExit);
  });

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const hard = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await waitForExit(child);
      clearTimeout(hard);
    }
    await removeStaleLink(linkA);
    await removeStaleLink(linkB);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 5_000);
  for (;;) {
    if (spawnError || exited) {
      await stop();
      const why = spawnError ? (spawnError as Error).message : `exited: ${stderr.trim()}`;
      throw new Error(`socat failed to start (${why})`);
    }
    // socat creates the links before it starts forwarding; wait for that line too so the first
    // bytes written are not lost.
    if (stderr.includes('starting data transfer loop') && (await exists(linkA)) && (await exists(linkB))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('socat did not create the pseudo-terminals in time');
    }
    await new Promise((r) => setTimeout(r, 10));
  }

  return {
    linkA,
    linkB,
    pid: child.pid!,
    exited: () => exited,
    stop,
  };
}
