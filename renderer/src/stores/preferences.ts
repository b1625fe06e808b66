/**
 * Accessibility choices for the person at the terminal (关怀版 large text). They belong to that
 * person: the wipe resets them so the next person starts from the defaults.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';

export const usePreferencesStore = defineStore('preferences', () => {
  const largeText = ref(false);

  function toggleLargeText(): void {
    largeText.value = !largeText.value;
  }

  function reset(): void {
    largeText.value = false;
  }

  return { largeText, toggleLargeText, reset };
});
