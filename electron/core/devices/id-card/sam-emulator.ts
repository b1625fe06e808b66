/**
 * The protocol brain of a SAM module, without any I/O: given a command payload it decides the
 * answer frame and how long the module would take. The PTY simulator wires it to a serial port;
 * driver unit tests wire it to an in-memory transport. Keeping one emulator means the driver's
 * unit tests and the end-to-end simulator cannot drift apart.
 */
import type { SimFault } from '../../api/contract.ts';
import { encodeReadData, encodeResponse, FrameDecoder, parseCommand, SW3, type ReadBlocks } from './codec.ts';

export interface SamReply {
  /** Bytes to write, possibly with injected garbage or a corrupted checksum. */
  readonly bytes: Uint8Array;
  /** True for the answer to a successful read (the benchmark times its last byte). */
  readonly isReadResponse: boolean;
}

export interface SamEmulatorOptions {
  /** Time a real module needs for 30 01 (the RF transfer); about 800 ms to 1 s in the field. */
  readonly readDelayMs?: number;
  /** Extra delay per answer under the 'slow' fault; pick it above the driver's timeouts. */
  readonly slowDelayMs?: number;
  /** 16 bytes; a fixed demo id otherwise. */
  readonly samId?: Uint8Array;
  /** Seed for the garbage generator, so fault runs are reproducible. */
  readonly seed?: number;
}

/** 05.01-20240101-0000000001-0000004242: clearly not a real module. */
const DEMO_SAM_ID = (() => {
  const id = new Uint8Array(16);
  const v = new DataView(id.buffer);
  v.setUint16(0, 5, true);
  v.setUint16(2, 1, true);
  v.setUint32(4, 20240101, true);
  v.setUint32(8, 1, true);
  v.setUint32(12, 4242, true);
  return id;
})();

export class SamEmulator {
  private card: ReadBlocks | null = null;
  private selected = false;
  private fault: SimFault = 'none';
  private answers = 0;
  private rng: number;
  private readDelayMs: number;
  private readonly slowDelayMs: number;
  private readonly samId: Uint8Array;

  constructor(options: SamEmulatorOptions = {}) {
    this.readDelayMs = options.readDelayMs ?? 800;
    this.slowDelayMs = options.slowDelayMs ?? 2_000;
    this.samId = options.samId ?? DEMO_SAM_ID;
    this.rng = options.seed ?? 0x2545f491;
  }

  placeCard(card: ReadBlocks): void {
    this.card = card;
    this.selected = false;
  }

  removeCard(): void {
    this.card = null;
    this.selected = false;
  }

  hasCard(): boolean {
    return this.card !== null;
  }

  /** 0 for benchmarks (the reader's own RF time is not ours to measure). */
  setReadDelay(ms: number): void {
    this.readDelayMs = Math.max(0, ms);
  }

  setFault(fault: SimFault): void {
    this.fault = fault;
    this.answers = 0;
  }

  currentFault(): SimFault {
    return this.fault;
  }

  /**
   * How long the module works on a command before answering. The answer itself is decided only
   * when that time is up (respond), so a card lifted during a read makes the read fail.
   */
  delayFor(payload: Uint8Array): number {
    const parsed = parseCommand(payload);
    const name = parsed.ok ? parsed.value.name : null;
    const work = name === 'read' || name === 'read_with_fingerprint' ? this.readDelayMs : 0;
    return work + (this.fault === 'slow' ? this.slowDelayMs : 0);
  }

  /** Answers one command payload (the bytes between LEN and CHK of a host frame). */
  respond(payload: Uint8Array): SamReply {
    const parsed = parseCommand(payload);
    let frame: Uint8Array;
    let isReadResponse = false;
    const name = parsed.ok ? parsed.value.name : null;
    switch (name) {
      case 'reset':
        this.selected = false;
        frame = encodeResponse(SW3.ok);
        break;
      case 'sam_status':
      case 'set_max_rf_bytes':
        frame = encodeResponse(SW3.ok);
        break;
      case 'sam_id':
        frame = encodeResponse(SW3.ok, this.samId);
        break;
      case 'find_card':
        // A card stays findable while it lies on the reader; the driver relies on finds failing
        // to notice that it was taken away.
        frame = this.card ? encodeResponse(SW3.card_found, new Uint8Array(4)) : encodeResponse(SW3.find_failed);
        break;
      case 'select_card':
        this.selected = this.card !== null;
        frame = this.card ? encodeResponse(SW3.ok, new Uint8Array(8)) : encodeResponse(SW3.select_failed);
        break;
      case 'read':
      case 'read_with_fingerprint': {
        if (!this.card || !this.selected || this.fault === 'read_failed') {
          frame = encodeResponse(SW3.read_failed);
          break;
        }
        const fingerprint = name === 'read_with_fingerprint' ? (this.card.fingerprint ?? new Uint8Array(1024)) : null;
        frame = encodeResponse(SW3.ok, encodeReadData({ text: this.card.text, photo: this.card.photo, fingerprint }));
        isReadResponse = true;
        break;
      }
      default:
        frame = encodeResponse(SW3.bad_command);
    }
    return { bytes: this.applyFault(frame), isReadResponse };
  }

  /** What a module answers to a command frame whose checksum it could not verify. */
  respondToCorruptCommand(): SamReply {
    return { bytes: this.applyFault(encodeResponse(SW3.checksum_error)), isReadResponse: false };
  }

  private applyFault(frame: Uint8Array): Uint8Array {
    this.answers++;
    if (this.fault === 'checksum' && this.answers % 2 === 1) {
      // Every other answer is corrupted, so a driver that retries gets through and one that
      // trusts bad frames is caught.
      const bad = frame.slice();
      bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x5a;
      return bad;
    }
    if (this.fault === 'garbage') {
      const noise = this.garbage();
      const out = new Uint8Array(noise.length + frame.length);
      out.set(noise, 0);
      out.set(frame, noise.length);
      return out;
    }
    return frame;
  }

  /**
   * Line noise that includes broken preambles (AA AA AA 96 followed by the wrong byte), the
   * hardest case for resynchronisation, but never a whole preamble: a complete fake header would
   * make any decoder wait for a phantom frame, which is a different fault.
   */
  private garbage(): Uint8Array {
    const n = 3 + (this.next() % 10);
    const bytes: number[] = [];
    for (let i = 0; i < n; i++) bytes.push(this.next() & 0xff);
    bytes.push(0xaa, 0xaa, 0xaa, 0x96, 0x00, 0xaa);
    return Uint8Array.from(bytes.map((b) => (b === 0x69 ? 0x68 : b)));
  }

  /** xorshift32: tiny, deterministic, good enough for noise. */
  private next(): number {
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    return this.rng;
  }
}

/**
 * The serial side of an emulated module: decodes host frames from arbitrary chunks and answers
 * them one at a time, each after its delay, like a half-duplex module. Commands that arrive while
 * it is still working on one are dropped (maxQueued 0), so after a slow spell at most one late
 * answer is on its way and a host that retries can catch up; a deeper queue would keep every
 * later answer late.
 */
export class SamLine {
  private readonly decoder = new FrameDecoder();
  private readonly queue: Array<{ delayMs: () => number; answer: () => SamReply }> = [];
  private busy = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    private readonly emulator: SamEmulator,
    private readonly write: (bytes: Uint8Array, reply: SamReply) => void,
    private readonly maxQueued = 0,
  ) {}

  receive(chunk: Uint8Array): void {
    if (this.closed) return;
    for (const item of this.decoder.push(chunk)) {
      if (this.busy && this.queue.length >= this.maxQueued) continue;
      if (item.kind === 'frame') {
        const payload = item.payload;
        this.queue.push({ delayMs: () => this.emulator.delayFor(payload), answer: () => this.emulator.respond(payload) });
      } else if (item.kind === 'checksum') {
        this.queue.push({ delayMs: () => this.emulator.delayFor(new Uint8Array(0)), answer: () => this.emulator.respondToCorruptCommand() });
      }
      this.pump();
    }
  }

  /** Drops queued commands and pending answers (the module lost power). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private pump(): void {
    if (this.busy || this.closed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.busy = true;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.busy = false;
      if (this.closed) return;
      const reply = next.answer();
      this.write(reply.bytes, reply);
      this.pump();
    }, next.delayMs());
  }
}
