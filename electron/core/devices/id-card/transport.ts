/**
 * The byte pipe under the SAM driver, kept narrow so the driver can be tested against an
 * in-memory SAM and run unchanged over a real serial port or the simulator's pseudo-terminal.
 */
import type { Result } from '../../../../domain/result.ts';

export interface SamLinkHandlers {
  onData(chunk: Uint8Array): void;
  /** The link went away on its own (cable pulled, device node gone, I/O error). */
  onClose(reason: string): void;
}

/** An open connection. */
export interface SamLink {
  write(bytes: Uint8Array): Promise<Result<void, string>>;
  /** Idempotent; does not call onClose. */
  close(): Promise<void>;
}

export interface SamTransport {
  /** Device path or a short label; shown to technicians, never personal data. */
  readonly label: string;
  open(handlers: SamLinkHandlers): Promise<Result<SamLink, string>>;
}
