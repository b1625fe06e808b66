/**
 * The serial SAM reader: a state machine over a SamTransport that turns the GA 467 command
 * exchange into ReaderEvents.
 *
 *   open -> SAM status, SAM id -> ready: find every pollMs
 *        -> card found: select, read -> card_read | card_error -> waiting_removal
 *        -> card gone -> card_removed -> ready
 *   link lost at any point -> disconnected -> reopen every reconnectMs -> ...
 *
 * Expected failures (timeouts, bad frames, no card, a pulled cable) are values; the loop never
 * throws out, and listener exceptions are contained.
 */
import type { ReaderErrorCode, ReaderStatus } from '../../api/contract.ts';
import { err, ok, type Result } from '../../../../domain/result.ts';
import {
  encodeCommand,
  formatSamId,
  FrameDecoder,
  parseReadData,
  parseResponse,
  RESPONSE_DATA_LENGTH,
  SW3,
  sw3Name,
  type CommandName,
  type SamResponse,
} from './codec.ts';
import type { IdCardReader, RawCardRead, ReaderError, ReaderEvent } from './reader.ts';
import type { SamLink, SamTransport } from './transport.ts';

export interface SerialSamReaderTimings {
  /** Pause between finds while no card is on the reader. */
  readonly pollMs: number;
  /** Pause before retrying to open a missing or failed port. */
  readonly reconnectMs: number;
  /** Answer timeout for status, id, find and select. */
  readonly commandTimeoutMs: number;
  /** Answer timeout for read; a real read takes about a second. */
  readonly readTimeoutMs: number;
  /** Attempts per command when the answer is lost or garbled. */
  readonly commandAttempts: number;
  /** Attempts at reading one card before card_error. */
  readonly readAttempts: number;
  /** Consecutive "no card" answers that mean the card has left the field (debounce). */
  readonly removalMisses: number;
  /** Consecutive unanswered finds after which the SAM is re-initialised (state connecting). */
  readonly unresponsiveAfter: number;
}

export const DEFAULT_TIMINGS: SerialSamReaderTimings = {
  pollMs: 250,
  reconnectMs: 1_000,
  commandTimeoutMs: 500,
  readTimeoutMs: 3_000,
  commandAttempts: 3,
  readAttempts: 3,
  removalMisses: 2,
  unresponsiveAfter: 3,
};

/** The same error again within this window only updates nothing: no status or log churn. */
const REPEAT_ERROR_QUIET_MS = 10_000;

export type ReaderLogLevel = 'debug' | 'info' | 'warn' | 'error';
/** Messages carry protocol facts only (codes, byte counts); never card contents. */
export type ReaderLogger = (level: ReaderLogLevel, message: string) => void;

export interface SerialSamReaderOptions {
  readonly transport: SamTransport;
  /** True when the transport is the simulator's PTY (shown in status). */
  readonly simulated?: boolean;
  /** Use 30 10 (text + photo + fingerprint) instead of 30 01. */
  readonly readFingerprint?: boolean;
  readonly timings?: Partial<SerialSamReaderTimings>;
  readonly log?: ReaderLogger;
  /** Wall clock for lastError.at; injectable for tests. */
  readonly now?: () => Date;
}

interface CommandError {
  readonly code: ReaderErrorCode;
  readonly detail: string;
}

/** An answer plus the moment its last byte arrived. */
interface Answer {
  readonly response: SamResponse;
  readonly receivedAt: number;
}

type Pending = {
  resolve(outcome: Result<Answer, CommandError>): void;
};

const highResNow = (): number => performance.timeOrigin + performance.now();

/** Maps a failing SW3 to the reader error the rest of the kiosk understands. */
function codeForSw3(sw3: number): ReaderErrorCode {
  switch (sw3) {
    case SW3.unknown_card_type:
      return 'unknown_card';
    case SW3.sam_self_test_failed:
    case SW3.sam_not_authorised:
    case SW3.unauthorised:
      return 'sam_fault';
    case SW3.checksum_error:
      return 'checksum';
    case SW3.length_error:
    case SW3.length_error_3f:
    case SW3.bad_command:
      return 'malformed_frame';
    default:
      return 'read_failed';
  }
}

const describeSw3 = (sw3: number): string => `SW3 ${sw3.toString(16).padStart(2, '0')} (${sw3Name(sw3) ?? 'unknown'})`;

export class SerialSamReader implements IdCardReader {
  private readonly transport: SamTransport;
  private readonly timings: SerialSamReaderTimings;
  private readonly readFingerprint: boolean;
  private readonly log: ReaderLogger;
  private readonly now: () => Date;
  private readonly listeners = new Set<(event: ReaderEvent) => void>();
  private readonly decoder = new FrameDecoder();

  private current: ReaderStatus;
  private link: SamLink | null = null;
  /** Increments per opened link, so late callbacks from an old link are ignored. */
  private linkGeneration = 0;
  private pending: Pending | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private wake: (() => void) | null = null;
  /** Serialises commands between the polling loop and selfTest. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SerialSamReaderOptions) {
    this.transport = options.transport;
    this.timings = { ...DEFAULT_TIMINGS, ...options.timings };
    this.readFingerprint = options.readFingerprint ?? false;
    this.log = options.log ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    this.current = {
      state: 'disconnected',
      port: this.transport.label,
      simulated: options.simulated ?? false,
      samId: null,
      lastError: null,
    };
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.run().catch((e: unknown) => {
      // A bug, not an expected failure: report it and leave the reader in a visible state
      // rather than taking the whole core down with an unhandled rejection.
      this.log('error', `reader loop crashed: ${e instanceof Error ? e.name : typeof e}`);
      this.update({ state: 'disconnected' });
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interruptSleep();
    this.failPending({ code: 'disconnected', detail: 'reader stopped' });
    const link = this.link;
    this.link = null;
    await link?.close();
    await this.running;
    this.running = null;
  }

  status(): ReaderStatus {
    return this.current;
  }

  subscribe(listener: (event: ReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  async selfTest(): Promise<Result<{ samId: string }, ReaderError>> {
    if (!this.link) return err({ code: 'disconnected', detail: `reader not connected (${this.transport.label})` });
    const status = await this.exchange('sam_status');
    if (!status.ok) return err(status.error);
    if (status.value.response.sw3 !== SW3.ok) {
      return err({ code: 'sam_fault', detail: `SAM status: ${describeSw3(status.value.response.sw3)}` });
    }
    const id = await this.readSamId();
    if (!id.ok) return err(id.error);
    return ok({ samId: id.value });
  }

  // -------------------------------------------------------------------------------------------
  // Main loop

  private async run(): Promise<void> {
    let announcedDisconnect = false;
    this.update({ state: 'connecting' });
    while (!this.stopped) {
      const generation = ++this.linkGeneration;
      const opened = await this.transport.open({
        onData: (chunk) => {
          if (generation === this.linkGeneration) this.onData(chunk);
        },
        onClose: (reason) => {
          if (generation === this.linkGeneration) this.onLinkLost(reason);
        },
      });
      if (this.stopped) {
        if (opened.ok) await opened.value.close();
        break;
      }
      if (!opened.ok) {
        if (!announcedDisconnect) {
          this.fail('disconnected', opened.error, { state: 'disconnected' });
          announcedDisconnect = true;
        }
        await this.sleep(this.timings.reconnectMs);
        continue;
      }
      this.link = opened.value;
      announcedDisconnect = false;
      this.decoder.reset();
      this.update({ state: 'connecting' });
      this.log('info', `port open: ${this.transport.label}`);

      await this.session();

      const link = this.link;
      this.link = null;
      await link?.close();
      if (this.stopped) break;
      if (this.current.state !== 'disconnected') this.fail('disconnected', 'link lost', { state: 'disconnected' });
      announcedDisconnect = true;
      await this.sleep(this.timings.reconnectMs);
    }
    this.update({ state: 'disconnected' });
  }

  private connected(): boolean {
    return !this.stopped && this.link !== null;
  }

  /** One connected period: initialise the SAM and poll, until the link goes away. */
  private async session(): Promise<void> {
    while (this.connected()) {
      if (!(await this.initialise())) {
        await this.sleep(this.timings.reconnectMs);
        continue;
      }
      await this.poll();
      // Back here with the port still open means the module stopped answering: show that
      // instead of a "ready" that is not true, and start over with SAM status.
      if (this.connected()) this.update({ state: 'connecting' });
    }
  }

  /** Finds cards until the link goes away or the module stops answering. */
  private async poll(): Promise<void> {
    let unanswered = 0;
    while (this.connected()) {
      this.update({ state: 'ready' });
      const find = await this.exchange('find_card', { attempts: 1 });
      if (!this.connected()) return;
      if (!find.ok) {
        this.fail(find.error.code, find.error.detail);
        if (++unanswered >= this.timings.unresponsiveAfter) return;
      } else {
        unanswered = 0;
        if (find.value.response.sw3 === SW3.card_found) {
          await this.handleCard();
          continue;
        }
      }
      await this.sleep(this.timings.pollMs);
    }
  }

  private async initialise(): Promise<boolean> {
    const status = await this.exchange('sam_status');
    if (!status.ok) {
      this.fail(status.error.code, status.error.detail);
      return false;
    }
    if (status.value.response.sw3 !== SW3.ok) {
      this.fail('sam_fault', `SAM status: ${describeSw3(status.value.response.sw3)}`);
      return false;
    }
    const id = await this.readSamId();
    if (!id.ok) {
      this.fail(id.error.code, id.error.detail);
      return false;
    }
    this.update({ samId: id.value });
    return true;
  }

  private async readSamId(): Promise<Result<string, CommandError>> {
    const answer = await this.exchange('sam_id');
    if (!answer.ok) return answer;
    if (answer.value.response.sw3 !== SW3.ok) {
      return err({ code: 'sam_fault', detail: `SAM id: ${describeSw3(answer.value.response.sw3)}` });
    }
    const formatted = formatSamId(answer.value.response.data);
    return formatted.ok ? formatted : err({ code: 'malformed_frame', detail: 'SAM id too short' });
  }

  private async handleCard(): Promise<void> {
    this.emit({ type: 'card_placed' });
    this.update({ state: 'reading' });
    const read = await this.readCard();
    if (!this.connected()) return;
    if (read.ok) {
      this.emit({ type: 'card_read', card: read.value });
    } else {
      this.fail(read.error.code, read.error.detail);
      this.emit({ type: 'card_error', code: read.error.code });
    }
    // Whatever happened, the person must lift the card before the next read: this stops the
    // same card being read again and again, and a failed card from erroring in a loop.
    this.update({ state: 'waiting_removal' });
    if (await this.waitForRemoval()) this.emit({ type: 'card_removed' });
  }

  private async readCard(): Promise<Result<RawCardRead, CommandError>> {
    const command: CommandName = this.readFingerprint ? 'read_with_fingerprint' : 'read';
    let lastError: CommandError = { code: 'read_failed', detail: 'no attempt made' };
    let needSelect = true;
    for (let attempt = 1; attempt <= this.timings.readAttempts && this.connected(); attempt++) {
      if (needSelect) {
        if (attempt > 1) {
          // After the SAM itself reported a failure the card must be found again before it
          // can be selected (the chip drops back to idle).
          const find = await this.exchange('find_card');
          if (find.ok && find.value.response.sw3 !== SW3.card_found) {
            lastError = { code: 'read_failed', detail: `card left during read: ${describeSw3(find.value.response.sw3)}` };
            continue;
          }
        }
        const select = await this.exchange('select_card');
        if (!select.ok) {
          lastError = select.error;
          continue;
        }
        if (select.value.response.sw3 !== SW3.ok) {
          lastError = { code: codeForSw3(select.value.response.sw3), detail: `select: ${describeSw3(select.value.response.sw3)}` };
          continue;
        }
        needSelect = false;
      }
      // Transport-level retries are done here, per attempt, so one attempt = one read command.
      const answer = await this.exchange(command, { attempts: 1 });
      if (!answer.ok) {
        lastError = answer.error;
        this.fail(answer.error.code, answer.error.detail);
        continue;
      }
      const { response, receivedAt } = answer.value;
      if (response.sw3 !== SW3.ok) {
        lastError = { code: codeForSw3(response.sw3), detail: `read: ${describeSw3(response.sw3)}` };
        needSelect = true;
        continue;
      }
      const blocks = parseReadData(response.data, this.readFingerprint);
      if (!blocks.ok) {
        lastError = { code: 'malformed_frame', detail: `read data: ${blocks.error}` };
        continue;
      }
      return ok({ ...blocks.value, receivedAt });
    }
    return err(lastError);
  }

  /** Resolves true once the card is gone, false if the link went away first. */
  private async waitForRemoval(): Promise<boolean> {
    let misses = 0;
    while (this.connected()) {
      await this.sleep(this.timings.pollMs);
      if (!this.connected()) return false;
      const find = await this.exchange('find_card', { attempts: 1 });
      if (!find.ok) continue; // no answer says nothing about the card
      if (find.value.response.sw3 === SW3.card_found) {
        misses = 0;
        continue;
      }
      // Some modules stop answering finds for a card that has been read but is still on the
      // reader; a successful select then shows it is still there.
      const select = await this.exchange('select_card', { attempts: 1 });
      if (select.ok && select.value.response.sw3 === SW3.ok) {
        misses = 0;
        continue;
      }
      if (!select.ok) continue;
      misses++;
      if (misses >= this.timings.removalMisses) return true;
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // One command/answer exchange

  private exchange(name: CommandName, options: { attempts?: number } = {}): Promise<Result<Answer, CommandError>> {
    const run = async (): Promise<Result<Answer, CommandError>> => {
      const attempts = options.attempts ?? this.timings.commandAttempts;
      let last: Result<Answer, CommandError> = err({ code: 'timeout', detail: `${name}: not sent` });
      for (let i = 0; i < attempts; i++) {
        last = await this.sendOnce(name);
        if (last.ok || last.error.code === 'disconnected') return last;
        this.log('warn', `${name} attempt ${i + 1}: ${last.error.code} (${last.error.detail})`);
      }
      return last;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async sendOnce(name: CommandName): Promise<Result<Answer, CommandError>> {
    const link = this.link;
    if (!link || this.stopped) return err({ code: 'disconnected', detail: `${name}: no link` });
    // Anything still buffered belongs to an answer we already gave up on.
    this.decoder.reset();
    const isRead = name === 'read' || name === 'read_with_fingerprint';
    const timeoutMs = isRead ? this.timings.readTimeoutMs : this.timings.commandTimeoutMs;

    const outcome = new Promise<Result<Answer, CommandError>>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending === entry) this.pending = null;
        resolve(err({ code: 'timeout', detail: `${name}: no answer within ${timeoutMs} ms` }));
      }, timeoutMs);
      const entry: Pending = {
        resolve: (o) => {
          clearTimeout(timer);
          if (this.pending === entry) this.pending = null;
          resolve(o);
        },
      };
      this.pending = entry;
    });

    const written = await link.write(encodeCommand(name));
    if (!written.ok) {
      this.failPending({ code: 'disconnected', detail: `${name}: write failed: ${written.error}` });
      this.onLinkLost(`write failed: ${written.error}`);
    }
    const result = await outcome;
    if (!result.ok) return result;
    const stale = this.checkShape(name, result.value.response);
    return stale ? err({ code: 'malformed_frame', detail: `${name}: ${stale}` }) : result;
  }

  /**
   * The protocol has no sequence numbers: after a timeout the late answer to an earlier command
   * can arrive while we wait for the next one. Answers whose shape does not fit the command are
   * treated as such strays.
   */
  private checkShape(name: CommandName, response: SamResponse): string | null {
    const { sw3, data } = response;
    if (name === 'find_card') {
      if (sw3 === SW3.card_found && data.length !== RESPONSE_DATA_LENGTH.find_card) return 'find answer of wrong size';
      if (sw3 === SW3.ok) return 'find answered 90 (stray answer)';
      return null;
    }
    if (sw3 === SW3.card_found) return `${name} answered 9F (stray find answer)`;
    if (sw3 !== SW3.ok) return null;
    if (name === 'select_card' && data.length !== RESPONSE_DATA_LENGTH.select_card) return 'select answer of wrong size';
    if (name === 'sam_id' && data.length !== RESPONSE_DATA_LENGTH.sam_id) return 'SAM id answer of wrong size';
    if ((name === 'sam_status' || name === 'reset') && data.length !== 0) return `${name} answer carries data (stray answer)`;
    return null;
  }

  private onData(chunk: Uint8Array): void {
    const receivedAt = highResNow();
    for (const item of this.decoder.push(chunk)) {
      switch (item.kind) {
        case 'frame': {
          const response = parseResponse(item.payload);
          if (!this.pending) {
            this.log('debug', `ignored unsolicited frame of ${item.payload.length} bytes`);
          } else if (!response.ok) {
            this.pending.resolve(err({ code: 'malformed_frame', detail: 'answer shorter than its status words' }));
          } else {
            this.pending.resolve(ok({ response: response.value, receivedAt }));
          }
          break;
        }
        case 'checksum':
          this.pending?.resolve(err({ code: 'checksum', detail: `checksum ${item.actual.toString(16)} != ${item.expected.toString(16)}` }));
          break;
        case 'length':
          this.pending?.resolve(err({ code: 'malformed_frame', detail: `impossible length ${item.len}` }));
          break;
        case 'garbage':
          // Line noise is expected on cheap adapters; the decoder has already skipped it.
          this.log('debug', `skipped ${item.length} bytes of noise`);
          break;
      }
    }
  }

  private onLinkLost(reason: string): void {
    if (!this.link) return;
    this.log('warn', `link lost: ${reason}`);
    this.link = null;
    this.failPending({ code: 'disconnected', detail: reason });
    this.interruptSleep();
    this.fail('disconnected', reason, { state: 'disconnected' });
  }

  private failPending(error: CommandError): void {
    this.pending?.resolve(err(error));
    this.pending = null;
  }

  // -------------------------------------------------------------------------------------------
  // Status, events, timers

  private fail(code: ReaderErrorCode, detail: string, patch: Partial<ReaderStatus> = {}): void {
    const now = this.now();
    const last = this.current.lastError;
    // A module that keeps timing out would otherwise log and push a status event every poll.
    if (last && last.code === code && now.getTime() - Date.parse(last.at) < REPEAT_ERROR_QUIET_MS) {
      this.update(patch);
      return;
    }
    this.log('warn', `${code}: ${detail}`);
    this.update({ ...patch, lastError: { code, at: now.toISOString() } });
  }

  private update(patch: Partial<ReaderStatus>): void {
    const next: ReaderStatus = { ...this.current, ...patch };
    const changed =
      next.state !== this.current.state ||
      next.samId !== this.current.samId ||
      next.lastError?.code !== this.current.lastError?.code ||
      next.lastError?.at !== this.current.lastError?.at;
    this.current = next;
    if (changed) this.emit({ type: 'status', status: next });
  }

  private emit(event: ReaderEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        this.log('error', `reader listener threw on ${event.type}: ${e instanceof Error ? e.name : typeof e}`);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private interruptSleep(): void {
    this.wake?.();
  }
}
