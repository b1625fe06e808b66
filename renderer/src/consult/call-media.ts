/**
 * What a call needs from the browser, behind one seam so the store's tests run without media:
 * the kiosk's camera and microphone, the peer connection, and the composite recording.
 */
import type { Clock } from '../time/clock';
import { PeerLink, type PeerLinkOptions } from './peer-link';
import { startCompositeRecording, type CompositeRecorderOptions, type CompositeRecording } from './composite-recorder';

export interface CallMedia {
  /** Camera (the technician's choice, else the default) and microphone. Rejects when either is missing. */
  openLocal(cameraDeviceId: string | null): Promise<MediaStream>;
  createLink(options: PeerLinkOptions): Pick<PeerLink, 'start' | 'restartIce' | 'applySignal' | 'close' | 'connectionState'>;
  startRecording(options: CompositeRecorderOptions): CompositeRecording;
}

/** A half-dead USB camera can leave getUserMedia pending: give up and say so. */
export const MEDIA_OPEN_TIMEOUT_MS = 10_000;

const constraints = (deviceId: string | null): MediaStreamConstraints => ({
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
  video: { ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'user' }), width: { ideal: 640 }, height: { ideal: 480 } },
});

async function open(deviceId: string | null, clock: Clock): Promise<MediaStream> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!media?.getUserMedia) throw new Error('getUserMedia unsupported');
  let timedOut = false;
  let timer = 0;
  const timeout = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      timedOut = true;
      reject(new Error('media timeout'));
    }, MEDIA_OPEN_TIMEOUT_MS);
  });
  const pending = media.getUserMedia(constraints(deviceId)).then((stream) => {
    // Arrived after we gave up: release the camera at once.
    if (timedOut) for (const track of stream.getTracks()) track.stop();
    return stream;
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clock.clearTimeout(timer);
  }
}

export const browserCallMedia = (clock: Clock): CallMedia => ({
  async openLocal(cameraDeviceId) {
    try {
      return await open(cameraDeviceId, clock);
    } catch (error) {
      // The chosen camera has gone (unplugged, replaced): the default one is better than none.
      const name = error instanceof Error ? error.name : '';
      if (cameraDeviceId !== null && (name === 'NotFoundError' || name === 'OverconstrainedError')) return open(null, clock);
      throw error;
    }
  },
  createLink: (options) => new PeerLink(options),
  startRecording: startCompositeRecording,
});
