/**
 * The technician's side: PIN entry, the short-lived token the core hands out, device status and the
 * self-test. The PIN is held only while typed and never logged.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useBridge } from '../app/inject';
import type { CommandOutput } from '../bridge/contract';
import { useDeviceStore } from './device';

export type PinError = 'wrong_pin' | 'locked_out' | 'failed';
export type TechnicianStatus = CommandOutput<'technician.status'>;
export type SelfTestResult = CommandOutput<'technician.selfTest'>;

const PIN_MAX = 12;
const PIN_MIN = 4;

export const useTechnicianStore = defineStore('technician', () => {
  const bridge = useBridge();
  const device = useDeviceStore();

  const pinPadOpen = ref(false);
  const pin = ref('');
  const pinError = ref<PinError | null>(null);
  const busy = ref(false);
  const token = ref<string | null>(null);
  const status = shallowRef<TechnicianStatus | null>(null);
  const statusFailed = ref(false);
  const selfTest = shallowRef<SelfTestResult | null>(null);
  const selfTestRunning = ref(false);

  const unlocked = computed(() => token.value !== null);
  const canSubmit = computed(() => pin.value.length >= PIN_MIN && !busy.value);

  function openPinPad(): void {
    pin.value = '';
    pinError.value = null;
    pinPadOpen.value = true;
  }

  function closePinPad(): void {
    pin.value = '';
    pinError.value = null;
    pinPadOpen.value = false;
  }

  function pressDigit(digit: string): void {
    if (!/^\d$/.test(digit) || pin.value.length >= PIN_MAX) return;
    pin.value += digit;
    pinError.value = null;
  }

  function clearPin(): void {
    pin.value = '';
  }

  /** Sends the PIN; true when the core unlocked maintenance mode. */
  async function submitPin(): Promise<boolean> {
    if (!canSubmit.value) return false;
    busy.value = true;
    const result = await bridge.call('technician.unlock', { pin: pin.value });
    busy.value = false;
    pin.value = '';
    if (!result.ok) {
      const code = result.error.code;
      pinError.value = code === 'wrong_pin' || code === 'locked_out' ? code : 'failed';
      return false;
    }
    token.value = result.value.token;
    pinPadOpen.value = false;
    pinError.value = null;
    return true;
  }

  async function loadStatus(): Promise<void> {
    if (!token.value) return;
    const result = await bridge.call('technician.status', { token: token.value });
    statusFailed.value = !result.ok;
    if (!result.ok) return;
    status.value = result.value;
    // The freshest reader snapshot; later device.status events keep it current.
    device.setReader(result.value.reader);
  }

  async function runSelfTest(): Promise<void> {
    if (!token.value || selfTestRunning.value) return;
    selfTestRunning.value = true;
    selfTest.value = null;
    const result = await bridge.call('technician.selfTest', { token: token.value });
    selfTestRunning.value = false;
    if (result.ok) selfTest.value = result.value;
    else selfTest.value = { ok: false, steps: [] };
  }

  /** Leaves maintenance mode: tells the core, then forgets everything technician-side. */
  async function lock(): Promise<void> {
    const held = token.value;
    token.value = null;
    status.value = null;
    statusFailed.value = false;
    selfTest.value = null;
    closePinPad();
    if (held) await bridge.call('technician.lock', { token: held });
  }

  return {
    pinPadOpen,
    pin,
    pinError,
    busy,
    token,
    unlocked,
    canSubmit,
    status,
    statusFailed,
    selfTest,
    selfTestRunning,
    openPinPad,
    closePinPad,
    pressDigit,
    clearPin,
    submitPin,
    loadStatus,
    runSelfTest,
    lock,
  };
});
