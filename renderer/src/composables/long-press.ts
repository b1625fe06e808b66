/**
 * A press held for a given time, for the hidden technician entrance. Releasing, leaving the area or
 * cancelling (e.g. a scroll gesture) before the time is up does nothing, so a citizen brushing the
 * corner never meets the PIN pad.
 */
import type { Clock, TimerHandle } from '../time/clock';

export function useLongPress(clock: Clock, durationMs: () => number, onLongPress: () => void) {
  let timer: TimerHandle | null = null;

  function cancel(): void {
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  }

  function start(): void {
    cancel();
    timer = clock.setTimeout(() => {
      timer = null;
      onLongPress();
    }, durationMs());
  }

  return { start, cancel };
}
