/**
 * The one interface between the renderer and the kiosk core. Views and stores never see fetch or
 * WebSocket; they see typed commands, a stream of validated events and a connection state.
 */
import type { Result } from '../../../domain/result';
import type { ApiError, CommandInput, CommandName, CommandOutput, KioskEvent } from './contract';

export type ConnectionState = 'connecting' | 'open' | 'lost';

export type EventListener = (event: KioskEvent) => void;
export type ConnectionListener = (state: ConnectionState) => void;
export type Unsubscribe = () => void;

export interface Bridge {
  /** Runs one core command. Expected failures (wrong PIN, device error, network) come back as values. */
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>, ApiError>>;
  /** Subscribes to core events; the returned function unsubscribes. */
  onEvent(listener: EventListener): Unsubscribe;
  /** Current state of the event channel. */
  readonly connection: ConnectionState;
  onConnectionChange(listener: ConnectionListener): Unsubscribe;
  /** Starts connecting (idempotent). */
  start(): void;
  /** Closes the channel and stops reconnecting. */
  stop(): void;
}
