/**
 * 查询申请进度 for the screen: asks the core for "my status" (the core takes the ID number from its
 * own session; nothing identifying is sent from here) and holds the answer while the person looks
 * at it. Wiped with the session (session.wipe), like everything else about the person.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { useBridge } from '../app/inject';
import type { PrintResult, StatusLookupAnswer } from '../bridge/contract';

export type StatusPhase = 'idle' | 'loading' | 'shown' | 'failed';

export const useStatusStore = defineStore('status', () => {
  const bridge = useBridge();
  const phase = ref<StatusPhase>('idle');
  const answer = shallowRef<StatusLookupAnswer | null>(null);
  /** The item being printed (its key), and the last outcome per item. */
  const printing = ref<string | null>(null);
  const printed = ref<Record<string, 'printed' | 'problem'>>({});
  /** Bumped by wipe, so an answer arriving after the person left is dropped. */
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    phase.value = 'loading';
    answer.value = null;
    printed.value = {};
    const result = await bridge.call('status.lookup', {});
    if (mine !== generation) return;
    if (result.ok) {
      answer.value = result.value;
      phase.value = 'shown';
    } else {
      phase.value = 'failed';
    }
  }

  async function print(key: string): Promise<void> {
    if (printing.value !== null) return;
    const mine = generation;
    printing.value = key;
    const result = await bridge.call('status.print', { key });
    if (mine !== generation) return;
    printing.value = null;
    const ok = result.ok && result.value.results.every((r: PrintResult) => r.outcome === 'completed' || r.outcome === 'queued');
    printed.value = { ...printed.value, [key]: ok ? 'printed' : 'problem' };
  }

  /** Part of the one wipe path (session.wipe). */
  function wipe(): void {
    generation += 1;
    phase.value = 'idle';
    answer.value = null;
    printing.value = null;
    printed.value = {};
  }

  return { phase, answer, printing, printed, load, print, wipe };
});
