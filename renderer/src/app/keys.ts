import type { InjectionKey } from 'vue';
import type { Bridge } from '../bridge/bridge';
import type { Clock } from '../time/clock';
import type { KioskController } from './controller';

export const BRIDGE: InjectionKey<Bridge> = Symbol('bridge');
export const CLOCK: InjectionKey<Clock> = Symbol('clock');
export const CONTROLLER: InjectionKey<KioskController> = Symbol('controller');
