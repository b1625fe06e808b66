/**
 * Typed access to the app-level services. Pinia setup stores run inside the app's injection context,
 * so stores and components use the same functions.
 */
import { inject } from 'vue';
import { systemClock, type Clock } from '../time/clock';
import type { Bridge } from '../bridge/bridge';
import { BRIDGE, CLOCK, CONTROLLER } from './keys';
import type { KioskController } from './controller';

export function useBridge(): Bridge {
  const bridge = inject(BRIDGE, null);
  if (!bridge) throw new Error('Bridge not provided');
  return bridge;
}

export function useClock(): Clock {
  return inject(CLOCK, systemClock);
}

export function useController(): KioskController {
  const controller = inject(CONTROLLER, null);
  if (!controller) throw new Error('Kiosk controller not provided');
  return controller;
}
