/** Reader health and the state of the channel to the core. Nothing personal. */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ConnectionState } from '../bridge/bridge';
import type { ReaderStatus } from '../bridge/contract';

export const useDeviceStore = defineStore('device', () => {
  const reader = shallowRef<ReaderStatus | null>(null);
  const connection = ref<ConnectionState>('connecting');

  const readerUnavailable = computed(() => reader.value?.state === 'disconnected');

  function setReader(status: ReaderStatus): void {
    reader.value = status;
  }

  function setConnection(state: ConnectionState): void {
    connection.value = state;
  }

  return { reader, connection, readerUnavailable, setReader, setConnection };
});
