/**
 * "No input can crash the core": seeded random byte streams, with the preamble sprinkled in so
 * the decoder's length and checksum paths are really exercised, into the frame decoder and into a
 * running driver whose "reader" answers every command with noise.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../../domain/result.ts';
import { encodeResponse, FrameDecoder, PREAMBLE, SW3 } from './codec.ts';
import type { ReaderEvent } from './reader.ts';
import { SerialSamReader } from './serial-driver.ts';
import type { SamLinkHandlers, SamTransport } from './transport.ts';

/** Small deterministic PRNG (xorshift32) so a failure can be replayed. */
const prng = (seed: number) => () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};

const noise = (rand: () => number, length: number): Uint8Array => {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    // One chance in 40 to start a preamble, so LEN and CHK parsing see random values too.
    if (rand() < 0.025 && i + PREAMBLE.length < length) {
      bytes.set(PREAMBLE, i);
      i += PREAMBLE.length - 1;
    } else {
      bytes[i] = Math.floor(rand() * 256);
    }
  }
  return bytes;
};

describe('hostile bytes', () => {
  it('the frame decoder survives 200 KB of seeded noise in random chunks and still finds a good frame after it', () => {
    for (const seed of [1, 7, 42, 2024, 99991]) {
      const rand = prng(seed);
      const decoder = new FrameDecoder();
      let fed = 0;
      while (fed < 40_000) {
        const chunk = noise(rand, 1 + Math.floor(rand() * 300));
        expect(() => decoder.push(chunk)).not.toThrow();
        fed += chunk.length;
      }
      // Whatever the noise left half-parsed (at worst a bogus header announcing the longest allowed
      // frame), a stream of real answers must come through once that many bytes have passed.
      const good = encodeResponse(SW3.ok);
      const frames = [];
      for (let i = 0; i < 300 && frames.length === 0; i++) {
        frames.push(...decoder.push(good).filter((item) => item.kind === 'frame'));
      }
      expect(frames.length, `seed ${seed}`).toBeGreaterThan(0);
    }
  });

  describe('a driver whose reader only ever answers with noise', () => {
    let reader: SerialSamReader | null = null;
    afterEach(async () => {
      await reader?.stop();
      reader = null;
    });

    it('never throws, never reports a card, and keeps trying', async () => {
      const rand = prng(314159);
      let writes = 0;
      const transport: SamTransport = {
        label: 'noise',
        async open(handlers: SamLinkHandlers) {
          return ok({
            async write() {
              writes++;
              // Answer asynchronously, in two random pieces, like a UART would.
              const bytes = noise(rand, 1 + Math.floor(rand() * 600));
              const cut = Math.floor(rand() * bytes.length);
              setTimeout(() => handlers.onData(bytes.subarray(0, cut)), 1);
              setTimeout(() => handlers.onData(bytes.subarray(cut)), 2);
              return ok(undefined);
            },
            async close() {},
          });
        },
      };
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      const events: ReaderEvent[] = [];
      reader = new SerialSamReader({
        transport,
        timings: { pollMs: 5, reconnectMs: 10, commandTimeoutMs: 20, readTimeoutMs: 40 },
      });
      reader.subscribe((e) => {
        events.push(e);
        throw new Error('a broken listener must not break the reader');
      });
      reader.start();
      await new Promise((r) => setTimeout(r, 1500));
      process.off('unhandledRejection', onUnhandled);

      expect(unhandled).toEqual([]);
      expect(writes).toBeGreaterThan(20);
      expect(events.some((e) => e.type === 'card_read')).toBe(false);
      expect(['connecting', 'ready', 'disconnected', 'reading', 'waiting_removal']).toContain(reader.status().state);
    });
  });
});
