/**
 * SamTransport over node-serialport. Only the handful of port methods the driver needs are used,
 * so tests could hand in any object with that shape.
 */
import { stat } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { err, ok, type Result } from '../../../../domain/result.ts';
import type { SamLink, SamLinkHandlers, SamTransport } from './transport.ts';

export type SerialPortLike = Pick<SerialPort, 'open' | 'close' | 'write' | 'on' | 'removeAllListeners' | 'isOpen'>;

export interface SerialTransportOptions {
  readonly path: string;
  /** 115200 8N1 in every public sample. */
  readonly baudRate?: number;
  /**
   * How often to check that the device node still exists. A USB-serial adapter that is pulled
   * does not always produce a read error, so its node vanishing is the reliable signal.
   */
  readonly pathCheckMs?: number;
  readonly createPort?: (options: { path: string; baudRate: number }) => SerialPortLike;
  readonly pathExists?: (path: string) => Promise<boolean>;
}

const defaultCreatePort = (options: { path: string; baudRate: number }): SerialPortLike =>
  new SerialPort({ ...options, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });

const defaultPathExists = async (path: string): Promise<boolean> => {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createSerialTransport(options: SerialTransportOptions): SamTransport {
  const baudRate = options.baudRate ?? 115200;
  const createPort = options.createPort ?? defaultCreatePort;
  const pathExists = options.pathExists ?? defaultPathExists;
  const pathCheckMs = options.pathCheckMs ?? 1_000;

  return {
    label: options.path,
    async open(handlers: SamLinkHandlers): Promise<Result<SamLink, string>> {
      if (!(await pathExists(options.path))) return err(`no device at ${options.path}`);
      let port: SerialPortLike;
      try {
        port = createPort({ path: options.path, baudRate });
      } catch (e) {
        return err(message(e));
      }
      const opened = await new Promise<Error | null>((resolve) => port.open((e) => resolve(e ?? null)));
      if (opened) {
        port.removeAllListeners();
        return err(opened.message);
      }

      let closed = false;
      const finish = (): void => {
        closed = true;
        clearInterval(watch);
        port.removeAllListeners();
        // Keep a no-op error listener: a late error event without one would crash the process.
        port.on('error', () => undefined);
      };
      const lost = (reason: string): void => {
        if (closed) return;
        finish();
        if (port.isOpen) port.close(() => undefined);
        handlers.onClose(reason);
      };

      port.on('data', (chunk: Buffer) => {
        if (!closed) handlers.onData(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      port.on('error', (e: Error) => lost(`port error: ${e.message}`));
      port.on('close', () => lost('port closed'));
      const watch = setInterval(() => {
        void pathExists(options.path).then((exists) => {
          if (!exists) lost('device node disappeared');
        });
      }, pathCheckMs);
      watch.unref();

      return ok({
        write: (bytes) =>
          new Promise((resolve) => {
            if (closed) return resolve(err('port closed'));
            try {
              port.write(Buffer.from(bytes), (e) => resolve(e ? err(e.message) : ok(undefined)));
            } catch (e) {
              resolve(err(message(e)));
            }
          }),
        close: () =>
          new Promise((resolve) => {
            if (closed) return resolve();
            finish();
            if (!port.isOpen) return resolve();
            port.close(() => resolve());
          }),
      });
    },
  };
}
