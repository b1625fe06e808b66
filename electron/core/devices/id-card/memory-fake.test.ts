import { describe, expect, it } from 'vitest';
import { parseCardText } from '../../../../domain/idcard/card-text.ts';
import { DEMO_CARDS } from './demo-cards.ts';
import { createMemoryReader } from './memory-fake.ts';
import type { ReaderEvent } from './reader.ts';

const types = (events: ReaderEvent[]) => events.map((e) => (e.type === 'status' ? `status:${e.status.state}` : e.type));

describe('createMemoryReader', () => {
  const young = DEMO_CARDS.find((c) => c.id === 'resident-young-man')!;

  it('reads an inserted card with its data encoded as a chip would', () => {
    const m = createMemoryReader({ clock: () => 1234.5 });
    const events: ReaderEvent[] = [];
    m.reader.subscribe((e) => events.push(e));
    m.reader.start();
    const photo = new Uint8Array(1024).fill(7);
    m.insertCard({ data: young.data, photo });
    expect(types(events)).toEqual(['status:ready', 'card_placed', 'status:reading', 'status:waiting_removal', 'card_read']);
    const read = events.find((e) => e.type === 'card_read');
    if (read?.type !== 'card_read') throw new Error('no read');
    expect(read.card.receivedAt).toBe(1234.5);
    expect(read.card.photo).toEqual(photo);
    const parsed = parseCardText(read.card.text);
    expect(parsed.ok && parsed.value.idNumber).toBe(young.data.idNumber);
    m.removeCard();
    expect(types(events).slice(-2)).toEqual(['card_removed', 'status:ready']);
  });

  it('passes raw blocks through', () => {
    const m = createMemoryReader();
    const events: ReaderEvent[] = [];
    m.reader.subscribe((e) => events.push(e));
    const text = new Uint8Array(256).fill(0x20);
    m.insertCard({ text });
    expect(events).toEqual([]); // not started: nothing happens yet
    m.reader.start();
    const read = events.find((e) => e.type === 'card_read');
    expect(read?.type === 'card_read' && read.card.text).toBe(text);
    expect(read?.type === 'card_read' && read.card.photo.length).toBe(1024);
  });

  it('fails the next read with the given code, once', () => {
    const m = createMemoryReader();
    const events: ReaderEvent[] = [];
    m.reader.subscribe((e) => events.push(e));
    m.reader.start();
    m.failNext('read_failed');
    m.insertCard({ data: young.data });
    expect(events.filter((e) => e.type === 'card_error')).toEqual([{ type: 'card_error', code: 'read_failed' }]);
    expect(m.reader.status().lastError?.code).toBe('read_failed');
    m.removeCard();
    m.insertCard({ data: young.data });
    expect(events.filter((e) => e.type === 'card_read')).toHaveLength(1);
  });

  it('goes disconnected on unplug and re-reads a card left on it after plug', async () => {
    const m = createMemoryReader();
    const events: ReaderEvent[] = [];
    m.reader.subscribe((e) => events.push(e));
    m.reader.start();
    m.insertCard({ data: young.data });
    m.unplug();
    expect(m.reader.status().state).toBe('disconnected');
    expect((await m.reader.selfTest()).ok).toBe(false);
    m.plug();
    expect(events.filter((e) => e.type === 'card_read')).toHaveLength(2);
    expect(await m.reader.selfTest()).toEqual({ ok: true, value: { samId: '05.01-20240101-0000000001-0000000000' } });
  });

  it('isolates throwing listeners and unsubscribes', () => {
    const m = createMemoryReader();
    const off = m.reader.subscribe(() => {
      throw new Error('bug');
    });
    const seen: ReaderEvent[] = [];
    m.reader.subscribe((e) => seen.push(e));
    expect(m.listenerCount()).toBe(2);
    m.reader.start();
    expect(seen).toHaveLength(1);
    off();
    expect(m.listenerCount()).toBe(1);
  });
});
