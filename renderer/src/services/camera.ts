/**
 * The kiosk camera through getUserMedia, behind the CameraProvider seam the identity check uses.
 * Frames are grabbed from a detached <video> as ImageBitmaps the caller closes; nothing is drawn to
 * a canvas that outlives the frame, nothing is stored.
 */
import type { CameraProvider, CameraSession } from '../stores/identity-check';

/** getUserMedia can hang (a busy or half-dead USB camera): give up and offer the alternative. */
export const CAMERA_OPEN_TIMEOUT_MS = 10_000;

export class CameraUnavailable extends Error {
  constructor(readonly reason: 'unsupported' | 'not_found' | 'denied' | 'timeout' | 'failed') {
    super(`camera unavailable: ${reason}`);
  }
}

const stopStream = (stream: MediaStream): void => {
  for (const track of stream.getTracks()) track.stop();
};

const classify = (error: unknown): CameraUnavailable => {
  if (error instanceof CameraUnavailable) return error;
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return new CameraUnavailable('not_found');
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraUnavailable('denied');
  return new CameraUnavailable('failed');
};

/** Resolves the stream, or rejects after the timeout (and stops a stream that arrives late). */
function withTimeout(promise: Promise<MediaStream>, ms: number): Promise<MediaStream> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      reject(new CameraUnavailable('timeout'));
    }, ms);
    promise.then(
      (stream) => {
        if (done) stopStream(stream);
        else {
          clearTimeout(timer);
          resolve(stream);
        }
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (!done) reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export const videoConstraints = (deviceId: string | null): MediaStreamConstraints => ({
  audio: false,
  video: deviceId ? { deviceId: { exact: deviceId }, width: { ideal: 640 }, height: { ideal: 480 } } : { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' },
});

/** Opens a stream on the chosen camera; a chosen camera that has gone falls back to the default. */
export async function openCameraStream(deviceId: string | null, timeoutMs = CAMERA_OPEN_TIMEOUT_MS): Promise<MediaStream> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!media?.getUserMedia) throw new CameraUnavailable('unsupported');
  try {
    return await withTimeout(media.getUserMedia(videoConstraints(deviceId)), timeoutMs);
  } catch (error) {
    const reason = classify(error);
    if (deviceId !== null && reason.reason === 'not_found') return openCameraStream(null, timeoutMs);
    throw reason;
  }
}

/** Video inputs for the technician's camera choice (labels appear once permission was granted). */
export async function listVideoInputs(): Promise<Array<{ deviceId: string; label: string }>> {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
  if (!media?.enumerateDevices) return [];
  const devices = await media.enumerateDevices();
  return devices.filter((d) => d.kind === 'videoinput' && d.deviceId !== '').map((d) => ({ deviceId: d.deviceId, label: d.label }));
}

/** A CameraSession over a stream: frames come from a detached, muted <video>. */
export async function cameraSession(stream: MediaStream): Promise<CameraSession> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    stopStream(stream);
    video.pause();
    video.srcObject = null;
  };
  try {
    await video.play();
  } catch (error) {
    stop();
    throw classify(error);
  }
  return {
    stream,
    async grab() {
      if (stopped || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return null;
      return createImageBitmap(video);
    },
    stop,
  };
}

export const browserCamera: CameraProvider = {
  async open(deviceId) {
    const stream = await openCameraStream(deviceId);
    return cameraSession(stream);
  },
  async available() {
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!media?.getUserMedia) return false;
    if (!media.enumerateDevices) return true;
    // Before permission is granted, entries have no id or label, but they are listed.
    return (await media.enumerateDevices()).some((d) => d.kind === 'videoinput');
  },
};

/** The card photo (as the core sent it) as a bitmap; null when the browser cannot decode it. */
export async function decodeCardPhoto(photo: { mime: string; base64: string }): Promise<ImageBitmap | null> {
  if (photo.mime === 'image/svg+xml') return null; // placeholders, never a face
  try {
    const binary = atob(photo.base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return await createImageBitmap(new Blob([bytes], { type: photo.mime }));
  } catch {
    return null;
  }
}
