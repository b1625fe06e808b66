/**
 * Where the current card read stands, for the card screen: waiting, reading, or failed with a reason
 * the screen turns into plain words. Holds no personal data, but is cleared with the session so the
 * next person never sees the previous person's failure.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CardRefusalCodeWire, ReaderErrorCode } from '../bridge/contract';
import type { ServiceId } from '../services/tiles';

export type CardFailure =
  | { readonly kind: 'refused'; readonly code: CardRefusalCodeWire }
  | { readonly kind: 'reader'; readonly code: ReaderErrorCode };

export type CardPhase = 'waiting' | 'reading' | 'failed';

export const useCardStore = defineStore('card', () => {
  const phase = ref<CardPhase>('waiting');
  const failure = shallowRef<CardFailure | null>(null);
  /**
   * The service tapped before any card was on the reader: the read goes straight on to it instead
   * of asking the person to choose again. Survives a failed or interrupted read (they try again).
   */
  const forService = ref<ServiceId | null>(null);

  function awaitFor(id: ServiceId): void {
    forService.value = id;
  }

  /** The chosen service, once: the read that used it must not send the next card there too. */
  function takeService(): ServiceId | null {
    const id = forService.value;
    forService.value = null;
    return id;
  }

  function placed(): void {
    phase.value = 'reading';
    failure.value = null;
  }

  function failed(reason: CardFailure): void {
    phase.value = 'failed';
    failure.value = reason;
  }

  /** A new attempt: the phase and failure only (the chosen service stays). */
  function reset(): void {
    phase.value = 'waiting';
    failure.value = null;
  }

  /** The person left (home, wipe, maintenance): nothing of this attempt stays. */
  function forget(): void {
    reset();
    forService.value = null;
  }

  return { phase, failure, forService, placed, failed, reset, awaitFor, takeService, forget };
});
