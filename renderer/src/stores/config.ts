/** The kiosk's configuration as the core reports it (`kiosk.config`). Nothing personal. */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useBridge, useClock } from '../app/inject';
import type { KioskConfig } from '../bridge/contract';

export const useConfigStore = defineStore('config', () => {
  const bridge = useBridge();
  const clock = useClock();
  const config = shallowRef<KioskConfig | null>(null);
  const loading = ref(false);

  const loaded = computed(() => config.value !== null);
  const simulator = computed(() => config.value?.simulator ?? false);
  // Safe defaults in the middle of kiosk-ux.md's ranges until the core has answered.
  const idleSeconds = computed(() => config.value?.idleSeconds ?? 180);
  const countdownSeconds = computed(() => config.value?.countdownSeconds ?? 30);
  const technicianLongPressMs = computed(() => config.value?.technicianLongPressMs ?? 3000);
  const stationName = computed(() => config.value?.stationName ?? '');
  const version = computed(() => config.value?.version ?? '');
  const documentCameraDeviceId = computed(() => config.value?.documentCameraDeviceId ?? null);

  /** Loads the config, retrying with a capped backoff: the core may still be starting. */
  async function load(): Promise<void> {
    if (loading.value) return;
    loading.value = true;
    let delay = 500;
    try {
      for (;;) {
        const result = await bridge.call('kiosk.config', {});
        if (result.ok) {
          config.value = result.value;
          return;
        }
        await new Promise<void>((resolve) => clock.setTimeout(resolve, delay));
        delay = Math.min(delay * 2, 10_000);
      }
    } finally {
      loading.value = false;
    }
  }

  return {
    config,
    loaded,
    simulator,
    idleSeconds,
    countdownSeconds,
    technicianLongPressMs,
    stationName,
    version,
    documentCameraDeviceId,
    load,
  };
});
