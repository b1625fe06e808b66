/**
 * Autosave of the lawyer's notes: saved a moment after typing stops, one save at a time, the newest
 * text always last, with the version the centre gave back (a stale version is the centre's 409: the
 * notes were changed elsewhere, e.g. in a second tab, and the lawyer is told rather than overwriting).
 */
/** Retry after a failed save (not after a conflict: that needs the lawyer). */
export const RETRY_MS = 5_000;

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed' | 'conflict';

export interface NotesSaverOptions {
  readonly save: (notes: string, version: number | undefined) => Promise<{ version?: number } | void>;
  readonly onState: (state: SaveState) => void;
  readonly delayMs?: number;
  /** Which failures are version conflicts. */
  readonly isConflict?: (error: unknown) => boolean;
}

export class NotesSaver {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest: string | null = null;
  private running: Promise<void> | null = null;
  private version: number | undefined;

  constructor(
    private readonly options: NotesSaverOptions,
    version?: number,
  ) {
    this.version = version;
  }

  /** Text changed: save it after a pause. */
  changed(notes: string): void {
    this.latest = notes;
    this.options.onState('pending');
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.options.delayMs ?? 1200);
  }

  /** Saves what is waiting now (hang-up, leaving the page); resolves when everything is saved. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    const notes = this.latest;
    if (notes === null) return;
    this.latest = null;
    this.running = this.saveOnce(notes).finally(() => (this.running = null));
    await this.running;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async saveOnce(notes: string): Promise<void> {
    this.options.onState('saving');
    try {
      const answer = await this.options.save(notes, this.version);
      if (answer && typeof answer.version === 'number') this.version = answer.version;
      // A newer text typed while saving is saved by its own timer.
      this.options.onState(this.latest === null ? 'saved' : 'pending');
    } catch (error) {
      if (this.latest === null) this.latest = notes;
      if (this.options.isConflict?.(error)) {
        this.options.onState('conflict');
        return;
      }
      this.options.onState('failed');
      // A network blip: try again by itself, so notes typed during an outage are not lost.
      if (!this.timer) this.timer = setTimeout(() => void this.flush(), RETRY_MS);
    }
  }
}
