/**
 * Starts the real kiosk core as a separate process (Node + tsx, simulated reader on a real PTY,
 * temporary data directory) and talks to it over its real loopback API. Shared by the e2e suite,
 * integration tests and benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandInput, CommandName, CommandOutput } from '../../electron/core/api/contract.ts';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface KioskCoreHandle {
  readonly apiBase: string;
  readonly secret: string;
  /** The URL a browser kiosk opens (secret in the fragment, as `npm start` prints it). */
  readonly kioskUrl: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  /** Raw call for tests of error paths. */
  request(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  health(): Promise<{ memory: { heapUsed: number; rss: number }; sessionActive: boolean; reader: { state: string } }>;
  /** Lines the core wrote to stderr (its log), for privacy assertions. */
  readonly logLines: string[];
  stop(): Promise<void>;
}

export const startKioskCore = async (env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<KioskCoreHandle> => {
  const secret = env.KIOSK_API_SECRET ?? randomBytes(32).toString('hex');
  // A given data directory outlives this core (restart tests); a fresh one is removed on stop.
  const ownDataDir = env.KIOSK_DATA_DIR === undefined;
  const dataDir = env.KIOSK_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'kiosk-core-'));
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'electron/core/start.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      KIOSK_API_PORT: '0',
      KIOSK_DATA_DIR: dataDir,
      KIOSK_RENDERER_DIR: join(repoRoot, 'dist', 'renderer'),
      KIOSK_SIM_READ_DELAY_MS: '150',
      // The home screen's attract loop (普法) would cover the tiles of a spec that idles on the
      // home screen for a minute; specs about the loop set their own short wait.
      KIOSK_ATTRACT_SECONDS: '3600',
      ...env,
      KIOSK_API_SECRET: secret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logLines: string[] = [];
  let stderrBuffer = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderrBuffer += chunk;
    const lines = stderrBuffer.split('\n');
    stderrBuffer = lines.pop() ?? '';
    logLines.push(...lines);
    if (process.env.KIOSK_TEST_VERBOSE) process.stderr.write(chunk);
  });

  const apiBase = await new Promise<string>((resolveReady, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`core did not start in time:\n${logLines.join('\n')}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const match = /KIOSK_CORE_READY (\{.*\})\n/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolveReady((JSON.parse(match[1]!) as { apiBase: string }).apiBase);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`core exited early with code ${code}:\n${logLines.join('\n')}`));
    });
  });

  const request = (path: string, init: RequestInit & { auth?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (init.auth !== false) headers.set('authorization', `Bearer ${secret}`);
    return fetch(`${apiBase}${path}`, { ...init, headers });
  };

  return {
    apiBase,
    secret,
    kioskUrl: `${apiBase}/#k=${secret}`,
    dataDir,
    process: child,
    logLines,
    request,
    call: async (name, input) => {
      const response = await request(`/api/cmd/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${name} failed: ${body.error?.code} ${body.error?.message}`);
      return body.value as never;
    },
    health: async () => {
      const response = await request('/api/health');
      return ((await response.json()) as { value: never }).value;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
