import type { KioskEvent } from '../api/contract.ts';

/**
 * Fan-out of kiosk events to WebSocket clients and tests. A listener that throws is isolated so
 * one broken subscriber cannot stop the card flow for the citizen.
 */
export class EventHub {
  readonly #listeners = new Set<(event: KioskEvent) => void>();

  subscribe(listener: (event: KioskEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  publish(event: KioskEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // Deliberately swallowed: the subscriber owns its failures.
      }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
