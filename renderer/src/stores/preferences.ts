/**
 * Accessibility choices of the person at the terminal: 关怀版 (care mode: large text, higher
 * contrast, fewer items per screen), the high-contrast theme, the voice's volume and the language.
 * They belong to that person: the wipe (end, idle, a new card) and the attract loop reset them, so
 * the next person starts from the defaults.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export const LOCALES = ['zh-CN', 'en'] as const;
export type KioskLocale = (typeof LOCALES)[number];

/** Volume steps the -/+ buttons move through; the default is a comfortable level, not the loudest. */
export const VOLUME_STEPS = 5;
export const DEFAULT_VOLUME_STEP = 4;

export const usePreferencesStore = defineStore('preferences', () => {
  /** 关怀版. Kept under its old name: the wipe tests and the stylesheet know it as large text. */
  const largeText = ref(false);
  const highContrast = ref(false);
  const volumeStep = ref(DEFAULT_VOLUME_STEP);
  const locale = ref<KioskLocale>('zh-CN');

  /** 0..1 for the <audio> element; step 0 is silence, for someone who wants to read in quiet. */
  const volume = computed(() => volumeStep.value / VOLUME_STEPS);
  const isDefault = computed(
    () => !largeText.value && !highContrast.value && volumeStep.value === DEFAULT_VOLUME_STEP && locale.value === 'zh-CN',
  );

  function toggleLargeText(): void {
    largeText.value = !largeText.value;
  }
  function toggleHighContrast(): void {
    highContrast.value = !highContrast.value;
  }
  /** One step louder (+1) or quieter (-1), within 0..VOLUME_STEPS; false when already at the end. */
  function stepVolume(direction: 1 | -1): boolean {
    const next = Math.min(VOLUME_STEPS, Math.max(0, volumeStep.value + direction));
    if (next === volumeStep.value) return false;
    volumeStep.value = next;
    return true;
  }
  function setLocale(next: KioskLocale): void {
    locale.value = next;
  }

  function reset(): void {
    largeText.value = false;
    highContrast.value = false;
    volumeStep.value = DEFAULT_VOLUME_STEP;
    locale.value = 'zh-CN';
  }

  return { largeText, highContrast, volumeStep, volume, locale, isDefault, toggleLargeText, toggleHighContrast, stepVolume, setLocale, reset };
});
