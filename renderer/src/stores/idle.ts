/**
 * Applies the idle rule (composables/idle-timer.ts) to the kiosk: it watches while a session exists,
 * while the screen is away from home, or while maintenance mode is open, and reports the person's
 * activity to the core (throttled) so the core's own idle backstop does not end a live session.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useBridge, useClock } from '../app/inject';
import { useIdleTimer } from '../composables/idle-timer';
import { useConfigStore } from './config';
import { useSessionStore } from './session';
import { useTechnicianStore } from './technician';

const ACTIVITY_REPORT_MS = 15_000;

export const useIdleStore = defineStore('idle', () => {
  const bridge = useBridge();
  const clock = useClock();
  const config = useConfigStore();
  const session = useSessionStore();
  const technician = useTechnicianStore();

  const awayFromHome = ref(false);
  let expireHandler: (() => void) | null = null;
  let lastReportAt = Number.NEGATIVE_INFINITY;

  const timer = useIdleTimer({
    clock,
    idleSeconds: () => config.idleSeconds,
    countdownSeconds: () => config.countdownSeconds,
    onExpire: () => expireHandler?.(),
  });

  // A PIN pad left open on the home screen counts too: the next citizen must not find it.
  const watching = computed(() => session.active || awayFromHome.value || technician.unlocked || technician.pinPadOpen);
  const prompting = computed(() => timer.phase.value === 'prompting');
  const secondsLeft = computed(() => timer.secondsLeft.value);

  watch(watching, (on) => (on ? timer.arm() : timer.disarm()), { immediate: true });

  function setExpireHandler(handler: () => void): void {
    expireHandler = handler;
  }

  function setAwayFromHome(away: boolean): void {
    awayFromHome.value = away;
  }

  function activity(): void {
    timer.activity();
    if (!session.active || prompting.value) return;
    const now = clock.now();
    if (now - lastReportAt < ACTIVITY_REPORT_MS) return;
    lastReportAt = now;
    void bridge.call('session.activity', {});
  }

  function stillHere(): void {
    timer.stillHere();
    lastReportAt = Number.NEGATIVE_INFINITY;
    activity();
  }

  /** After a wipe: forget the throttle and start the next watch from scratch. */
  function reset(): void {
    timer.disarm();
    lastReportAt = Number.NEGATIVE_INFINITY;
    if (watching.value) timer.arm();
  }

  return { awayFromHome, watching, prompting, secondsLeft, setExpireHandler, setAwayFromHome, activity, stillHere, reset };
});
