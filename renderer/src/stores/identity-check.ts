/**
 * The identity check (人证核验) as an explicit state machine, free of Vue and of the DOM: the camera,
 * the face engine, the liveness machine, the clock and the recorder are all injected, so the whole
 * flow runs in tests with fakes. The Pinia store (identity.ts) only mirrors its state for screens.
 *
 *   idle --offer--> consent --decline--> alternative(declined)
 *     |                  \--accept--> starting --(photo, engine, camera ok)--> looking
 *     \--offer without a decodable photo--> alternative(no_photo)       (never asks for the camera)
 *   looking --good frames, compared--> challenge --liveness passed, same face--> passed
 *          \--borderline distance--> alternative(no_match)   (a borderline is never a yes)
 *          \--no match / no face--> retry | alternative after maxAttempts
 *   challenge --liveness failed--> retry | alternative after maxAttempts
 *   retry --again--> looking;  any --otherWay--> alternative;  any --wipe--> idle (nothing recorded)
 *
 * Privacy: frames (ImageBitmap) are closed as soon as they are analysed or described; descriptors
 * live in local variables of one run; only numbers leave (identity.record). Nothing is logged.
 */
import type { CitizenView, CommandInput, KioskConfig } from '../bridge/contract';
import { guide, type Guidance } from '../face/guidance';
import type { Challenge, LivenessStatus } from '../face/liveness';
import { bestDistance, decide } from '../face/matcher';
import { descriptorDistance, type Descriptor, type FaceVerifier, type FrameAnalysis } from '../face/types';
import type { Clock } from '../time/clock';

export type { Challenge };

/**
 * One liveness run over the frames of one attempt: structurally the engine's LivenessCheck
 * (face/liveness.ts), which the app's default factory builds. `sameFace` is asked after each
 * challenge; the check answers it with a descriptor of the frame that completed the challenge.
 */
export interface LivenessRun {
  readonly status: LivenessStatus;
  push(frame: FrameAnalysis): Promise<LivenessStatus>;
}
export type LivenessFactory = (options: { sameFace: () => Promise<boolean> }) => LivenessRun;

/** An open camera. `grab` returns a frame the caller must close, or null when none is ready. */
export interface CameraSession {
  readonly stream: MediaStream | null;
  grab(): Promise<ImageBitmap | null>;
  /** Stops every track; idempotent. */
  stop(): void;
}
export interface CameraProvider {
  /** Rejects when there is no usable camera (none, denied, busy, timed out). */
  open(deviceId: string | null): Promise<CameraSession>;
  /** Cheap presence check without opening anything (false: no camera at all). */
  available?(): Promise<boolean>;
}

export type FallbackReason = NonNullable<CommandInput<'identity.record'>['fallbackReason']>;
export type AttemptFailure = 'no_match' | 'liveness_failed' | 'no_face';
export type IdentityOutcome = CommandInput<'identity.record'>;

export type IdentityState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'consent' }
  | { readonly phase: 'starting' }
  | { readonly phase: 'looking'; readonly attempt: number; readonly guidance: Guidance | null; readonly progress: number }
  | { readonly phase: 'challenge'; readonly attempt: number; readonly challenge: Challenge | null; readonly guidance: Guidance | null; readonly progress: number }
  | { readonly phase: 'retry'; readonly attempt: number; readonly failure: AttemptFailure }
  | { readonly phase: 'passed' }
  | { readonly phase: 'alternative'; readonly reason: FallbackReason };

export type FaceSettings = KioskConfig['face'];

export interface IdentityCheckDeps {
  verifier: () => FaceVerifier;
  camera: CameraProvider;
  liveness: LivenessFactory;
  clock: Clock;
  /** Turns the card photo into a bitmap; null when it cannot be decoded (e.g. an SVG placeholder). */
  decodePhoto: (photo: NonNullable<CitizenView['photo']>) => Promise<ImageBitmap | null>;
  /** Sends the outcome to the core (identity.record); called exactly once per check. */
  record: (outcome: IdentityOutcome) => Promise<void>;
  /**
   * A private copy of a frame. The engine may take ownership of what it is given (the worker-backed
   * verifier transfers the bitmap), so frames that may be described later are copied first.
   * Default: createImageBitmap(frame).
   */
  copyFrame?: (frame: ImageBitmap) => Promise<ImageBitmap>;
  /** Paces the frame loop (default ~12 fps on the clock); tests resolve at once. */
  nextFrame?: () => Promise<void>;
  onChange?: (state: IdentityState) => void;
}

/** Frames with a well-placed face needed before the comparison. */
export const GOOD_FRAMES_TO_COMPARE = 4;
/** Of those, how many (best detection scores) get a full descriptor. */
export const FRAMES_DESCRIBED = 2;
/** Without a usable face this long, the attempt ends ("we could not see you"). */
export const LOOK_TIMEOUT_MS = 20_000;
/** Hard cap on the liveness part of an attempt (the engine's machine has its own, shorter timeouts). */
export const CHALLENGE_TIMEOUT_MS = 30_000;
const FRAME_INTERVAL_MS = 80;
/** Model loading (weights verified, WASM compiled) on a slow kiosk; beyond this the engine is broken. */
export const ENGINE_LOAD_TIMEOUT_MS = 45_000;
/** One engine call (a frame or a descriptor); a stalled worker must not freeze the screen. */
export const ENGINE_CALL_TIMEOUT_MS = 10_000;

class EngineTimeout extends Error {}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

const challengeOf = (status: LivenessStatus): Challenge | null => (status.phase === 'challenge' ? status.challenge : null);

/** 0.5 once the faces matched, then up to 1 as the challenges are done. */
const livenessProgress = (status: LivenessStatus): number => {
  if (status.phase === 'passed') return 1;
  if (status.phase !== 'challenge') return 0.5;
  return 0.5 + (0.5 * status.index) / status.total;
};

class Aborted extends Error {}

export class IdentityCheck {
  private current: IdentityState = { phase: 'idle' };
  /** Bumped by every wipe/abort: a run that sees another generation stops without side effects. */
  private generation = 0;
  private camera: CameraSession | null = null;
  private engine: FaceVerifier | null = null;
  private recorded = false;
  /** The record call in flight (or done): a service must not start before the core has the outcome. */
  private recording: Promise<void> = Promise.resolve();
  private settings: FaceSettings | null = null;
  private citizen: CitizenView | null = null;
  private attempts = 0;
  private bestDistance: number | null = null;
  private liveness: 'passed' | 'failed' | 'not_run' = 'not_run';
  private firstFrameAt: number | null = null;
  private consent = false;
  private photoDescriptor: Descriptor | null = null;

  constructor(private readonly deps: IdentityCheckDeps) {}

  get state(): IdentityState {
    return this.current;
  }

  /** The live camera stream for the preview, while a check runs. */
  get stream(): MediaStream | null {
    return this.camera?.stream ?? null;
  }

  get settled(): boolean {
    return this.current.phase === 'passed' || this.current.phase === 'alternative';
  }

  /**
   * Starts a check for this person. Without a photo the face path is impossible: go straight to the
   * alternative (no consent asked, no camera opened).
   */
  offer(citizen: CitizenView, settings: FaceSettings): void {
    this.reset();
    this.citizen = citizen;
    this.settings = settings;
    if (citizen.photoStatus !== 'ok' || citizen.photo === null) {
      void this.finish('alternative', 'no_photo', this.generation);
      return;
    }
    this.set({ phase: 'consent' });
    // Loading the models touches nobody's data: start it now so "yes" is answered quickly.
    void this.loadEngine().catch(() => undefined);
  }

  decline(): void {
    if (this.current.phase !== 'consent') return;
    this.consent = false;
    void this.finish('alternative', 'declined', this.generation);
  }

  accept(): void {
    if (this.current.phase !== 'consent') return;
    this.consent = true;
    this.set({ phase: 'starting' });
    void this.run(this.generation);
  }

  /** After a failed attempt, when attempts are left. */
  again(): void {
    if (this.current.phase !== 'retry') return;
    void this.attempt(this.generation);
  }

  /** The person prefers another way (from the camera screen or after a failed attempt). */
  otherWay(): void {
    const phase = this.current.phase;
    if (phase === 'idle' || this.settled) return;
    const reason: FallbackReason = phase === 'retry' ? this.current.failure === 'liveness_failed' ? 'liveness_failed' : 'no_match' : 'declined';
    if (phase === 'consent') this.consent = false;
    this.generation++; // stops a running loop
    void this.finish('alternative', reason, this.generation);
  }

  /** Forgets everything and stops the camera; nothing is recorded (the session is gone). */
  wipe(): void {
    this.reset();
    this.set({ phase: 'idle' });
  }

  /** Leaving the screen: stop the camera; an unfinished check counts as "another way". */
  leave(): void {
    if (this.current.phase === 'idle' || this.settled) {
      this.stopCamera();
      return;
    }
    this.otherWay();
  }

  dispose(): void {
    this.wipe();
    this.engine?.dispose();
    this.engine = null;
  }

  // -------------------------------------------------------------------------------------------

  private reset(): void {
    this.generation++;
    this.stopCamera();
    this.recorded = false;
    this.citizen = null;
    this.settings = null;
    this.attempts = 0;
    this.bestDistance = null;
    this.liveness = 'not_run';
    this.firstFrameAt = null;
    this.consent = false;
    this.photoDescriptor = null;
    this.current = { phase: 'idle' };
  }

  private set(state: IdentityState): void {
    this.current = state;
    this.deps.onChange?.(state);
  }

  private guard(generation: number): void {
    if (generation !== this.generation) throw new Aborted();
  }

  private async loadEngine(): Promise<FaceVerifier> {
    this.engine ??= this.deps.verifier();
    await this.timed(this.engine.load(), ENGINE_LOAD_TIMEOUT_MS);
    return this.engine;
  }

  /** Rejects with EngineTimeout when the engine does not answer in time. */
  private timed<T>(promise: Promise<T>, ms = ENGINE_CALL_TIMEOUT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.deps.clock.setTimeout(() => reject(new EngineTimeout()), ms);
      promise.then(
        (value) => {
          this.deps.clock.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.deps.clock.clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private stopCamera(): void {
    this.camera?.stop();
    this.camera = null;
  }

  private async run(generation: number): Promise<void> {
    const citizen = this.citizen;
    const photo = citizen?.photo;
    if (!photo) return this.finish('alternative', 'no_photo', generation);
    // A kiosk without any camera says so at once, before models load or the photo is processed.
    const present = await (this.deps.camera.available?.() ?? Promise.resolve(true)).catch(() => true);
    if (generation !== this.generation) return;
    if (!present) return this.finish('alternative', 'no_camera', generation);
    let engine: FaceVerifier;
    try {
      engine = await this.loadEngine();
      this.guard(generation);
    } catch (error) {
      if (error instanceof Aborted) return;
      return this.finish('alternative', 'error', generation);
    }
    try {
      const bitmap = await this.deps.decodePhoto(photo);
      this.guard(generation);
      if (!bitmap) return this.finish('alternative', 'no_photo', generation);
      try {
        this.photoDescriptor = await this.timed(engine.describePhoto(bitmap));
      } finally {
        bitmap.close();
      }
      this.guard(generation);
      if (!this.photoDescriptor) return this.finish('alternative', 'no_photo', generation);
    } catch (error) {
      if (error instanceof Aborted) return;
      return this.finish('alternative', 'error', generation);
    }
    try {
      const camera = await this.deps.camera.open(this.settings?.cameraDeviceId ?? null);
      if (generation !== this.generation) {
        camera.stop();
        return;
      }
      this.camera = camera;
    } catch {
      if (generation !== this.generation) return;
      return this.finish('alternative', 'no_camera', generation);
    }
    await this.attempt(generation);
  }

  private async attempt(generation: number): Promise<void> {
    const settings = this.settings!;
    this.attempts++;
    const attempt = this.attempts;
    try {
      const failure = await this.oneAttempt(generation, attempt, settings);
      this.guard(generation);
      if (failure === null) return this.finish('passed', null, generation);
      if (failure === 'borderline') return this.finish('alternative', 'no_match', generation);
      if (attempt >= settings.maxAttempts) return this.finish('alternative', failure === 'liveness_failed' ? 'liveness_failed' : 'no_match', generation);
      this.set({ phase: 'retry', attempt, failure });
    } catch (error) {
      if (error instanceof Aborted) return;
      return this.finish('alternative', 'error', generation);
    }
  }

  /** One attempt: a steady face, the comparison, then the liveness challenge. */
  private async oneAttempt(generation: number, attempt: number, settings: FaceSettings): Promise<AttemptFailure | 'borderline' | null> {
    const engine = this.engine!;
    const photoDescriptor = this.photoDescriptor!;

    // 1. Looking: wait for well-placed faces; keep the best few frames (bitmaps) to describe.
    const kept: Array<{ frame: ImageBitmap; score: number }> = [];
    let good = 0;
    const lookStart = this.deps.clock.now();
    this.set({ phase: 'looking', attempt, guidance: null, progress: 0 });
    try {
      while (good < GOOD_FRAMES_TO_COMPARE) {
        if (this.deps.clock.now() - lookStart > LOOK_TIMEOUT_MS) return 'no_face';
        const sample = await this.sample(generation);
        if (!sample) continue;
        const { frame, analysis, guidance } = sample;
        if (guidance === 'ok') {
          good++;
          kept.push({ frame, score: analysis.faces[0]?.score ?? 0 });
          kept.sort((a, b) => b.score - a.score);
          for (const dropped of kept.splice(FRAMES_DESCRIBED)) dropped.frame.close();
        } else {
          frame.close();
        }
        this.set({ phase: 'looking', attempt, guidance, progress: (good / GOOD_FRAMES_TO_COMPARE) * 0.4 });
      }

      // 2. Compare the best frames with the card photo; the smallest distance counts.
      const descriptors: Descriptor[] = [];
      for (const { frame } of kept) {
        const descriptor = await this.timed(engine.describe(frame));
        this.guard(generation);
        if (descriptor) descriptors.push(descriptor);
      }
      const distance = bestDistance(photoDescriptor, descriptors);
      if (distance === null) return 'no_face';
      this.noteDistance(distance);
      const decision = decide(distance, settings);
      if (decision === 'no_match') return 'no_match';
      if (decision === 'borderline') return 'borderline';
    } finally {
      for (const { frame } of kept.splice(0)) frame.close();
    }

    // 3. Liveness: the engine's machine decides over the landmark stream. After each challenge it
    // asks whether the face is still the card holder's: the frame that completed the challenge is
    // described and compared (a photo or person swapped in after the comparison does not pass).
    let latest: ImageBitmap | null = null;
    const sameFace = async (): Promise<boolean> => {
      if (!latest) return false;
      const descriptor = await this.timed(engine.describe(latest));
      if (!descriptor) return false;
      const d = descriptorDistance(descriptor, photoDescriptor);
      this.noteDistance(d);
      return d <= settings.borderline;
    };
    const run = this.deps.liveness({ sameFace });
    const challengeStart = this.deps.clock.now();
    let status: LivenessStatus = run.status;
    this.set({ phase: 'challenge', attempt, challenge: challengeOf(status), guidance: null, progress: 0.5 });
    while (status.phase !== 'passed' && status.phase !== 'failed') {
      if (this.deps.clock.now() - challengeStart > CHALLENGE_TIMEOUT_MS) break;
      const sample = await this.sample(generation);
      if (!sample) continue;
      latest = sample.frame;
      try {
        status = await run.push(sample.analysis);
      } finally {
        latest = null;
        sample.frame.close();
      }
      this.guard(generation);
      this.set({ phase: 'challenge', attempt, challenge: challengeOf(status), guidance: sample.guidance, progress: livenessProgress(status) });
    }
    if (status.phase !== 'passed') {
      this.liveness = 'failed';
      return 'liveness_failed';
    }
    this.liveness = 'passed';
    return null;
  }

  /**
   * Grabs and analyses one frame. The engine gets the grabbed bitmap (and may consume it); the
   * caller gets a copy it owns and must close.
   */
  private async sample(generation: number): Promise<{ frame: ImageBitmap; analysis: FrameAnalysis; guidance: Guidance } | null> {
    await (this.deps.nextFrame?.() ?? new Promise<void>((resolve) => this.deps.clock.setTimeout(resolve, FRAME_INTERVAL_MS)));
    this.guard(generation);
    const camera = this.camera;
    if (!camera) throw new Aborted();
    const grabbed = await camera.grab();
    if (!grabbed) {
      this.guard(generation);
      return null;
    }
    let copy: ImageBitmap | null = null;
    let analysis: FrameAnalysis;
    try {
      this.guard(generation);
      copy = await (this.deps.copyFrame ?? ((f: ImageBitmap) => createImageBitmap(f)))(grabbed);
      this.guard(generation);
      this.firstFrameAt ??= this.deps.clock.now();
      analysis = await this.timed(this.engine!.analyse(grabbed, this.deps.clock.now()));
      this.guard(generation);
    } catch (error) {
      copy?.close();
      throw error;
    } finally {
      grabbed.close(); // a no-op when the engine took it
    }
    return { frame: copy, analysis, guidance: guide(analysis) };
  }

  private noteDistance(distance: number): void {
    this.bestDistance = this.bestDistance === null ? distance : Math.min(this.bestDistance, distance);
  }

  private async finish(phase: 'passed' | 'alternative', reason: FallbackReason | null, generation: number): Promise<void> {
    if (generation !== this.generation || this.recorded) return;
    this.recorded = true;
    this.stopCamera();
    this.photoDescriptor = null;
    const outcome: IdentityOutcome = {
      method: phase === 'passed' ? 'face' : 'card_only',
      consent: this.consent,
      fallbackReason: phase === 'passed' ? null : reason,
      distance: this.bestDistance === null ? null : round3(this.bestDistance),
      threshold: this.settings && this.attempts > 0 ? this.settings.threshold : null,
      liveness: this.liveness,
      attempts: this.attempts,
      durationMs: this.firstFrameAt === null ? null : Math.max(0, Math.round(this.deps.clock.now() - this.firstFrameAt)),
    };
    // Started before the screen changes: whoever reacts to the new phase can wait for it (recordDone()).
    this.recording = this.deps.record(outcome).catch(() => {
      // The person goes on either way; the core's session simply lacks the record.
    });
    this.set(phase === 'passed' ? { phase: 'passed' } : { phase: 'alternative', reason: reason ?? 'error' });
    await this.recording;
  }

  /**
   * Resolves once the outcome has reached the core (or failed to). The "continue" button appears
   * with the alternative screen, before the record call returns: a fast tap must not open a service
   * (the status look-up) that the core would still refuse as not yet verified.
   */
  recordDone(): Promise<void> {
    return this.recording;
  }
}
