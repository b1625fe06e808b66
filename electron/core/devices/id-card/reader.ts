/**
 * The ID-card reader as the rest of the core sees it. Implementations: the serial SAM driver
 * (real hardware, and the simulator on a pseudo-terminal), and a memory fake for unit tests.
 * A vendor-SDK reader would be another implementation behind a native/ helper process.
 */
import type { ReaderErrorCode, ReaderStatus } from '../../api/contract.ts';
import type { Result } from '../../../../domain/result.ts';

/** Raw blocks as the chip delivers them; parsing happens in domain/idcard. */
export interface RawCardRead {
  /** 256 bytes, UCS-2LE text block. */
  readonly text: Uint8Array;
  /** 1024 bytes, WLT-compressed photo (or a simulator photo reference). */
  readonly photo: Uint8Array;
  /** 1024 bytes when the fingerprint command was used, else null. */
  readonly fingerprint: Uint8Array | null;
  /** performance.timeOrigin + performance.now() when the last byte of the read frame arrived. */
  readonly receivedAt: number;
}

export type ReaderEvent =
  | { readonly type: 'status'; readonly status: ReaderStatus }
  | { readonly type: 'card_placed' }
  | { readonly type: 'card_read'; readonly card: RawCardRead }
  | { readonly type: 'card_error'; readonly code: ReaderErrorCode }
  | { readonly type: 'card_removed' };

export interface ReaderError {
  readonly code: ReaderErrorCode;
  readonly detail: string;
}

export interface IdCardReader {
  /** Opens the port and starts polling; reconnects by itself after a pulled cable. */
  start(): void;
  /** Stops polling and closes the port; resolves when the port is closed. */
  stop(): Promise<void>;
  status(): ReaderStatus;
  /** Returns an unsubscribe function. Listeners must not throw; the reader isolates them anyway. */
  subscribe(listener: (event: ReaderEvent) => void): () => void;
  /** Technician self-test: SAM status and SAM id. Does not disturb a card in the field. */
  selfTest(): Promise<Result<{ samId: string }, ReaderError>>;
}

/** Turns the 1024-byte chip photo into an ordinary image. */
export interface PhotoDecoder {
  readonly kind: 'vendor' | 'simulator' | 'none';
  decode(photo: Uint8Array): Promise<Result<{ mime: 'image/png' | 'image/jpeg' | 'image/bmp' | 'image/svg+xml'; data: Uint8Array }, 'no_decoder' | 'decode_failed'>>;
  close(): Promise<void>;
}
