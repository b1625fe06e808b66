/**
 * An in-process SamTransport backed by the SamEmulator: the driver's unit tests run the whole
 * protocol without a pseudo-terminal. Answers are delivered in small chunks, as a UART would.
 */
import { err, ok } from '../../../../domain/result.ts';
import { SamLine, type SamEmulator, type SamReply } from './sam-emulator.ts';
import type { SamLinkHandlers, SamTransport } from './transport.ts';

export interface EmulatedTransportOptions {
  readonly label?: string;
  /** Bytes per delivered chunk; the default splits a read answer into many pieces. */
  readonly chunkSize?: number;
  readonly onReply?: (reply: SamReply, writtenAt: number) => void;
}

export interface EmulatedTransport {
  readonly transport: SamTransport;
  /** The cable is pulled: the open link closes and opening fails until plug(). */
  unplug(): void;
  plug(): void;
  /** Number of successful opens so far. */
  opens(): number;
}

export function createEmulatedTransport(emulator: SamEmulator, options: EmulatedTransportOptions = {}): EmulatedTransport {
  const chunkSize = options.chunkSize ?? 97;
  let plugged = true;
  let openCount = 0;
  let active: { handlers: SamLinkHandlers; line: SamLine; closed: boolean } | null = null;

  const transport: SamTransport = {
    label: options.label ?? 'emulated',
    async open(handlers) {
      if (!plugged) return err('no device');
      openCount++;
      const session = {
        handlers,
        closed: false,
        line: new SamLine(emulator, (bytes, reply) => {
          options.onReply?.(reply, performance.timeOrigin + performance.now());
          for (let at = 0; at < bytes.length; at += chunkSize) {
            const piece = bytes.slice(at, at + chunkSize);
            setImmediate(() => {
              if (!session.closed) handlers.onData(piece);
            });
          }
        }),
      };
      active = session;
      return ok({
        write: async (bytes) => {
          if (session.closed) return err('closed');
          session.line.receive(bytes);
          return ok(undefined);
        },
        close: async () => {
          session.closed = true;
          session.line.close();
          if (active === session) active = null;
        },
      });
    },
  };

  return {
    transport,
    unplug() {
      plugged = false;
      const session = active;
      active = null;
      if (session && !session.closed) {
        session.closed = true;
        session.line.close();
        session.handlers.onClose('unplugged');
      }
    },
    plug() {
      plugged = true;
    },
    opens: () => openCount,
  };
}
