/**
 * A video consultation from the citizen's side (issue 6): the flow's state (consult/flow.ts) plus
 * everything with a side effect: the core's consult commands, the camera and microphone, the peer
 * connection (the kiosk always offers, also for ICE restarts), the composite recording sent to the
 * core chunk by chunk, and the finish with the rating. The controller routes the core's `consult`,
 * `consult.link` and `consult.printed` events here and wipes this store with the session.
 */
import { defineStore } from 'pinia';
import { computed, inject, ref, shallowRef, type InjectionKey } from 'vue';
import { useBridge, useClock } from '../app/inject';
import type { KioskEvent } from '../bridge/contract';
import type { CentreToKiosk, MatterCategory, Signal } from '../../../domain/consult/protocol';
import { browserCallMedia, type CallMedia } from '../consult/call-media';
import { ChunkSender } from '../consult/chunk-sender';
import type { CompositeRecording } from '../consult/composite-recorder';
import { consultStep, initialConsultState, isLive, isReconnecting, type ConsultEvent, type ConsultState } from '../consult/flow';
import type { TimerHandle } from '../time/clock';
import { useConfigStore } from './config';
import { useIdleStore } from './idle';

/** Tests and previews hand in their own media (camera, peer connection, recorder). */
export const CALL_MEDIA: InjectionKey<CallMedia> = Symbol('callMedia');

/** A person talking to a lawyer touches nothing for minutes: the idle prompt must not interrupt. */
export const CALL_KEEP_ALIVE_MS = 10_000;
export const CALL_VOLUME_STEPS = 5;
const DEFAULT_CALL_VOLUME = 4;
/** Messages that arrive between the request and its answer (they carry the id we do not know yet). */
const EARLY_MESSAGE_LIMIT = 50;
const FINISH_ATTEMPTS = 3;
const FINISH_RETRY_MS = 2_000;

type Link = ReturnType<CallMedia['createLink']>;
type ConsultKioskEvent = Extract<KioskEvent, { type: 'consult' | 'consult.link' | 'consult.printed' }>;

export const useConsultStore = defineStore('consult', () => {
  const bridge = useBridge();
  const clock = useClock();
  const config = useConfigStore();
  const idle = useIdleStore();
  const media = inject(CALL_MEDIA, null) ?? browserCallMedia(clock);

  const state = shallowRef<ConsultState>(initialConsultState());
  const localStream = shallowRef<MediaStream | null>(null);
  const remoteStream = shallowRef<MediaStream | null>(null);
  /** 'trouble': the recorder or the chunk delivery failed; the call goes on and the screen says so. */
  const recording = ref<'off' | 'on' | 'trouble'>('off');
  const recordedMs = ref(0);
  const volumeStep = ref(DEFAULT_CALL_VOLUME);
  const finish = ref<'idle' | 'sending' | 'sent' | 'failed'>('idle');
  /** The slip of the other ways (declined or fallback screen). */
  const tipPrint = ref<'idle' | 'printing' | 'printed' | 'problem'>('idle');
  /** How many ICE restarts this call asked for (shown to tests through data attributes). */
  const iceRestarts = ref(0);

  let link: Link | null = null;
  let recorder: CompositeRecording | null = null;
  let sender: ChunkSender | null = null;
  let keepAlive: TimerHandle | null = null;
  let early: CentreToKiosk[] = [];
  /** Bumped by every reset: an answer that arrives for an older flow is dropped. */
  let generation = 0;
  /** Resolves with the recorded length once the ended call's last chunk is with the core. */
  let callStopped: Promise<number> = Promise.resolve(0);

  const screen = computed(() => state.value.screen);
  const reconnecting = computed(() => isReconnecting(state.value));
  const volume = computed(() => volumeStep.value / CALL_VOLUME_STEPS);

  function dispatch(event: ConsultEvent): void {
    const before = state.value;
    const after = consultStep(before, event);
    state.value = after;
    // A printed slip belongs to the screen it was printed from.
    if (before.screen !== after.screen) tipPrint.value = 'idle';
    if (before.screen !== 'call' && after.screen === 'call') void startCall();
    if (before.screen === 'call' && after.screen !== 'call') {
      const turn = generation;
      callStopped = stopCall().then((ms) => {
        if (turn === generation) recordedMs.value = ms;
        return ms;
      });
    }
    if ((before.screen === 'waiting' || before.screen === 'fallback' || before.screen === 'requesting') && after.screen === 'left') stopLocal();
    // Back online (ours or the lawyer's): new ICE credentials in a new offer.
    if (after.screen === 'call' && isReconnecting(before) && !isReconnecting(after)) void restartIce();
  }

  function reset(): void {
    generation += 1;
    early = [];
    void stopCall();
    stopLocal();
    callStopped = Promise.resolve(0);
    state.value = initialConsultState();
    recording.value = 'off';
    recordedMs.value = 0;
    volumeStep.value = DEFAULT_CALL_VOLUME;
    finish.value = 'idle';
    tipPrint.value = 'idle';
    iceRestarts.value = 0;
  }

  /** Opens the consult screen: is a call possible at all right now? */
  async function begin(): Promise<void> {
    reset();
    const turn = generation;
    const answer = await bridge.call('consult.availability', {});
    if (turn !== generation) return;
    if (!answer.ok) dispatch({ type: 'availability', available: false, reason: 'failed' });
    else dispatch({ type: 'availability', available: answer.value.available, reason: answer.value.reason });
  }

  const chooseMatter = (matter: MatterCategory) => dispatch({ type: 'chooseMatter', matter });
  const consent = (agreed: boolean) => dispatch({ type: 'consent', agreed });
  const reconsider = () => dispatch({ type: 'reconsider' });
  const back = () => dispatch({ type: 'back' });

  /** The last choice before the request: camera and microphone first, so a lawyer never answers a kiosk that cannot call. */
  async function chooseShareName(share: boolean): Promise<void> {
    dispatch({ type: 'chooseShareName', share });
    if (state.value.screen !== 'preparing') return;
    const turn = generation;
    let stream: MediaStream;
    try {
      stream = await media.openLocal(config.config?.face.cameraDeviceId ?? null);
    } catch {
      if (turn === generation) dispatch({ type: 'mediaFailed' });
      return;
    }
    if (turn !== generation) {
      for (const track of stream.getTracks()) track.stop();
      return;
    }
    localStream.value = stream;
    dispatch({ type: 'mediaReady' });
    await request(turn);
  }

  async function request(turn: number): Promise<void> {
    const { matter, shareName } = state.value;
    if (matter === null || shareName === null) return;
    const answer = await bridge.call('consult.request', { matterCategory: matter, recordingConsent: true, shareName });
    if (turn !== generation) {
      if (answer.ok) void bridge.call('consult.cancel', { consultationId: answer.value.consultationId });
      return;
    }
    if (!answer.ok) {
      stopLocal();
      dispatch({ type: 'requestFailed', reason: answer.error.code === 'not_available' ? 'offline' : 'failed' });
      return;
    }
    dispatch({ type: 'requested', consultationId: answer.value.consultationId });
    for (const message of early.splice(0)) onMessage(message);
  }

  const retryMedia = async () => {
    if (state.value.screen === 'mediaFailed' && state.value.shareName !== null) await chooseShareName(state.value.shareName);
  };

  /** 不等了: the request is withdrawn and the camera goes off. */
  async function cancelWaiting(): Promise<void> {
    const id = state.value.consultationId;
    dispatch({ type: 'left' });
    if (id) await bridge.call('consult.cancel', { consultationId: id });
  }

  const keepWaiting = () => dispatch({ type: 'keepWaiting' });

  /** Prints what the declined or fallback screen says (the callback time, 12348), to take home. */
  async function printTip(): Promise<void> {
    const current = state.value;
    if (tipPrint.value === 'printing' || (current.screen !== 'declined' && current.screen !== 'fallback')) return;
    const mine = generation;
    tipPrint.value = 'printing';
    const slot = current.fallback ? { startsAt: current.fallback.startsAt, endsAt: current.fallback.endsAt } : null;
    const result = await bridge.call('consult.printTip', current.screen === 'declined' ? { reason: 'declined' } : { reason: 'fallback', callbackSlot: slot });
    if (mine !== generation) return;
    tipPrint.value = result.ok && (result.value.outcome === 'completed' || result.value.outcome === 'queued') ? 'printed' : 'problem';
  }
  const askHangup = () => dispatch({ type: 'askHangup' });
  const cancelHangup = () => dispatch({ type: 'cancelHangup' });

  async function confirmHangup(): Promise<void> {
    const id = state.value.consultationId;
    if (state.value.screen !== 'call' || !id) return;
    dispatch({ type: 'localEnd', reason: 'kiosk_hangup' });
    await bridge.call('consult.hangup', { consultationId: id });
  }

  /** The screen is going away mid-consultation (another route): end it as the person would. */
  async function leave(): Promise<void> {
    if (state.value.screen === 'call') await confirmHangup();
    if (state.value.screen === 'rating') await rate(null);
    else if (isLive(state.value) || state.value.screen === 'requesting') await cancelWaiting();
  }

  /** The rating (or none) closes the consultation: the core commits it with the recording. */
  async function rate(rating: number | null): Promise<void> {
    const id = state.value.consultationId;
    if (state.value.screen !== 'rating' || !id || finish.value === 'sending') return;
    finish.value = 'sending';
    const turn = generation;
    const durationMs = await callStopped;
    for (let attempt = 1; attempt <= FINISH_ATTEMPTS; attempt++) {
      const result = await bridge.call('consult.finish', { consultationId: id, rating, recordingDurationMs: Math.max(0, Math.round(durationMs)) });
      if (turn !== generation) return;
      if (result.ok) {
        finish.value = 'sent';
        break;
      }
      if (attempt === FINISH_ATTEMPTS) finish.value = 'failed';
      else await new Promise<void>((resolve) => clock.setTimeout(resolve, FINISH_RETRY_MS));
      if (turn !== generation) return;
    }
    dispatch({ type: 'rated' });
  }

  function volumeUp(): void {
    volumeStep.value = Math.min(CALL_VOLUME_STEPS, volumeStep.value + 1);
  }
  function volumeDown(): void {
    volumeStep.value = Math.max(1, volumeStep.value - 1);
  }

  /** Core events about the consultation (the controller routes them here). */
  function handleEvent(event: ConsultKioskEvent): void {
    if (event.type === 'consult') onMessage(event.message);
    else if (event.type === 'consult.link') dispatch({ type: 'link', state: event.state });
    else dispatch({ type: 'printed', consultationId: event.consultationId, pushId: event.pushId, title: event.title, outcome: event.outcome });
  }

  function onMessage(message: CentreToKiosk): void {
    if (state.value.screen === 'requesting' && 'consultationId' in message && message.consultationId && early.length < EARLY_MESSAGE_LIMIT) {
      early.push(message);
      return;
    }
    if (message.type === 'signal') {
      if (message.consultationId === state.value.consultationId) void link?.applySignal(message.signal);
      return;
    }
    dispatch({ type: 'message', message });
  }

  // ------------------------------------------------------------------------------------------
  // The call's media

  async function startCall(): Promise<void> {
    const local = localStream.value;
    const id = state.value.consultationId;
    if (!local || !id) return;
    keepAlive = clock.setInterval(() => idle.activity(), CALL_KEEP_ALIVE_MS);
    idle.activity();
    const send = (signal: Signal) => void bridge.call('consult.signal', { consultationId: id, signal });
    const current = media.createLink({
      iceServers: state.value.iceServers,
      iceTransportPolicy: state.value.iceTransportPolicy,
      localStream: local,
      send,
      onRemoteStream: (stream) => {
        if (link !== current) return;
        remoteStream.value = stream;
        startRecording(id);
      },
      onConnectionState: (connection) => {
        if (link !== current) return;
        if (connection === 'connected') startRecording(id);
        // A path that died without either socket noticing: try new candidates, if we can signal.
        if (connection === 'failed' && !isReconnecting(state.value)) void restartIce();
      },
    });
    link = current;
    await current.start();
  }

  async function restartIce(): Promise<void> {
    if (!link) return;
    iceRestarts.value += 1;
    await link.restartIce();
  }

  /** From the moment both sides are there: once per call (an ICE restart keeps the same recording). */
  function startRecording(consultationId: string): void {
    const local = localStream.value;
    const remote = remoteStream.value;
    if (recorder || recording.value === 'trouble' || !local || !remote || link?.connectionState !== 'connected') return;
    sender = new ChunkSender({
      clock,
      send: async (seq, base64) => (await bridge.call('consult.recordChunk', { consultationId, seq, base64 })).ok,
      onLost: () => (recording.value = 'trouble'),
    });
    const chunks = sender;
    try {
      recorder = media.startRecording({ local, remote, clock, onChunk: (chunk) => chunks.push(chunk), onError: () => (recording.value = 'trouble') });
      recording.value = 'on';
    } catch {
      recording.value = 'trouble';
    }
  }

  /** Ends the call's media; resolves with the recorded length when the last chunk is with the core. */
  function stopCall(): Promise<number> {
    if (keepAlive !== null) clock.clearInterval(keepAlive);
    keepAlive = null;
    link?.close();
    link = null;
    const stopping = recorder;
    const chunks = sender;
    recorder = null;
    sender = null;
    // Stop the recorder before the tracks, so its last second still has both sides.
    const done = (async () => {
      let ms = 0;
      if (stopping) {
        await stopping.stop();
        ms = stopping.durationMs();
      }
      if (chunks) await chunks.drain();
      return ms;
    })();
    stopLocal();
    remoteStream.value = null;
    return done;
  }

  function stopLocal(): void {
    for (const track of localStream.value?.getTracks() ?? []) track.stop();
    localStream.value = null;
  }

  /**
   * Forgets the consultation (the session ended): a live one is withdrawn or hung up first. A call
   * that was held is still finished without a rating once its recording is with the core: the
   * recording is the record of the service, whoever walked away.
   */
  function wipe(): void {
    const current = state.value;
    const id = current.consultationId;
    if (id && isLive(current)) void bridge.call(current.screen === 'call' ? 'consult.hangup' : 'consult.cancel', { consultationId: id });
    const unfinished = id !== null && current.wasConnected && finish.value === 'idle' && (current.screen === 'call' || current.screen === 'rating');
    const stopped = current.screen === 'call' ? stopCall() : callStopped;
    reset();
    if (unfinished) void stopped.then((ms) => bridge.call('consult.finish', { consultationId: id, rating: null, recordingDurationMs: Math.max(0, Math.round(ms)) }));
  }

  return {
    state,
    screen,
    reconnecting,
    localStream,
    remoteStream,
    recording,
    recordedMs,
    volume,
    volumeStep,
    finish,
    tipPrint,
    iceRestarts,
    begin,
    chooseMatter,
    consent,
    reconsider,
    back,
    chooseShareName,
    retryMedia,
    cancelWaiting,
    keepWaiting,
    printTip,
    askHangup,
    cancelHangup,
    confirmHangup,
    leave,
    rate,
    volumeUp,
    volumeDown,
    handleEvent,
    wipe,
  };
});
