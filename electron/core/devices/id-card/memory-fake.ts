/**
 * An IdCardReader held entirely in memory, for unit tests of the services that consume reader
 * events. Events are delivered synchronously from the control calls, so a test can act and
 * assert without waiting.
 */
import type { ReaderErrorCode, ReaderStatus } from '../../api/contract.ts';
import { encodeCardText } from '../../../../domain/idcard/card-text.ts';
import type { IdCardData } from '../../../../domain/idcard/types.ts';
import { err, ok } from '../../../../domain/result.ts';
import { PHOTO_LENGTH } from './codec.ts';
import type { IdCardReader, RawCardRead, ReaderEvent } from './reader.ts';

/** Either the raw blocks, or card data that is encoded the way a chip would hold it. */
export type MemoryCard =
  | { readonly text: Uint8Array; readonly photo?: Uint8Array; readonly fingerprint?: Uint8Array | null }
  | { readonly data: IdCardData; readonly photo?: Uint8Array };

export interface MemoryReader {
  readonly reader: IdCardReader;
  /** Puts a card on the reader; it is read at once if the reader is running and plugged in. */
  insertCard(card: MemoryCard): void;
  removeCard(): void;
  /** The next read (or self-test) fails with this code instead. */
  failNext(code: ReaderErrorCode): void;
  unplug(): void;
  plug(): void;
  /** Number of active subscribers (to check that consumers unsubscribe). */
  listenerCount(): number;
}

export interface MemoryReaderOptions {
  readonly samId?: string;
  readonly now?: () => Date;
  /** Defaults to performance.timeOrigin + performance.now(), as the real driver stamps it. */
  readonly clock?: () => number;
}

const toRaw = (card: MemoryCard, receivedAt: number): RawCardRead => {
  const photo = card.photo ?? new Uint8Array(PHOTO_LENGTH);
  if ('data' in card) return { text: encodeCardText(card.data), photo, fingerprint: null, receivedAt };
  return { text: card.text, photo, fingerprint: card.fingerprint ?? null, receivedAt };
};

export function createMemoryReader(options: MemoryReaderOptions = {}): MemoryReader {
  const samId = options.samId ?? '05.01-20240101-0000000001-0000000000';
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? (() => performance.timeOrigin + performance.now());
  const listeners = new Set<(event: ReaderEvent) => void>();
  let started = false;
  let plugged = true;
  let card: MemoryCard | null = null;
  let cardHandled = false;
  let nextFailure: ReaderErrorCode | null = null;
  let current: ReaderStatus = { state: 'disconnected', port: 'memory', simulated: true, samId: null, lastError: null };

  const emit = (event: ReaderEvent): void => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // Same contract as the real reader: one faulty listener must not starve the others.
      }
    }
  };
  const update = (patch: Partial<ReaderStatus>): void => {
    current = { ...current, ...patch };
    emit({ type: 'status', status: current });
  };
  const failure = (code: ReaderErrorCode) => ({ code, at: now().toISOString() });

  /** Reads the card on the reader if the reader could see it now. */
  const readIfPossible = (): void => {
    if (!started || !plugged || !card || cardHandled) return;
    cardHandled = true;
    emit({ type: 'card_placed' });
    update({ state: 'reading' });
    const code = nextFailure;
    nextFailure = null;
    if (code) {
      update({ state: 'waiting_removal', lastError: failure(code) });
      emit({ type: 'card_error', code });
      return;
    }
    const raw = toRaw(card, clock());
    update({ state: 'waiting_removal' });
    emit({ type: 'card_read', card: raw });
  };

  const reader: IdCardReader = {
    start() {
      if (started) return;
      started = true;
      if (!plugged) {
        update({ state: 'disconnected', lastError: failure('disconnected') });
        return;
      }
      update({ state: 'ready', samId });
      readIfPossible();
    },
    async stop() {
      if (!started) return;
      started = false;
      update({ state: 'disconnected' });
    },
    status: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    async selfTest() {
      if (!started || !plugged) return err({ code: 'disconnected', detail: 'memory reader not connected' });
      const code = nextFailure;
      nextFailure = null;
      if (code) return err({ code, detail: 'failNext' });
      return ok({ samId });
    },
  };

  return {
    reader,
    insertCard(next) {
      card = next;
      cardHandled = false;
      readIfPossible();
    },
    removeCard() {
      if (!card) return;
      const wasSeen = cardHandled && started && plugged;
      card = null;
      cardHandled = false;
      if (wasSeen) {
        emit({ type: 'card_removed' });
        update({ state: 'ready' });
      }
    },
    failNext(code) {
      nextFailure = code;
    },
    unplug() {
      if (!plugged) return;
      plugged = false;
      if (started) update({ state: 'disconnected', lastError: failure('disconnected') });
    },
    plug() {
      if (plugged) return;
      plugged = true;
      if (!started) return;
      update({ state: 'ready' });
      // A card left on the reader while the cable was out is read again, as the real driver does.
      cardHandled = false;
      readIfPossible();
    },
    listenerCount: () => listeners.size,
  };
}
