/**
 * The centre's server as a real process (center/server/start.ts through tsx) on a fixed port and
 * data directory, so a test can kill it (SIGKILL or SIGTERM) and start it again at the same
 * address, as an operator or a supervisor would after a crash.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ADMIN_PASSWORD } from '../../center/server/testing/harness.ts';
import { repoRoot } from './kiosk-core.ts';

export interface CentreProcess {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly dbFile: string;
  /** The centre's log lines (stderr) of every run so far, for privacy assertions. */
  readonly logLines: string[];
  readonly running: boolean;
  start(): Promise<void>;
  /** Sends `signal` and waits until the process has exited. */
  stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
}

/** A port that was free a moment ago (the centre must come back on the same one after restarts). */
export const freePort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
};

export const centreProcess = (dataDir: string, port: number): CentreProcess => {
  const logLines: string[] = [];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = async () => {
    if (child) throw new Error('the centre is already running');
    // Always the SQLite file in dataDir: the test reads it after the run.
    const { CENTRE_DATABASE_URL: _postgres, ...inherited } = process.env;
    const proc = spawn(process.execPath, ['--import', 'tsx', 'center/server/start.ts'], {
      cwd: repoRoot,
      env: {
        ...inherited,
        CENTRE_DATA_DIR: dataDir,
        CENTRE_PORT: String(port),
        CENTRE_HOST: '127.0.0.1',
        // The harness signs in with this password to make enrolment codes (createEnrolmentCode).
        CENTRE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    exited = new Promise((resolve) =>
      proc.once('exit', () => {
        child = null;
        resolve();
      }),
    );
    let stderr = '';
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const lines = stderr.split('\n');
      stderr = lines.pop() ?? '';
      logLines.push(...lines);
    });
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error('the centre did not start in time')), 60_000);
      proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('CENTRE_READY ')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the centre exited while starting (${code ?? signal}):\n${logLines.slice(-20).join('\n')}`));
      });
    });
  };

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    dbFile: join(dataDir, 'centre.sqlite'),
    logLines,
    get running() {
      return child !== null;
    },
    start,
    async stop(signal) {
      if (!child) return;
      const proc = child;
      proc.kill(signal);
      // A graceful stop that hangs is a finding of its own, but must not hang the test: kill it.
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
};
