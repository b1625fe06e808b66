/** Recording chunks reach the core in order, retried, and a lost one never blocks the next. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../time/fake-clock';
import { bytesToBase64, ChunkSender } from './chunk-sender';

const blob = (...bytes: number[]) => new Blob([new Uint8Array(bytes)]);
const settle = async (rounds = 10) => {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
};

describe('ChunkSender', () => {
  it('sends chunks one at a time, in order, with sequence numbers and base64', async () => {
    const sent: Array<[number, string]> = [];
    const sender = new ChunkSender({ clock: new FakeClock(), send: async (seq, base64) => (sent.push([seq, base64]), true) });
    sender.push(blob(1, 2, 3));
    sender.push(blob());
    sender.push(blob(255));
    await sender.drain();
    expect(sent).toEqual([
      [0, 'AQID'],
      [1, '/w=='],
    ]);
    expect(sender.bytes).toBe(4);
  });

  it('retries a failed send, then gives up on that chunk and goes on with the next', async () => {
    const clock = new FakeClock();
    const attempts: number[] = [];
    const lost: number[] = [];
    const sender = new ChunkSender({ clock, retries: 2, retryDelayMs: 100, onLost: (seq) => lost.push(seq), send: async (seq) => (attempts.push(seq), seq !== 0) });
    sender.push(blob(1));
    sender.push(blob(2));
    for (let i = 0; i < 5; i++) {
      await settle();
      clock.advance(1000);
    }
    await sender.drain();
    expect(attempts).toEqual([0, 0, 0, 1]);
    expect(lost).toEqual([0]);
    expect(sender.lostChunks).toBe(1);
  });

  it('base64 of a chunk larger than one slice decodes to the same bytes', () => {
    const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 256);
    const decoded = Uint8Array.from(atob(bytesToBase64(bytes)), (c) => c.charCodeAt(0));
    expect(decoded).toEqual(bytes);
  });
});
