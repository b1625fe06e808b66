import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../time/fake-clock';
import { useIdleTimer } from './idle-timer';

function setup(idleSeconds = 120, countdownSeconds = 30) {
  const clock = new FakeClock();
  const onExpire = vi.fn();
  const timer = useIdleTimer({ clock, idleSeconds: () => idleSeconds, countdownSeconds: () => countdownSeconds, onExpire });
  return { clock, onExpire, timer };
}

describe('useIdleTimer', () => {
  it('stays off until armed', () => {
    const { clock, timer, onExpire } = setup();
    clock.advance(1_000_000);
    expect(timer.phase.value).toBe('off');
    expect(onExpire).not.toHaveBeenCalled();
  });

  it('prompts after idleSeconds without activity and expires at the end of the countdown', () => {
    const { clock, timer, onExpire } = setup(120, 30);
    timer.arm();
    clock.advance(119_000);
    expect(timer.phase.value).toBe('watching');
    clock.advance(1_000);
    expect(timer.phase.value).toBe('prompting');
    expect(timer.secondsLeft.value).toBe(30);
    clock.advance(10_000);
    expect(timer.secondsLeft.value).toBe(20);
    clock.advance(19_000);
    expect(timer.secondsLeft.value).toBe(1);
    expect(onExpire).not.toHaveBeenCalled();
    clock.advance(1_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(timer.phase.value).toBe('off');
    // Expired once, stays quiet: no second wipe, no ticking timers left behind.
    clock.advance(1_000_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('activity pushes the prompt back by a full idle period', () => {
    const { clock, timer } = setup(120, 30);
    timer.arm();
    clock.advance(100_000);
    timer.activity();
    clock.advance(100_000);
    expect(timer.phase.value).toBe('watching');
    clock.advance(20_000);
    expect(timer.phase.value).toBe('prompting');
  });

  it('activity while prompting does not dismiss the prompt; stillHere does', () => {
    const { clock, timer, onExpire } = setup(120, 30);
    timer.arm();
    clock.advance(120_000);
    expect(timer.phase.value).toBe('prompting');
    timer.activity();
    expect(timer.phase.value).toBe('prompting');
    clock.advance(15_000);
    timer.stillHere();
    expect(timer.phase.value).toBe('watching');
    clock.advance(119_000);
    expect(timer.phase.value).toBe('watching');
    expect(onExpire).not.toHaveBeenCalled();
    clock.advance(1_000);
    expect(timer.phase.value).toBe('prompting');
    expect(timer.secondsLeft.value).toBe(30);
  });

  it('disarming stops everything', () => {
    const { clock, timer, onExpire } = setup(120, 30);
    timer.arm();
    clock.advance(125_000);
    timer.disarm();
    clock.advance(1_000_000);
    expect(timer.phase.value).toBe('off');
    expect(onExpire).not.toHaveBeenCalled();
  });
});
