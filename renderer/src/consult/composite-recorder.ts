/**
 * The copy of record of a consultation (全程录音录像): one WebM with both sides. The lawyer's
 * picture fills a canvas and the citizen's sits small in a corner (drawn on a timer; the kiosk is
 * always on screen), both voices are mixed with WebAudio, and MediaRecorder (VP8/Opus: mp4 is not
 * available in this Chromium, subsystems.md) hands over a chunk every second.
 */
import type { Clock, TimerHandle } from '../time/clock';

export const RECORDING_WIDTH = 960;
export const RECORDING_HEIGHT = 540;
export const RECORDING_FPS = 15;
export const RECORDING_TIMESLICE_MS = 1000;
export const RECORDING_MIME_TYPE = 'video/webm;codecs=vp8,opus';
/** ~0.6 Mbit/s in all: about 270 MB an hour, inside the 200-360 MB plan. */
const VIDEO_BITS_PER_SECOND = 560_000;
const AUDIO_BITS_PER_SECOND = 48_000;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a source of the given size goes to fill `box` without distortion (centred, cropped). */
export function coverRect(sourceWidth: number, sourceHeight: number, box: Rect): { source: Rect; target: Rect } {
  if (sourceWidth <= 0 || sourceHeight <= 0) return { source: { x: 0, y: 0, width: 0, height: 0 }, target: box };
  const scale = Math.max(box.width / sourceWidth, box.height / sourceHeight);
  const width = box.width / scale;
  const height = box.height / scale;
  return { source: { x: (sourceWidth - width) / 2, y: (sourceHeight - height) / 2, width, height }, target: box };
}

/** The citizen's small picture: a quarter of the width, bottom right, with a margin. */
export function selfViewRect(canvasWidth: number, canvasHeight: number): Rect {
  const width = Math.round(canvasWidth / 4);
  const height = Math.round((width * 9) / 16);
  const margin = Math.round(canvasWidth / 64);
  return { x: canvasWidth - width - margin, y: canvasHeight - height - margin, width, height };
}

export interface CompositeRecording {
  /** Stops drawing and recording; resolves after the last chunk was handed over. */
  stop(): Promise<void>;
  /** Recorded time so far (ms), or the whole length once stopped. */
  durationMs(): number;
}

export interface CompositeRecorderOptions {
  remote: MediaStream;
  local: MediaStream;
  clock: Clock;
  onChunk: (chunk: Blob) => void;
  /** A recorder failure; the call goes on (the caller reports it). */
  onError: (error: unknown) => void;
}

const playingVideo = (stream: MediaStream): HTMLVideoElement => {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  void video.play().catch(() => undefined);
  return video;
};

const drawCover = (ctx: CanvasRenderingContext2D, video: HTMLVideoElement, box: Rect): void => {
  if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || video.videoWidth === 0) return;
  const { source, target } = coverRect(video.videoWidth, video.videoHeight, box);
  ctx.drawImage(video, source.x, source.y, source.width, source.height, target.x, target.y, target.width, target.height);
};

/** Starts recording at once. Throws when this browser cannot record (no MediaRecorder or codec). */
export function startCompositeRecording(options: CompositeRecorderOptions): CompositeRecording {
  const { clock } = options;
  if (typeof MediaRecorder === 'undefined' || !MediaRecorder.isTypeSupported(RECORDING_MIME_TYPE)) throw new Error('recording unsupported');
  const canvas = document.createElement('canvas');
  canvas.width = RECORDING_WIDTH;
  canvas.height = RECORDING_HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  const remoteVideo = playingVideo(options.remote);
  const localVideo = playingVideo(options.local);
  const full: Rect = { x: 0, y: 0, width: RECORDING_WIDTH, height: RECORDING_HEIGHT };
  const small = selfViewRect(RECORDING_WIDTH, RECORDING_HEIGHT);
  const draw = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, RECORDING_WIDTH, RECORDING_HEIGHT);
    drawCover(ctx, remoteVideo, full);
    ctx.fillStyle = '#fff';
    ctx.fillRect(small.x - 2, small.y - 2, small.width + 4, small.height + 4);
    ctx.fillStyle = '#000';
    ctx.fillRect(small.x, small.y, small.width, small.height);
    drawCover(ctx, localVideo, small);
  };
  draw();
  const drawTimer: TimerHandle = clock.setInterval(draw, Math.round(1000 / RECORDING_FPS));

  // Both voices into one track. A remote WebRTC stream only sounds in WebAudio while a media
  // element also plays it: the call screen's <video> does that.
  const audio = new AudioContext();
  void audio.resume().catch(() => undefined);
  const mix = audio.createMediaStreamDestination();
  for (const stream of [options.remote, options.local]) {
    if (stream.getAudioTracks().length > 0) audio.createMediaStreamSource(stream).connect(mix);
  }

  const video = canvas.captureStream(RECORDING_FPS);
  const mixed = new MediaStream([...video.getVideoTracks(), ...mix.stream.getAudioTracks()]);
  const recorder = new MediaRecorder(mixed, { mimeType: RECORDING_MIME_TYPE, videoBitsPerSecond: VIDEO_BITS_PER_SECOND, audioBitsPerSecond: AUDIO_BITS_PER_SECOND });
  recorder.addEventListener('dataavailable', (event) => {
    if (event.data.size > 0) options.onChunk(event.data);
  });
  recorder.addEventListener('error', (event) => options.onError((event as Event & { error?: unknown }).error ?? event));
  const startedAt = clock.now();
  let stoppedAt: number | null = null;
  recorder.start(RECORDING_TIMESLICE_MS);

  const release = () => {
    clock.clearInterval(drawTimer);
    for (const track of mixed.getTracks()) track.stop();
    for (const element of [remoteVideo, localVideo]) {
      element.pause();
      element.srcObject = null;
    }
    void audio.close().catch(() => undefined);
  };

  return {
    durationMs: () => (stoppedAt ?? clock.now()) - startedAt,
    stop() {
      if (stoppedAt !== null) return Promise.resolve();
      stoppedAt = clock.now();
      if (recorder.state === 'inactive') {
        release();
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        // The final dataavailable fires before stop.
        recorder.addEventListener('stop', () => {
          release();
          resolve();
        });
        try {
          recorder.stop();
        } catch (error) {
          options.onError(error);
          release();
          resolve();
        }
      });
    },
  };
}
