/**
 * The attract loop's rule, apart from Vue components and real time: after `afterSeconds` without a
 * touch it shows, then advances every `everySeconds`; a touch hides it and starts the wait again.
 * Polled on one interval from the injected clock (like the idle timer), so tests drive it.
 */
import { ref } from 'vue';
import type { Clock, TimerHandle } from '../../time/clock';

export function useAttractCycle(options: { clock: Clock; afterSeconds: () => number | null; everySeconds: () => number | null; tickMs?: number }) {
  const { clock } = options;
  const showing = ref(false);
  /** Advances while showing; the loop shows item `step % count`. */
  const step = ref(0);
  let lastTouchAt = clock.now();
  let shownAt = 0;
  let ticker: TimerHandle | null = null;

  function tick(): void {
    const after = options.afterSeconds();
    const every = options.everySeconds();
    if (after === null || every === null) return;
    const now = clock.now();
    if (!showing.value) {
      if (now - lastTouchAt >= after * 1000) {
        showing.value = true;
        shownAt = now;
        step.value = 0;
      }
      return;
    }
    step.value = Math.floor((now - shownAt) / (every * 1000));
  }

  function touched(): void {
    lastTouchAt = clock.now();
    showing.value = false;
  }

  function start(): void {
    lastTouchAt = clock.now();
    ticker ??= clock.setInterval(tick, options.tickMs ?? 250);
  }

  function stop(): void {
    if (ticker !== null) clock.clearInterval(ticker);
    ticker = null;
    showing.value = false;
  }

  return { showing, step, touched, start, stop };
}
