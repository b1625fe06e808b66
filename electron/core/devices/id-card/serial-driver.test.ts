import { afterEach, describe, expect, it } from 'vitest';
import { createEmulatedTransport } from './emulated-transport.ts';
import type { ReaderEvent } from './reader.ts';
import { SamEmulator } from './sam-emulator.ts';
import { SerialSamReader, type SerialSamReaderTimings } from './serial-driver.ts';

const FAST: Partial<SerialSamReaderTimings> = {
  pollMs: 10,
  reconnectMs: 20,
  commandTimeoutMs: 80,
  readTimeoutMs: 200,
};

const card = (seed: number) => ({
  text: Uint8Array.from({ length: 256 }, (_, i) => (i + seed) & 0xff),
  photo: Uint8Array.from({ length: 1024 }, (_, i) => (i * seed) & 0xff),
  fingerprint: null,
});

function setup(options: { readDelayMs?: number; slowDelayMs?: number; readFingerprint?: boolean; chunkSize?: number } = {}) {
  const emulator = new SamEmulator({ readDelayMs: options.readDelayMs ?? 5, slowDelayMs: options.slowDelayMs ?? 400 });
  let lastReadWrittenAt = 0;
  const wire = createEmulatedTransport(emulator, {
    chunkSize: options.chunkSize ?? 97,
    onReply: (reply, at) => {
      if (reply.isReadResponse) lastReadWrittenAt = at;
    },
  });
  const reader = new SerialSamReader({ transport: wire.transport, timings: FAST, readFingerprint: options.readFingerprint ?? false });
  const events: ReaderEvent[] = [];
  reader.subscribe((e) => events.push(e));
  const waitFor = async (predicate: () => boolean, what: string, timeoutMs = 3_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; events: ${events.map((e) => (e.type === 'status' ? `status:${e.status.state}` : e.type)).join(',')}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const count = (type: ReaderEvent['type']): number => events.filter((e) => e.type === type).length;
  const reads = () => events.flatMap((e) => (e.type === 'card_read' ? [e.card] : []));
  const errors = () => events.flatMap((e) => (e.type === 'card_error' ? [e.code] : []));
  const ready = () => waitFor(() => reader.status().state === 'ready', 'ready');
  started.push(reader);
  return { emulator, wire, reader, events, waitFor, count, reads, errors, ready, lastReadWrittenAt: () => lastReadWrittenAt };
}

const started: SerialSamReader[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop()));
});

describe('SerialSamReader over an emulated SAM', () => {
  it('initialises the SAM and reports ready with its id', async () => {
    const t = setup();
    expect(t.reader.status().state).toBe('disconnected');
    t.reader.start();
    await t.ready();
    expect(t.reader.status()).toMatchObject({ port: 'emulated', simulated: false, samId: '05.01-20240101-0000000001-0000004242', lastError: null });
    const states = t.events.flatMap((e) => (e.type === 'status' ? [e.status.state] : []));
    expect(states.filter((s, i) => s !== states[i - 1])).toEqual(['connecting', 'ready']);
  });

  it('reads a card once, waits for removal, then arms again', async () => {
    const t = setup();
    t.reader.start();
    await t.ready();
    const c = card(3);
    t.emulator.placeCard(c);
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    const [read] = t.reads();
    expect(read?.text).toEqual(c.text);
    expect(read?.photo).toEqual(c.photo);
    expect(read?.fingerprint).toBeNull();
    // The timestamp is taken at arrival of the last byte: after the emulator wrote it, not long after.
    expect(read!.receivedAt).toBeGreaterThanOrEqual(t.lastReadWrittenAt());
    expect(read!.receivedAt - t.lastReadWrittenAt()).toBeLessThan(100);
    expect(t.events.findIndex((e) => e.type === 'card_placed')).toBeLessThan(t.events.findIndex((e) => e.type === 'card_read'));
    await t.waitFor(() => t.reader.status().state === 'waiting_removal', 'waiting_removal');

    // Left on the reader it is not read again.
    await new Promise((r) => setTimeout(r, 150));
    expect(t.count('card_read')).toBe(1);
    expect(t.count('card_removed')).toBe(0);

    t.emulator.removeCard();
    await t.waitFor(() => t.count('card_removed') === 1, 'card_removed');
    await t.ready();
    t.emulator.placeCard(card(4));
    await t.waitFor(() => t.count('card_read') === 2, 'second card_read');
    expect(t.reads()[1]?.text).toEqual(card(4).text);
    expect(t.errors()).toEqual([]);
  });

  it('reads fingerprints with 30 10 when asked to', async () => {
    const t = setup({ readFingerprint: true });
    const fp = new Uint8Array(1024).fill(0x42);
    t.emulator.placeCard({ ...card(1), fingerprint: fp });
    t.reader.start();
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    expect(t.reads()[0]?.fingerprint).toEqual(fp);
  });

  it('copes with byte-by-byte delivery', async () => {
    const t = setup({ chunkSize: 1 });
    t.emulator.placeCard(card(9));
    t.reader.start();
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    expect(t.reads()[0]?.photo).toEqual(card(9).photo);
  });

  it('reads through line noise without reporting an error', async () => {
    const t = setup();
    t.emulator.setFault('garbage');
    t.reader.start();
    await t.ready();
    t.emulator.placeCard(card(5));
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    expect(t.reads()[0]?.text).toEqual(card(5).text);
    expect(t.errors()).toEqual([]);
  });

  it('retries past bad checksums and records them as the last error', async () => {
    const t = setup();
    t.emulator.setFault('checksum');
    t.reader.start();
    await t.ready();
    t.emulator.placeCard(card(6));
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    expect(t.reads()[0]?.photo).toEqual(card(6).photo);
    expect(t.errors()).toEqual([]);
    expect(t.reader.status().lastError?.code).toBe('checksum');
  });

  it('reports read_failed once when the SAM cannot read the card, and recovers', async () => {
    const t = setup();
    t.reader.start();
    await t.ready();
    t.emulator.setFault('read_failed');
    t.emulator.placeCard(card(7));
    await t.waitFor(() => t.count('card_error') === 1, 'card_error');
    expect(t.errors()).toEqual(['read_failed']);
    expect(t.reader.status()).toMatchObject({ state: 'waiting_removal', lastError: { code: 'read_failed' } });
    // No error loop while the unreadable card stays on the reader.
    await new Promise((r) => setTimeout(r, 150));
    expect(t.count('card_error')).toBe(1);
    t.emulator.removeCard();
    await t.waitFor(() => t.count('card_removed') === 1, 'card_removed');
    t.emulator.setFault('none');
    t.emulator.placeCard(card(7));
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
  });

  it('reports read_failed when the card leaves during the read', async () => {
    const t = setup({ readDelayMs: 60 });
    t.reader.start();
    await t.ready();
    t.emulator.placeCard(card(8));
    await t.waitFor(() => t.reader.status().state === 'reading', 'reading');
    t.emulator.removeCard();
    await t.waitFor(() => t.count('card_error') === 1, 'card_error');
    expect(t.errors()).toEqual(['read_failed']);
    expect(t.count('card_read')).toBe(0);
    await t.waitFor(() => t.count('card_removed') === 1, 'card_removed');
  });

  it('times out on a slow module and recovers when it speeds up', async () => {
    const t = setup({ slowDelayMs: 300 });
    t.reader.start();
    await t.ready();
    t.emulator.setFault('slow');
    await t.waitFor(() => t.reader.status().lastError?.code === 'timeout', 'timeout');
    // A module that stops answering is not shown as ready; it is re-initialised.
    await t.waitFor(() => t.reader.status().state === 'connecting', 'connecting');
    // Repeated timeouts do not flood subscribers with status events.
    const statusEvents = t.count('status');
    await new Promise((r) => setTimeout(r, 600));
    expect(t.count('status') - statusEvents).toBeLessThanOrEqual(2);
    t.emulator.setFault('none');
    t.emulator.placeCard(card(10));
    await t.waitFor(() => t.count('card_read') === 1, 'card_read after recovery');
    expect(t.reads()[0]?.text).toEqual(card(10).text);
  });

  it('reports a card_error timeout when the read never completes', async () => {
    const t = setup({ readDelayMs: 1_000 });
    t.reader.start();
    await t.ready();
    t.emulator.placeCard(card(11));
    await t.waitFor(() => t.count('card_error') === 1, 'card_error', 5_000);
    expect(t.errors()).toEqual(['timeout']);
  });

  it('goes disconnected when unplugged and comes back by itself', async () => {
    const t = setup();
    t.reader.start();
    await t.ready();
    t.wire.unplug();
    await t.waitFor(() => t.reader.status().state === 'disconnected', 'disconnected');
    expect(t.reader.status().lastError?.code).toBe('disconnected');
    expect((await t.reader.selfTest()).ok).toBe(false);
    await new Promise((r) => setTimeout(r, 80));
    // Still retrying, still disconnected, and not flapping through other states.
    expect(t.reader.status().state).toBe('disconnected');
    t.wire.plug();
    await t.ready();
    expect(t.wire.opens()).toBe(2);
    t.emulator.placeCard(card(12));
    await t.waitFor(() => t.count('card_read') === 1, 'card_read after replug');
  });

  it('isolates a throwing listener', async () => {
    const t = setup();
    t.reader.subscribe(() => {
      throw new Error('listener bug');
    });
    t.emulator.placeCard(card(13));
    t.reader.start();
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
  });

  it('unsubscribes', async () => {
    const t = setup();
    const seen: ReaderEvent[] = [];
    const off = t.reader.subscribe((e) => seen.push(e));
    off();
    t.reader.start();
    await t.ready();
    expect(seen).toEqual([]);
  });

  it('self-tests without disturbing a card on the reader', async () => {
    const t = setup();
    t.reader.start();
    await t.ready();
    t.emulator.placeCard(card(14));
    const result = await t.reader.selfTest();
    expect(result).toEqual({ ok: true, value: { samId: '05.01-20240101-0000000001-0000004242' } });
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
  });

  it('self-test fails as disconnected before start', async () => {
    const t = setup();
    const result = await t.reader.selfTest();
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('disconnected');
  });

  it('stops cleanly and emits nothing afterwards', async () => {
    const t = setup();
    t.reader.start();
    await t.ready();
    await t.reader.stop();
    expect(t.reader.status().state).toBe('disconnected');
    const n = t.events.length;
    t.emulator.placeCard(card(15));
    await new Promise((r) => setTimeout(r, 80));
    expect(t.events.length).toBe(n);
  });
});
