/**
 * Gate for the landmark replay (face/replay.ts): how an end-to-end test gets an honest liveness
 * pass without a person in front of the camera, and why production can never get one.
 *
 * Two independent conditions must both hold when the engine is built (first use, i.e. after the
 * person said yes, long after kiosk.config has answered):
 * 1. the core says it runs the simulator (no real card reader configured), and
 * 2. the page itself was handed a recording before it started (Playwright's page.addInitScript
 *    setting LANDMARK_REPLAY_GLOBAL).
 * A production kiosk fails (1) whatever is on the page, and nothing in production sets (2). Until
 * the config is known the simulator flag reads false, so an early build also stays real.
 */
import { createReplayVerifier, parseLandmarkRecording } from '../face/replay.ts';
import type { FaceVerifier } from '../face/types.ts';

/** The global a test sets to a landmark recording (JSON of tests/fixtures/landmarks/replay-*.json). */
export const LANDMARK_REPLAY_GLOBAL = '__kioskTestOnlyLandmarkReplay';

export interface LandmarkReplayGate {
  /** Whether the core reported simulator mode; asked at engine build time, not at app creation. */
  readonly simulator: () => boolean;
  /** Where an injected recording is read from (undefined: none); default: LANDMARK_REPLAY_GLOBAL. */
  readonly recording?: () => unknown;
}

const readGlobalRecording = (): unknown => (globalThis as Record<string, unknown>)[LANDMARK_REPLAY_GLOBAL];

/**
 * Wraps an engine factory: the real engine as is, or, behind the gate, the real engine with the
 * recorded landmark motion on top. An injected but malformed recording throws (via
 * parseLandmarkRecording) instead of silently falling back to real landmarks, so a broken test
 * setup cannot pass for a liveness failure.
 */
export const withLandmarkReplay =
  (build: () => FaceVerifier, gate: LandmarkReplayGate): (() => FaceVerifier) =>
  () => {
    // The simulator flag first: in production the page's globals are never even looked at.
    if (!gate.simulator()) return build();
    const recording = (gate.recording ?? readGlobalRecording)();
    if (recording === undefined || recording === null) return build();
    // Validate before building the engine, so a bad recording leaves nothing half made.
    const parsed = parseLandmarkRecording(recording);
    // Loud on purpose: anyone reading the console must know this liveness proves nothing.
    console.warn('[kiosk] simulator: liveness runs on a replayed landmark recording (test only)');
    return createReplayVerifier(build(), parsed);
  };
