/**
 * A real TURN server for tests that force the relay path (iceTransportPolicy 'relay'): Debian's
 * coturn on loopback with the REST-API shared secret (`use-auth-secret`), the same scheme the
 * centre uses to hand out time-limited credentials (subsystems.md, "Video consultation").
 *
 * Loopback peers are denied by coturn's defaults; `--allow-loopback-peers` lets two browsers on
 * this machine relay to each other, which is all a test needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const TURNSERVER = '/usr/bin/turnserver';

export interface TurnServerHandle {
  /** `turn:127.0.0.1:<port>?transport=udp` and `...tcp`. */
  readonly urls: string[];
  readonly secret: string;
  readonly port: number;
  /** Lines coturn logged (allocation and permission events show the relay was used). */
  readonly logLines: string[];
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export const turnServerAvailable = (): boolean => existsSync(TURNSERVER);

export async function startTurnServer(): Promise<TurnServerHandle> {
  if (!turnServerAvailable()) throw new Error(`${TURNSERVER} is missing: scripts/run.mjs installs coturn`);
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  // A relay port range per server, away from the ephemeral range other tests' sockets use.
  const minPort = 40_000 + (port % 200) * 50;
  const child: ChildProcess = spawn(
    TURNSERVER,
    [
      '-n', // no config file
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 49}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=kiosk.test',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      '--fingerprint',
      '--no-software-attribute',
      '--log-file=stdout',
      '--simple-log',
      '--verbose',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logLines: string[] = [];
  let ready: () => void = () => undefined;
  const listening = new Promise<void>((resolve) => (ready = resolve));
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      logLines.push(line);
      if (/listener opened on|Total General servers/i.test(line)) ready();
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await Promise.race([
    listening,
    exited.then(() => {
      throw new Error(`turnserver exited at start:\n${logLines.join('\n')}`);
    }),
    new Promise<void>((resolve) => setTimeout(resolve, 5000)),
  ]);
  return {
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    secret,
    port,
    logLines,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
