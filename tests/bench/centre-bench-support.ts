/** The centre benchmarks' common parts: which databases, and the centre in a child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { centreDatabases, type CentreDatabaseKind } from '../../center/server/testing/databases.ts';
import { percentile } from './stats.ts';

const SERVER = fileURLToPath(new URL('./centre-bench-server.ts', import.meta.url));

export interface BenchCentre {
  readonly baseUrl: string;
  stop(): Promise<void>;
}

/** Starts the centre as its own process; `kiosksFile` registers those kiosks first. */
export const startBenchCentre = (database: CentreDatabaseKind, kiosksFile?: string): Promise<BenchCentre> => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER, database, ...(kiosksFile ? [kiosksFile] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: process.env,
  });
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  return new Promise((resolveReady, reject) => {
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const match = /BENCH_CENTRE_READY (\{.*\})\n/.exec(buffer);
      if (!match) return;
      buffer = '';
      const { baseUrl } = JSON.parse(match[1]!) as { baseUrl: string };
      resolveReady({
        baseUrl,
        async stop() {
          // Ending stdin lets it close its database (and drop a PostgreSQL one) before exiting.
          child.stdin!.end();
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`bench centre exited with code ${code}`)));
  });
};

/** Every database the suites use (PostgreSQL with CENTRE_TEST_PG_URL; `npm run bench` sets it). */
export const benchDatabases = (): CentreDatabaseKind[] => centreDatabases();

export const latencyLine = (values: readonly number[]) =>
  `p50 ${percentile(values, 50).toFixed(1)} ms  p95 ${percentile(values, 95).toFixed(1)} ms  p99 ${percentile(values, 99).toFixed(1)} ms  max ${Math.max(...values).toFixed(1)} ms`;
