import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createSerialTransport, type SerialPortLike } from './serial-transport.ts';

/** Just enough of a SerialPort for the transport: open/close/write and events. */
class FakePort extends EventEmitter {
  isOpen = false;
  written: number[][] = [];
  constructor(private readonly openError: Error | null = null) {
    super();
  }
  open(cb?: (e: Error | null) => void): void {
    this.isOpen = this.openError === null;
    setImmediate(() => cb?.(this.openError));
  }
  close(cb?: (e: Error | null) => void): void {
    this.isOpen = false;
    setImmediate(() => cb?.(null));
  }
  write(chunk: Buffer, cb?: (e: Error | null | undefined) => void): boolean {
    this.written.push([...chunk]);
    setImmediate(() => cb?.(null));
    return true;
  }
}

const asPort = (p: FakePort) => p as unknown as SerialPortLike;
const noHandlers = { onData: () => undefined, onClose: () => undefined };

describe('createSerialTransport', () => {
  it('refuses to open a path that does not exist, without creating a port', async () => {
    let created = 0;
    const t = createSerialTransport({
      path: '/dev/ttyUSB9',
      pathExists: async () => false,
      createPort: () => {
        created++;
        return asPort(new FakePort());
      },
    });
    const r = await t.open(noHandlers);
    expect(r.ok).toBe(false);
    expect(created).toBe(0);
  });

  it('opens at 115200 by default, passes data and writes', async () => {
    const port = new FakePort();
    let options: { path: string; baudRate: number } | null = null;
    const t = createSerialTransport({
      path: '/dev/ttyUSB0',
      pathExists: async () => true,
      createPort: (o) => {
        options = o;
        return asPort(port);
      },
    });
    const chunks: number[][] = [];
    const r = await t.open({ onData: (c) => chunks.push([...c]), onClose: () => undefined });
    if (!r.ok) throw new Error(r.error);
    expect(options).toEqual({ path: '/dev/ttyUSB0', baudRate: 115200 });
    port.emit('data', Buffer.from([1, 2, 3]));
    expect(chunks).toEqual([[1, 2, 3]]);
    expect(await r.value.write(Uint8Array.of(9))).toEqual({ ok: true, value: undefined });
    expect(port.written).toEqual([[9]]);
    await r.value.close();
    expect(port.isOpen).toBe(false);
    expect(await r.value.write(Uint8Array.of(9))).toEqual({ ok: false, error: 'port closed' });
  });

  it('reports an open failure as a value', async () => {
    const t = createSerialTransport({ path: '/dev/x', pathExists: async () => true, createPort: () => asPort(new FakePort(new Error('EACCES'))) });
    expect(await t.open(noHandlers)).toEqual({ ok: false, error: 'EACCES' });
  });

  it('reports a port error as a lost link once, and survives later error events', async () => {
    const port = new FakePort();
    const reasons: string[] = [];
    const t = createSerialTransport({ path: '/dev/x', pathExists: async () => true, createPort: () => asPort(port) });
    const r = await t.open({ onData: () => undefined, onClose: (why) => reasons.push(why) });
    expect(r.ok).toBe(true);
    port.emit('error', new Error('EIO'));
    port.emit('close');
    expect(() => port.emit('error', new Error('late'))).not.toThrow();
    expect(reasons).toEqual(['port error: EIO']);
  });

  it('notices the device node disappearing', async () => {
    const port = new FakePort();
    let present = true;
    const reasons: string[] = [];
    const t = createSerialTransport({ path: '/dev/x', pathCheckMs: 10, pathExists: async () => present, createPort: () => asPort(port) });
    await t.open({ onData: () => undefined, onClose: (why) => reasons.push(why) });
    await new Promise((r) => setTimeout(r, 30));
    expect(reasons).toEqual([]);
    present = false;
    await new Promise((r) => setTimeout(r, 40));
    expect(reasons).toEqual(['device node disappeared']);
    expect(port.isOpen).toBe(false);
  });
});
