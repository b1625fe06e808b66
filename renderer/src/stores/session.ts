/**
 * The citizen's session as the screen may show it (name, masked ID, photo). The full ID number
 * never reaches the renderer. `wipe()` is the single place that forgets a person: it clears every
 * store that holds something about them.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useClock } from '../app/inject';
import type { SessionView, Verification } from '../bridge/contract';
import type { TimerHandle } from '../time/clock';
import { useCardStore } from './card';
import { useApplicationStore } from './application';
import { useIdentityStore } from './identity';
import { usePreferencesStore } from './preferences';
import { useStatusStore } from './status';

const WIPED_NOTICE_MS = 4000;

export const useSessionStore = defineStore('session', () => {
  const clock = useClock();
  const card = useCardStore();
  const preferences = usePreferencesStore();

  const current = shallowRef<SessionView | null>(null);
  const wipedNotice = ref(false);
  let noticeTimer: TimerHandle | null = null;

  const active = computed(() => current.value !== null);
  const citizen = computed(() => current.value?.citizen ?? null);

  function start(session: SessionView): void {
    // Another person: nothing of the previous check may carry over (camera, state, the chosen service).
    if (current.value?.id !== session.id) {
      useIdentityStore().wipe();
      useApplicationStore().wipe();
      useStatusStore().wipe();
    }
    current.value = session;
    card.reset();
  }

  function wipe(): void {
    current.value = null;
    card.forget();
    preferences.reset();
    // Resolved here, not at setup: the identity and application stores read this one.
    useIdentityStore().wipe();
    useApplicationStore().wipe();
    useStatusStore().wipe();
  }

  /** The core's record of the identity check (numbers only). */
  function setVerification(verification: Verification): void {
    if (current.value && verification) current.value = { ...current.value, verification };
  }

  /** A short "您的信息已清除" so the person who leaves in a hurry knows it worked. */
  function showWipedNotice(): void {
    if (noticeTimer !== null) clock.clearTimeout(noticeTimer);
    wipedNotice.value = true;
    noticeTimer = clock.setTimeout(() => {
      wipedNotice.value = false;
      noticeTimer = null;
    }, WIPED_NOTICE_MS);
  }

  function hideWipedNotice(): void {
    wipedNotice.value = false;
  }

  return { current, active, citizen, wipedNotice, start, wipe, setVerification, showWipedNotice, hideWipedNotice };
});
