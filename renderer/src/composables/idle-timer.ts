/**
 * The idle rule as a small state machine, independent of Vue components and of real time:
 *
 *   off ──arm──▶ watching ──(idleSeconds without activity)──▶ prompting ──(countdownSeconds)──▶ expire
 *                   ▲                                             │
 *                   └──────────────── stillHere() ◀───────────────┘
 *
 * Activity while prompting does not dismiss the prompt: only "我还在" does, so a stray touch by a
 * passer-by cannot keep someone else's session alive. Time is polled from the injected clock rather
 * than scheduled once, so a suspended machine or a changed setting is picked up on the next tick.
 */
import { readonly, ref } from 'vue';
import type { Clock, TimerHandle } from '../time/clock';

export type IdlePhase = 'off' | 'watching' | 'prompting';

export interface IdleTimerOptions {
  clock: Clock;
  idleSeconds: () => number;
  countdownSeconds: () => number;
  onExpire: () => void;
  tickMs?: number;
}

export function useIdleTimer(options: IdleTimerOptions) {
  const { clock, onExpire } = options;
  const tickMs = options.tickMs ?? 250;
  const phase = ref<IdlePhase>('off');
  const secondsLeft = ref(0);
  let lastActivityAt = 0;
  let promptStartedAt = 0;
  let ticker: TimerHandle | null = null;

  function arm(): void {
    if (phase.value !== 'off') return;
    lastActivityAt = clock.now();
    phase.value = 'watching';
    ticker = clock.setInterval(tick, tickMs);
  }

  function disarm(): void {
    if (ticker !== null) clock.clearInterval(ticker);
    ticker = null;
    phase.value = 'off';
    secondsLeft.value = 0;
  }

  function activity(): void {
    if (phase.value === 'watching') lastActivityAt = clock.now();
  }

  function stillHere(): void {
    if (phase.value !== 'prompting') return;
    phase.value = 'watching';
    lastActivityAt = clock.now();
    secondsLeft.value = 0;
  }

  function tick(): void {
    const now = clock.now();
    if (phase.value === 'watching' && now - lastActivityAt >= options.idleSeconds() * 1000) {
      phase.value = 'prompting';
      promptStartedAt = now;
    }
    if (phase.value !== 'prompting') return;
    const remainingMs = options.countdownSeconds() * 1000 - (now - promptStartedAt);
    secondsLeft.value = Math.max(0, Math.ceil(remainingMs / 1000));
    if (remainingMs <= 0) {
      disarm();
      onExpire();
    }
  }

  return { phase: readonly(phase), secondsLeft: readonly(secondsLeft), arm, disarm, activity, stillHere };
}

export type IdleTimer = ReturnType<typeof useIdleTimer>;
