import { describe, expect, it } from 'vitest';
import type { HeartbeatRequest } from '../../../domain/centre/protocol.ts';
import { deriveFaults, LOW_DISK_BYTES } from './fleet.ts';

const NOW = Date.parse('2026-11-23T08:00:00Z');

const healthy = (changes: Partial<HeartbeatRequest> = {}): HeartbeatRequest => ({
  version: '0.1.0',
  uptimeSeconds: 3600,
  reader: 'ready',
  printers: { receipt: 'ready', a4: 'ready' },
  diskFreeBytes: 20 * LOW_DISK_BYTES,
  outbox: { pending: 0, oldestCreatedAt: null },
  ...changes,
});

describe('deriveFaults', () => {
  it('finds nothing wrong with a healthy online kiosk', () => {
    expect(deriveFaults(healthy(), true, NOW)).toEqual([]);
  });

  it('says offline, and only that, for a kiosk that never sent its health', () => {
    expect(deriveFaults(null, false, NOW)).toEqual(['offline']);
    expect(deriveFaults(null, true, NOW)).toEqual([]);
  });

  it('names each printer that is not ready with its state', () => {
    const faults = deriveFaults(healthy({ printers: { receipt: 'out_of_paper', a4: 'offline' } }), true, NOW);
    expect(faults).toEqual(['printer.receipt.out_of_paper', 'printer.a4.offline']);
    expect(deriveFaults(healthy({ printers: { receipt: 'ready', a4: 'missing' } }), true, NOW)).toEqual(['printer.a4.missing']);
  });

  it('reports a disconnected card reader but not one busy reading', () => {
    expect(deriveFaults(healthy({ reader: 'disconnected' }), true, NOW)).toEqual(['reader.disconnected']);
    expect(deriveFaults(healthy({ reader: 'reading' }), true, NOW)).toEqual([]);
    expect(deriveFaults(healthy({ reader: 'connecting' }), true, NOW)).toEqual([]);
  });

  it('reports low disk below 1 GiB, and nothing when the kiosk could not measure it', () => {
    expect(deriveFaults(healthy({ diskFreeBytes: LOW_DISK_BYTES - 1 }), true, NOW)).toEqual(['disk.low']);
    expect(deriveFaults(healthy({ diskFreeBytes: LOW_DISK_BYTES }), true, NOW)).toEqual([]);
    expect(deriveFaults(healthy({ diskFreeBytes: null }), true, NOW)).toEqual([]);
  });

  it('reports a stale outbox when its oldest item waited more than an hour (any offset)', () => {
    const stale = healthy({ outbox: { pending: 3, oldestCreatedAt: '2026-11-23T14:59:00+08:00' } }); // 06:59Z
    expect(deriveFaults(stale, true, NOW)).toEqual(['outbox.stale']);
    const recent = healthy({ outbox: { pending: 3, oldestCreatedAt: '2026-11-23T07:30:00Z' } });
    expect(deriveFaults(recent, true, NOW)).toEqual([]);
    const unreadable = healthy({ outbox: { pending: 3, oldestCreatedAt: 'yesterday' } });
    expect(deriveFaults(unreadable, true, NOW)).toEqual([]);
  });

  it('lists several faults together, offline first', () => {
    const faults = deriveFaults(healthy({ reader: 'disconnected', diskFreeBytes: 10 }), false, NOW);
    expect(faults).toEqual(['offline', 'reader.disconnected', 'disk.low']);
  });
});
