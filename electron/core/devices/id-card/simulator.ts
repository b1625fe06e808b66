/**
 * The ID-card reader simulator: a SAM module emulator on the far end of a real pseudo-terminal
 * pair, so that the real SerialSamReader (serialport, codec, timeouts, reconnects) runs unchanged
 * in development, demos, e2e tests and benchmarks. The reader opens `<dir>/reader`; the emulator
 * sits on `<dir>/sam`. unplug() kills socat, so the reader's device node disappears exactly as
 * with a pulled USB cable; plug() brings it back at the same path.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimFault } from '../../api/contract.ts';
import { DEMO_CARDS, demoCardBlocks, type DemoCardEntry } from './demo-cards.ts';
import { startPtyPair, type PtyPair } from './pty-pair.ts';
import { SamEmulator, SamLine } from './sam-emulator.ts';
import { createSerialTransport } from './serial-transport.ts';
import type { SamLink } from './transport.ts';

export interface SimulatedReaderOptions {
  /** Directory for the two PTY links (created if missing). */
  readonly dir: string;
  /** RF time of a read; about 800 ms like a real reader, 0 for benchmarks. */
  readonly readDelayMs?: number;
  /** Delay added to every answer under the 'slow' fault. */
  readonly slowDelayMs?: number;
  readonly cards?: readonly DemoCardEntry[];
  readonly socatPath?: string;
  /** Notified, with performance.timeOrigin + performance.now(), when a read answer is written. */
  readonly onReadResponseWritten?: (writtenAt: number) => void;
  /** Problems of the simulator itself (never card contents). */
  readonly log?: (message: string) => void;
}

export interface SimulatedReader {
  /** The path to give the SerialSamReader's transport. */
  readonly readerPath: string;
  readonly samPath: string;
  catalogue(): ReadonlyArray<{ id: string; label: string }>;
  /** False for an unknown card id. Replaces a card already on the reader. */
  placeCard(cardId: string): boolean;
  removeCard(): void;
  currentCard(): string | null;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  isPlugged(): boolean;
  setFault(fault: SimFault): void;
  setReadDelay(ms: number): void;
  /** When the last byte of the latest successful read answer was written, or null. */
  lastReadResponseWrittenAt(): number | null;
  stop(): Promise<void>;
}

export async function startSimulatedReader(options: SimulatedReaderOptions): Promise<SimulatedReader> {
  const cards = options.cards ?? DEMO_CARDS;
  const log = options.log ?? (() => undefined);
  const readerPath = join(options.dir, 'reader');
  const samPath = join(options.dir, 'sam');
  await mkdir(options.dir, { recursive: true });

  const emulator = new SamEmulator({
    readDelayMs: options.readDelayMs ?? 800,
    ...(options.slowDelayMs !== undefined ? { slowDelayMs: options.slowDelayMs } : {}),
  });
  let pair: PtyPair | null = null;
  let link: SamLink | null = null;
  let line: SamLine | null = null;
  let cardId: string | null = null;
  let lastWrittenAt: number | null = null;
  let stopped = false;
  // plug/unplug/stop may be called concurrently from the API; run them one after another.
  let chain: Promise<void> = Promise.resolve();
  const serially = (task: () => Promise<void>): Promise<void> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };

  const connect = async (): Promise<void> => {
    pair = await startPtyPair({ linkA: readerPath, linkB: samPath, ...(options.socatPath ? { socatPath: options.socatPath } : {}) });
    const samLine = new SamLine(emulator, (bytes, reply) => {
      void link?.write(bytes).then((written) => {
        if (!written.ok) return;
        if (reply.isReadResponse) {
          lastWrittenAt = performance.timeOrigin + performance.now();
          options.onReadResponseWritten?.(lastWrittenAt);
        }
      });
    });
    const opened = await createSerialTransport({ path: samPath }).open({
      onData: (chunk) => samLine.receive(chunk),
      onClose: (reason) => {
        // socat died under us (not through unplug): behave like a dead module until plug().
        log(`SAM side closed: ${reason}`);
        samLine.close();
        link = null;
      },
    });
    if (!opened.ok) {
      await pair.stop();
      pair = null;
      throw new Error(`simulator could not open its SAM side: ${opened.error}`);
    }
    link = opened.value;
    line = samLine;
  };

  const disconnect = async (): Promise<void> => {
    line?.close();
    line = null;
    const closing = link;
    link = null;
    await closing?.close();
    await pair?.stop();
    pair = null;
  };

  await connect();

  return {
    readerPath,
    samPath,
    catalogue: () => cards.map(({ id, label }) => ({ id, label })),
    placeCard(id) {
      const entry = cards.find((c) => c.id === id);
      if (!entry) return false;
      emulator.placeCard(demoCardBlocks(entry));
      cardId = id;
      return true;
    },
    removeCard() {
      emulator.removeCard();
      cardId = null;
    },
    currentCard: () => cardId,
    unplug: () => serially(async () => {
      if (!stopped) await disconnect();
    }),
    plug: () =>
      serially(async () => {
        if (stopped || (pair && !pair.exited() && link)) return;
        await disconnect();
        await connect();
      }),
    isPlugged: () => pair !== null && !pair.exited() && link !== null,
    setFault: (fault) => emulator.setFault(fault),
    setReadDelay: (ms) => emulator.setReadDelay(ms),
    lastReadResponseWrittenAt: () => lastWrittenAt,
    stop: () =>
      serially(async () => {
        stopped = true;
        await disconnect();
      }),
  };
}
