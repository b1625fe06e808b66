/**
 * Where the current card read stands, for the card screen: waiting, reading, or failed with a reason
 * the screen turns into plain words. Holds no personal data, but is cleared with the session so the
 * next person never sees the previous person's failure.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CardRefusalCodeWire, ReaderErrorCode } from '../bridge/contract';

export type CardFailure =
  | { readonly kind: 'refused'; readonly code: CardRefusalCodeWire }
  | { readonly kind: 'reader'; readonly code: ReaderErrorCode };

export type CardPhase = 'waiting' | 'reading' | 'failed';

export const useCardStore = defineStore('card', () => {
  const phase = ref<CardPhase>('waiting');
  const failure = shallowRef<CardFailure | null>(null);

  function placed(): void {
    phase.value = 'reading';
    failure.value = null;
  }

  function failed(reason: CardFailure): void {
    phase.value = 'failed';
    failure.value = reason;
  }

  function reset(): void {
    phase.value = 'waiting';
    failure.value = null;
  }

  return { phase, failure, placed, failed, reset };
});
