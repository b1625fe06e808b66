/**
 * The real SerialSamReader (node-serialport, codec, state machine) against the SAM simulator over
 * a real socat pseudo-terminal, through every fault the simulator offers.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCardText } from '../../domain/idcard/card-text.ts';
import { acceptCard } from '../../domain/idcard/validity.ts';
import { DEMO_CARDS } from '../../electron/core/devices/id-card/demo-cards.ts';
import type { ReaderEvent } from '../../electron/core/devices/id-card/reader.ts';
import { SerialSamReader } from '../../electron/core/devices/id-card/serial-driver.ts';
import { createSerialTransport } from '../../electron/core/devices/id-card/serial-transport.ts';
import { createSimulatorPhotoDecoder } from '../../electron/core/devices/id-card/simulator-photo-decoder.ts';
import { startTempSimulatedReader, type TempSimulatedReader } from '../support/pty.ts';

const imageDir = fileURLToPath(new URL('../../resources/demo-cards/', import.meta.url));
const TODAY = '2026-01-15';

let harness: TempSimulatedReader;
const readers: SerialSamReader[] = [];

beforeAll(async () => {
  harness = await startTempSimulatedReader({ readDelayMs: 30, slowDelayMs: 500 });
});
afterAll(async () => {
  await harness?.cleanup();
});
afterEach(async () => {
  await Promise.all(readers.splice(0).map((r) => r.stop()));
  const { sim } = harness;
  sim.removeCard();
  sim.setFault('none');
  if (!sim.isPlugged()) await sim.plug();
});

function startReader() {
  const reader = new SerialSamReader({
    transport: createSerialTransport({ path: harness.sim.readerPath, pathCheckMs: 100 }),
    simulated: true,
    timings: { pollMs: 25, reconnectMs: 100, commandTimeoutMs: 150, readTimeoutMs: 400 },
  });
  readers.push(reader);
  const events: ReaderEvent[] = [];
  reader.subscribe((e) => events.push(e));
  reader.start();
  const summary = () => events.map((e) => (e.type === 'status' ? `status:${e.status.state}` : e.type === 'card_error' ? `card_error:${e.code}` : e.type)).join(',');
  const waitFor = async (predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; status ${JSON.stringify(reader.status())}; events ${summary()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const count = (type: ReaderEvent['type']) => events.filter((e) => e.type === type).length;
  const reads = () => events.flatMap((e) => (e.type === 'card_read' ? [e.card] : []));
  const errors = () => events.flatMap((e) => (e.type === 'card_error' ? [e.code] : []));
  const ready = () => waitFor(() => reader.status().state === 'ready', 'ready');
  return { reader, events, waitFor, count, reads, errors, ready };
}

describe.sequential('SerialSamReader on the PTY simulator', () => {
  it('comes up ready with the SAM id over the real serial port', async () => {
    const t = startReader();
    await t.ready();
    expect(t.reader.status()).toMatchObject({ port: harness.sim.readerPath, simulated: true, samId: '05.01-20240101-0000000001-0000004242' });
    expect(await t.reader.selfTest()).toEqual({ ok: true, value: { samId: '05.01-20240101-0000000001-0000004242' } });
  });

  it('reads every demo card type, with its photo, and sees each removal', async () => {
    const t = startReader();
    const decoder = createSimulatorPhotoDecoder({ imageDir });
    await t.ready();
    for (const [i, card] of DEMO_CARDS.entries()) {
      expect(harness.sim.placeCard(card.id)).toBe(true);
      await t.waitFor(() => t.count('card_read') === i + 1, `card_read of ${card.id}`);
      const raw = t.reads()[i]!;
      expect(raw.text.length).toBe(256);
      expect(raw.photo.length).toBe(1024);
      // The timestamp is the arrival of the last byte, moments after the simulator wrote it.
      expect(Math.abs(raw.receivedAt - harness.sim.lastReadResponseWrittenAt()!)).toBeLessThan(100);

      const parsed = parseCardText(raw.text);
      if (card.expect === 'invalid_id_number') {
        expect(parsed.ok ? 'parsed' : parsed.error.code).toBe('invalid_id_number');
      } else {
        expect(parsed.ok && parsed.value).toEqual(card.data);
        const accepted = acceptCard(raw.text, TODAY);
        expect(accepted.ok ? 'valid' : accepted.error.code).toBe(card.expect);
      }
      const photo = await decoder.decode(raw.photo);
      expect(photo.ok && photo.value.mime).toBe('image/svg+xml');

      harness.sim.removeCard();
      await t.waitFor(() => t.count('card_removed') === i + 1, `card_removed of ${card.id}`);
    }
    expect(t.errors()).toEqual([]);
    expect(new Set(DEMO_CARDS.map((c) => c.data.cardType)).size).toBe(4);
  });

  it('does not re-read a card left on the reader, and arms again after removal', async () => {
    const t = startReader();
    await t.ready();
    harness.sim.placeCard('resident-young-man');
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    await t.waitFor(() => t.reader.status().state === 'waiting_removal', 'waiting_removal');
    await new Promise((r) => setTimeout(r, 300));
    expect(t.count('card_read')).toBe(1);
    expect(t.count('card_removed')).toBe(0);
    harness.sim.removeCard();
    await t.waitFor(() => t.count('card_removed') === 1, 'card_removed');
    await t.ready();
    harness.sim.placeCard('resident-elderly-woman');
    await t.waitFor(() => t.count('card_read') === 2, 'second card_read');
  });

  it('reads through line noise (garbage fault) without errors', async () => {
    const t = startReader();
    await t.ready();
    harness.sim.setFault('garbage');
    harness.sim.placeCard('hmt-hong-kong');
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    const parsed = parseCardText(t.reads()[0]!.text);
    expect(parsed.ok && parsed.value.cardType).toBe('hmt_residence');
    expect(t.errors()).toEqual([]);
  });

  it('retries past checksum errors and reports them as the last error', async () => {
    const t = startReader();
    await t.ready();
    harness.sim.setFault('checksum');
    harness.sim.placeCard('foreign-pr-2023');
    await t.waitFor(() => t.count('card_read') === 1, 'card_read');
    const parsed = parseCardText(t.reads()[0]!.text);
    expect(parsed.ok && parsed.value.cardType).toBe('foreign_pr_2023');
    expect(t.errors()).toEqual([]);
    expect(t.reader.status().lastError?.code).toBe('checksum');
  });

  it('times out on a slow reader and recovers when it is fast again', async () => {
    const t = startReader();
    await t.ready();
    harness.sim.setFault('slow');
    await t.waitFor(() => t.reader.status().lastError?.code === 'timeout', 'timeout');
    harness.sim.setFault('none');
    harness.sim.placeCard('foreign-pr-2017');
    await t.waitFor(() => t.count('card_read') === 1, 'card_read after recovery');
    const parsed = parseCardText(t.reads()[0]!.text);
    expect(parsed.ok && parsed.value.cardType).toBe('foreign_pr_2017');
  });

  it('reports read_failed once when the SAM cannot read the card', async () => {
    const t = startReader();
    await t.ready();
    harness.sim.setFault('read_failed');
    harness.sim.placeCard('resident-mongol-woman');
    await t.waitFor(() => t.count('card_error') === 1, 'card_error');
    expect(t.errors()).toEqual(['read_failed']);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.count('card_error')).toBe(1);
    expect(t.count('card_read')).toBe(0);
    expect(t.reader.status()).toMatchObject({ state: 'waiting_removal', lastError: { code: 'read_failed' } });
  });

  it('goes disconnected when unplugged and ready again when plugged back', async () => {
    const t = startReader();
    await t.ready();
    await harness.sim.unplug();
    expect(existsSync(harness.sim.readerPath)).toBe(false);
    await t.waitFor(() => t.reader.status().state === 'disconnected', 'disconnected');
    expect(t.reader.status().lastError?.code).toBe('disconnected');
    const selfTest = await t.reader.selfTest();
    expect(!selfTest.ok && selfTest.error.code).toBe('disconnected');
    // Several reconnect attempts fail quietly while the cable is out.
    await new Promise((r) => setTimeout(r, 350));
    expect(t.reader.status().state).toBe('disconnected');

    await harness.sim.plug();
    await t.ready();
    harness.sim.placeCard('resident-young-man');
    await t.waitFor(() => t.count('card_read') === 1, 'card_read after replug');
    const parsed = parseCardText(t.reads()[0]!.text);
    expect(parsed.ok && parsed.value.name).toBe('陈子演');
  });

  it('notices an unplug while a card waits for removal', async () => {
    const t = startReader();
    await t.ready();
    harness.sim.placeCard('resident-elderly-woman');
    await t.waitFor(() => t.reader.status().state === 'waiting_removal', 'waiting_removal');
    await harness.sim.unplug();
    await t.waitFor(() => t.reader.status().state === 'disconnected', 'disconnected');
    await harness.sim.plug();
    // The card is still on the reader after the cable comes back: it is read again.
    await t.waitFor(() => t.count('card_read') === 2, 'card_read after replug');
  });

  it('starts disconnected when the reader is absent at boot and connects when it appears', async () => {
    await harness.sim.unplug();
    const t = startReader();
    await t.waitFor(() => t.reader.status().state === 'disconnected', 'disconnected');
    await harness.sim.plug();
    await t.ready();
  });

  it('stops cleanly', async () => {
    const t = startReader();
    await t.ready();
    await t.reader.stop();
    expect(t.reader.status().state).toBe('disconnected');
    const n = t.events.length;
    harness.sim.placeCard('resident-young-man');
    await new Promise((r) => setTimeout(r, 150));
    expect(t.events.length).toBe(n);
  });
});
