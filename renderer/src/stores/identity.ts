/**
 * The identity check (人证核验) for the screens: a thin reactive mirror of the IdentityCheck state
 * machine (identity-check.ts), with the face engine, camera and liveness injected by the app
 * (createKioskApp's `face` option). Wiped with the session (session.wipe -> identity.wipe): the
 * camera stops and every in-memory trace of the check goes.
 */
import { defineStore } from 'pinia';
import { computed, inject, ref, shallowRef, type InjectionKey } from 'vue';
import { useBridge, useClock } from '../app/inject';
import type { FaceVerifier } from '../face/types';
import type { ServiceId } from '../services/tiles';
import { IdentityCheck, type CameraProvider, type IdentityCheckDeps, type IdentityState, type LivenessFactory } from './identity-check';
import { useConfigStore } from './config';
import { useSessionStore } from './session';

export interface FaceDeps {
  /** Builds the engine once, on first use (the models load lazily). */
  verifier: () => FaceVerifier;
  camera: CameraProvider;
  liveness: LivenessFactory;
  decodePhoto: IdentityCheckDeps['decodePhoto'];
  copyFrame?: IdentityCheckDeps['copyFrame'];
  /** Frame pacing; tests pass one that resolves at once. */
  nextFrame?: () => Promise<void>;
}

export const FACE_DEPS: InjectionKey<FaceDeps> = Symbol('face');

/** Defaults until the core has answered kiosk.config (the same values as the core's defaults). */
const DEFAULT_FACE = { threshold: 0.5, borderline: 0.6, maxAttempts: 3, cameraDeviceId: null } as const;

/** Services that act on the person's own records need a checked identity first. */
export const SERVICES_NEEDING_IDENTITY: readonly ServiceId[] = ['legal-aid', 'status', 'video'];

export const useIdentityStore = defineStore('identity', () => {
  const deps = inject(FACE_DEPS, null);
  const bridge = useBridge();
  const clock = useClock();
  const config = useConfigStore();

  const state = shallowRef<IdentityState>({ phase: 'idle' });
  const stream = shallowRef<MediaStream | null>(null);
  /** The service the person chose before the check; they continue there afterwards. */
  const pendingService = ref<ServiceId | null>(null);
  /** Which non-face way the person picked on the alternative screen (placeholder pages for now). */
  const alternativeChoice = ref<'lawyer' | 'counter' | null>(null);

  const check = deps
    ? new IdentityCheck({
        verifier: deps.verifier,
        camera: deps.camera,
        liveness: deps.liveness,
        decodePhoto: deps.decodePhoto,
        ...(deps.nextFrame ? { nextFrame: deps.nextFrame } : {}),
        ...(deps.copyFrame ? { copyFrame: deps.copyFrame } : {}),
        clock,
        record: async (outcome) => {
          const result = await bridge.call('identity.record', outcome);
          if (result.ok) useSessionStore().setVerification(result.value.verification);
        },
        onChange: (next) => {
          state.value = next;
          stream.value = check?.stream ?? null;
        },
      })
    : null;

  const phase = computed(() => state.value.phase);
  const running = computed(() => phase.value !== 'idle' && phase.value !== 'passed' && phase.value !== 'alternative');

  /** Does the person still need the check before this service? */
  function needsCheck(service: ServiceId): boolean {
    const session = useSessionStore();
    if (!session.current || !SERVICES_NEEDING_IDENTITY.includes(service)) return false;
    return session.current.verification === null && phase.value === 'idle';
  }

  /** Starts the check for the current person (consent first, or straight to the alternative). */
  function begin(service: ServiceId | null): boolean {
    const citizen = useSessionStore().citizen;
    if (!check || !citizen) return false;
    pendingService.value = service;
    alternativeChoice.value = null;
    check.offer(citizen, config.config?.face ?? DEFAULT_FACE);
    return true;
  }

  function accept(): void {
    check?.accept();
  }
  function decline(): void {
    check?.decline();
  }
  function again(): void {
    check?.again();
  }
  function otherWay(): void {
    check?.otherWay();
  }
  /** The screen is going away: stop the camera (an unfinished check ends as "another way"). */
  function leave(): void {
    check?.leave();
    stream.value = null;
  }
  function chooseAlternative(choice: 'lawyer' | 'counter' | null): void {
    alternativeChoice.value = choice;
  }

  /** Part of the one wipe path (session.wipe). */
  function wipe(): void {
    check?.wipe();
    state.value = { phase: 'idle' };
    stream.value = null;
    pendingService.value = null;
    alternativeChoice.value = null;
  }

  /** Resolves once the check's outcome has reached the core (see IdentityCheck.recordDone). */
  const recordDone = (): Promise<void> => check?.recordDone() ?? Promise.resolve();

  return { state, phase, running, stream, pendingService, alternativeChoice, needsCheck, recordDone, begin, accept, decline, again, otherWay, leave, chooseAlternative, wipe };
});
