/**
 * A TCP proxy between the kiosk and the centre that behaves like a village network link: it paces
 * the kiosk's upstream bytes (a slow uplink, so a chunk is in flight long enough to be hit), and on
 * request it stalls and then drops the connections in the middle of a chunk, swallows the answer to
 * a commit (the centre committed, the kiosk never hears it), or refuses connections altogether. It also reports how many request bytes passed and when a commit request
 * went by, so a test can place a fault at a chosen moment of a transfer.
 *
 * Plain TCP, not HTTP: the Host header reaches the centre unchanged, so the upload URLs it hands out
 * point back at this proxy and stay valid across centre restarts on the same port.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface FaultProxyOptions {
  /** Where the centre listens (it may be down; connections are then reset). */
  readonly targetPort: number;
  /** Upstream pacing in bytes per second (0 = unpaced). */
  readonly upstreamBytesPerSecond: number;
}

export interface ProxyCut {
  /** Request bytes that still pass before the connections are held (mid-chunk for PATCH bodies). */
  readonly afterBytes: number;
  /** How long the link hangs before it drops (a stalling radio link), 0 for an immediate drop. */
  readonly stallMs: number;
}

export interface FaultProxy {
  readonly port: number;
  readonly baseUrl: string;
  /** Bytes the kiosk has sent towards the centre (all connections, since the start). */
  readonly upstreamBytes: number;
  /** Connections dropped by cuts and refusals. */
  readonly dropped: number;
  /** Resolves once `bytes` more request bytes have passed, or when `signal` aborts. */
  waitForBytes(bytes: number, signal: AbortSignal): Promise<boolean>;
  /** Resolves once a commit request (POST of an application) has been forwarded, or when `signal` aborts. */
  waitForCommit(signal: AbortSignal): Promise<boolean>;
  /**
   * Lets the next commit request through but drops its connection when the centre's answer comes
   * back, without passing the answer on: the centre has committed, the kiosk never hears it.
   */
  loseCommitAnswer(signal: AbortSignal): Promise<boolean>;
  /** Drops every open connection once `afterBytes` more request bytes have passed (and a stall). Resolves after the drop. */
  cut(plan: ProxyCut, signal: AbortSignal): Promise<boolean>;
  /** Stops listening (the kiosk gets "connection refused") and drops every open connection. */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

const COMMIT_REQUEST_LINE = Buffer.from('POST /api/kiosk/applications ');

type Watcher = { fire: () => void } & ({ kind: 'bytes'; atBytes: number } | { kind: 'commit' } | { kind: 'lose-answer' });

export const startFaultProxy = async (port: number, options: FaultProxyOptions): Promise<FaultProxy> => {
  const sockets = new Set<Socket>();
  let watchers: Watcher[] = [];
  /** Watchers whose wait was aborted: never to fire, never to be put back. */
  const abandoned = new WeakSet<Watcher>();
  let upstreamBytes = 0;
  let dropped = 0;
  /** When the paced uplink is free again (ms since epoch). */
  let uplinkFreeAt = 0;
  /** A pending cut: the byte count at which the link hangs. */
  let cutAt: { atBytes: number; stallMs: number; done: () => void } | null = null;
  let holding = false;

  /** The kiosk-side ends, so that a dropped connection counts once, not once per side. */
  const clients = new WeakSet<Socket>();
  const dropAll = () => {
    for (const socket of sockets) {
      if (clients.has(socket)) dropped += 1;
      // RST, as a dead link or a crashed peer looks to the other side.
      socket.resetAndDestroy();
    }
    sockets.clear();
  };

  /** Watchers whose moment has come with `chunk` (request bytes just forwarded); removed from the list. */
  const take = (chunk: Buffer, kinds: readonly Watcher['kind'][]) => {
    const due = watchers.filter(
      (w) => kinds.includes(w.kind) && (w.kind === 'bytes' ? upstreamBytes >= w.atBytes : chunk.includes(COMMIT_REQUEST_LINE)),
    );
    watchers = watchers.filter((w) => !due.includes(w));
    return due;
  };
  const notify = (chunk: Buffer) => {
    const due = take(chunk, ['bytes', 'commit']);
    for (const w of due) w.fire();
  };

  const pace = (client: Socket, bytes: number) => {
    if (options.upstreamBytesPerSecond <= 0) return;
    const now = Date.now();
    uplinkFreeAt = Math.max(now, uplinkFreeAt) + (bytes * 1000) / options.upstreamBytesPerSecond;
    const wait = uplinkFreeAt - now;
    if (wait > 1) {
      client.pause();
      setTimeout(() => {
        if (!holding) client.resume();
      }, wait);
    }
  };

  const onConnection = (client: Socket) => {
    const upstream = connect({ host: '127.0.0.1', port: options.targetPort });
    clients.add(client);
    sockets.add(client);
    sockets.add(upstream);
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
    };
    // Either side failing ends both, the way a broken path does; errors are expected here.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.resetAndDestroy());
    /** Watchers waiting for the answer to the commit sent on this connection, to swallow it. */
    let swallowAnswer: Watcher[] = [];
    // A connection that dies before its commit is answered: wait for the next commit instead.
    const requeue = () => {
      watchers.push(...swallowAnswer.filter((w) => !abandoned.has(w)));
      swallowAnswer = [];
    };
    client.on('close', () => {
      upstream.destroy();
      forget();
      requeue();
    });
    upstream.on('close', () => {
      client.destroy();
      forget();
      requeue();
    });
    if (holding) client.pause();
    client.on('data', (chunk: Buffer) => {
      if (holding) return;
      let forward = chunk;
      if (cutAt && upstreamBytes + chunk.length >= cutAt.atBytes) {
        // Part of this chunk gets through, then the link hangs and drops.
        forward = chunk.subarray(0, Math.max(0, cutAt.atBytes - upstreamBytes));
        const { stallMs, done } = cutAt;
        cutAt = null;
        holding = true;
        for (const s of sockets) s.pause();
        setTimeout(() => {
          dropAll();
          holding = false;
          done();
        }, stallMs);
      }
      upstreamBytes += forward.length;
      swallowAnswer.push(...take(forward, ['lose-answer']));
      if (forward.length > 0) upstream.write(forward);
      notify(forward);
      if (!holding) pace(client, forward.length);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (swallowAnswer.some((w) => !abandoned.has(w))) {
        const fired = swallowAnswer;
        swallowAnswer = [];
        dropped += 1;
        client.resetAndDestroy();
        upstream.destroy();
        for (const w of fired) w.fire();
        return;
      }
      if (!holding) client.write(chunk);
    });
  };

  const server: Server = createServer(onConnection);
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen();

  const waitFor = (make: (fire: () => void) => Watcher, signal: AbortSignal) =>
    new Promise<boolean>((resolve) => {
      if (signal.aborted) return resolve(false);
      const watcher = make(() => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      const onAbort = () => {
        abandoned.add(watcher);
        watchers = watchers.filter((w) => w !== watcher);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      watchers.push(watcher);
    });

  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    get upstreamBytes() {
      return upstreamBytes;
    },
    get dropped() {
      return dropped;
    },
    waitForBytes: (bytes, signal) => waitFor((fire) => ({ kind: 'bytes', atBytes: upstreamBytes + bytes, fire }), signal),
    waitForCommit: (signal) => waitFor((fire) => ({ kind: 'commit', fire }), signal),
    loseCommitAnswer: (signal) => waitFor((fire) => ({ kind: 'lose-answer', fire }), signal),
    cut: (plan, signal) =>
      new Promise<boolean>((resolve) => {
        if (signal.aborted) return resolve(false);
        const onAbort = () => {
          cutAt = null;
          resolve(false);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        cutAt = {
          atBytes: upstreamBytes + Math.max(1, plan.afterBytes),
          stallMs: plan.stallMs,
          done: () => {
            signal.removeEventListener('abort', onAbort);
            resolve(true);
          },
        };
      }),
    async refuse() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      dropAll();
      await closed;
    },
    accept: listen,
    async close() {
      const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
      dropAll();
      await closed;
    },
  };
};
