/**
 * The pushes of this call as the lawyer sees them, with what the kiosk's printer did.
 *
 * The console sends a push without an id (the centre assigns one) and later hears `printed` with
 * that id. To tie the two together the console asks the centre for the consultation's pushes (each
 * with its id) and matches them to its own in order of sending, by content.
 */
import type { Push } from '../../../../domain/consult/protocol.ts';

export type PrintOutcome = 'completed' | 'queued' | 'failed' | 'printer_offline' | 'out_of_paper';

export interface SentPush {
  readonly localId: number;
  readonly push: Push;
  pushId: string | null;
  outcome: PrintOutcome | null;
}

export interface StoredPush {
  readonly pushId: string;
  readonly push: Push;
}

const samePush = (a: Push, b: Push) => a.kind === b.kind && a.title === b.title && a.body === b.body && a.items.join('\n') === b.items.join('\n');

/** Gives each sent push without an id the id of the first stored push with the same content not yet taken. */
export const matchPushIds = (sent: SentPush[], stored: readonly StoredPush[]): void => {
  const taken = new Set(sent.map((s) => s.pushId).filter((id): id is string => id !== null));
  for (const entry of sent) {
    if (entry.pushId !== null) continue;
    const match = stored.find((s) => !taken.has(s.pushId) && samePush(s.push, entry.push));
    if (match) {
      entry.pushId = match.pushId;
      taken.add(match.pushId);
    }
  }
};

/**
 * Records a printer's outcome. True when the push was found; false when the caller should fetch
 * the stored pushes, match ids and try again.
 */
export const applyOutcome = (sent: SentPush[], pushId: string, outcome: PrintOutcome): boolean => {
  const entry = sent.find((s) => s.pushId === pushId);
  if (!entry) return false;
  entry.outcome = outcome;
  return true;
};

/**
 * Last resort when the centre cannot be asked: the oldest push still waiting gets the outcome (a
 * kiosk prints in the order it receives).
 */
export const applyOutcomeInOrder = (sent: SentPush[], pushId: string, outcome: PrintOutcome): boolean => {
  const entry = sent.find((s) => s.pushId === null && s.outcome === null);
  if (!entry) return false;
  entry.pushId = pushId;
  entry.outcome = outcome;
  return true;
};

/** Splits a lawyer's typed checklist (one item per line) into the items the contract allows. */
export const checklistItems = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.slice(0, 200))
    .slice(0, 40);
