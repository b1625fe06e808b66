/**
 * Hands the recorder's 1 s chunks to the core in order (`consult.recordChunk` with `seq`). One
 * chunk at a time, so the core appends them in sequence; a failed send is retried a few times
 * (the core ignores a repeated `seq`), then reported and skipped: the call never waits on the
 * recording, and a later chunk still goes out.
 */
import type { Clock } from '../time/clock';

export type SendChunk = (seq: number, base64: string) => Promise<boolean>;

export interface ChunkSenderOptions {
  send: SendChunk;
  clock: Clock;
  /** Called once per chunk that could not be delivered (its seq). */
  onLost?: (seq: number) => void;
  retries?: number;
  retryDelayMs?: number;
}

export const CHUNK_RETRIES = 3;
export const CHUNK_RETRY_DELAY_MS = 500;

/** Base64 without a FileReader: the chunk's bytes in slices (String.fromCharCode has an argument limit). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  return btoa(binary);
}

export class ChunkSender {
  private nextSeq = 0;
  private tail: Promise<void> = Promise.resolve();
  private sentBytes = 0;
  private lost = 0;
  private stopped = false;

  constructor(private readonly options: ChunkSenderOptions) {}

  /** Queues one chunk; returns at once. */
  push(chunk: Blob): void {
    if (this.stopped || chunk.size === 0) return;
    const seq = this.nextSeq++;
    this.tail = this.tail.then(() => this.deliver(seq, chunk));
  }

  /** Resolves when every queued chunk was sent or given up on. */
  drain(): Promise<void> {
    return this.tail;
  }

  /** Drops what is queued and not yet sent (a wipe: nothing more of this person goes anywhere). */
  abandon(): void {
    this.stopped = true;
  }

  get chunks(): number {
    return this.nextSeq;
  }

  get bytes(): number {
    return this.sentBytes;
  }

  get lostChunks(): number {
    return this.lost;
  }

  private async deliver(seq: number, chunk: Blob): Promise<void> {
    if (this.stopped) return;
    const base64 = bytesToBase64(new Uint8Array(await chunk.arrayBuffer()));
    const retries = this.options.retries ?? CHUNK_RETRIES;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (this.stopped) return;
      let ok = false;
      try {
        ok = await this.options.send(seq, base64);
      } catch {
        ok = false;
      }
      if (ok) {
        this.sentBytes += chunk.size;
        return;
      }
      if (attempt < retries) await new Promise<void>((resolve) => this.options.clock.setTimeout(resolve, (this.options.retryDelayMs ?? CHUNK_RETRY_DELAY_MS) * (attempt + 1)));
    }
    this.lost += 1;
    this.options.onLost?.(seq);
  }
}
