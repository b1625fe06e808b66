/**
 * The document camera (chosen by the technician; any camera when none is configured) for
 * photographing papers page by page. Opening reuses the kiosk camera service (timeout, fallback to
 * the default camera, error classes) and then asks for a higher resolution, best effort: a page of
 * small print needs more pixels than a face.
 *
 * Frames are ImageBitmaps grabbed from a detached <video>; the caller closes each one as soon as it
 * is encoded or discarded. Pages leave as JPEG bytes (long side <= 1600 px, quality 0.85), the
 * rotation the person chose applied to the pixels.
 */
import { cameraSession, openCameraStream } from './camera';

export const DOCUMENT_MAX_SIDE = 1600;
export const DOCUMENT_JPEG_QUALITY = 0.85;
/** What we ask the camera for: 1080p is what common USB document cameras deliver without fuss. */
const DOCUMENT_RESOLUTION = { width: { ideal: 1920 }, height: { ideal: 1080 } };

export interface DocumentFrame {
  readonly width: number;
  readonly height: number;
  close(): void;
}

export interface DocumentCameraSession {
  /** For the live preview; null in tests. */
  readonly stream: MediaStream | null;
  grab(): Promise<DocumentFrame | null>;
  /** Stops every track; idempotent. */
  stop(): void;
}

export interface EncodedPage {
  readonly jpeg: Uint8Array;
  readonly width: number;
  readonly height: number;
}

export interface DocumentCamera {
  /** Rejects (CameraUnavailable) when there is no usable camera. */
  open(deviceId: string | null): Promise<DocumentCameraSession>;
  /** JPEG of the frame turned clockwise by quarterTurns x 90°, scaled to fit DOCUMENT_MAX_SIDE. */
  encode(frame: DocumentFrame, quarterTurns: number): Promise<EncodedPage>;
}

/** Output size and scale for a frame turned by quarterTurns: never enlarged, long side capped. */
export function pageGeometry(width: number, height: number, quarterTurns: number, maxSide = DOCUMENT_MAX_SIDE): { width: number; height: number; scale: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  return quarterTurns % 2 === 0 ? { width: w, height: h, scale } : { width: h, height: w, scale };
}

export async function encodeFrame(frame: DocumentFrame, quarterTurns: number): Promise<EncodedPage> {
  if (!(frame instanceof ImageBitmap)) throw new TypeError('not a camera frame');
  const turns = ((quarterTurns % 4) + 4) % 4;
  const size = pageGeometry(frame.width, frame.height, turns);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.translate(size.width / 2, size.height / 2);
  ctx.rotate((turns * Math.PI) / 2);
  const w = frame.width * size.scale;
  const h = frame.height * size.scale;
  ctx.drawImage(frame, -w / 2, -h / 2, w, h);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', DOCUMENT_JPEG_QUALITY));
  // Let go of the pixels now rather than when the collector gets round to it.
  canvas.width = 0;
  canvas.height = 0;
  if (!blob) throw new Error('JPEG encoding failed');
  return { jpeg: new Uint8Array(await blob.arrayBuffer()), width: size.width, height: size.height };
}

export const browserDocumentCamera: DocumentCamera = {
  async open(deviceId) {
    const stream = await openCameraStream(deviceId);
    const track = stream.getVideoTracks()[0];
    await track?.applyConstraints(DOCUMENT_RESOLUTION).catch(() => undefined);
    return cameraSession(stream);
  },
  encode: encodeFrame,
};
