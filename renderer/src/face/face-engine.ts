/**
 * The face-api engine itself, run inside the face worker (face.worker.ts): verified weights and
 * WASM, the tfjs WASM backend, and the three operations of FaceVerifier over ImageBitmaps.
 * Frames are turned into ImageData on an OffscreenCanvas and fed to face-api as tensors, so
 * face-api never needs a DOM (there is none in a worker).
 */
import * as faceapi from '@vladmandic/face-api';
import { MODEL_FILES, WASM_FILES, type ModelFile } from './model-files.ts';
import type { Box, Descriptor, DetectedFace, FrameAnalysis } from './types.ts';
import { fetchVerified, type PinnedFiles, PINNED_FILES } from './verified-fetch.ts';

/** The parts of tfjs the bundled face-api carries at run time but leaves out of its typings. */
interface TfRuntime {
  setWasmPaths(prefix: string, usePlatformFetch: boolean): void;
  setThreadsCount?(count: number): void;
  getThreadsCount?(): number;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  memory(): { numTensors: number; numBytes: number };
  env(): { set(flag: string, value: boolean): void; platform: { fetch(path: string, init?: RequestInit): Promise<Response> } };
  browser: { fromPixels(pixels: ImageData, channels?: number): faceapi.tf.Tensor3D };
  io: { decodeWeights(data: ArrayBuffer, specs: unknown[]): faceapi.tf.NamedTensorMap };
}

const tfRuntime = (): TfRuntime => {
  const tf = faceapi.tf as unknown as Partial<TfRuntime>;
  for (const name of ['setWasmPaths', 'setBackend', 'ready', 'getBackend', 'memory', 'env'] as const) {
    if (typeof tf[name] !== 'function') throw new Error(`face-api bundle lacks tf.${name}`);
  }
  return tf as TfRuntime;
};

export interface EngineOptions {
  /** Absolute URL of the served face folder (ends with '/'). */
  readonly baseUrl: string;
  /** Tiny detector input size for the live pass (multiple of 32): smaller is faster, less reach. */
  readonly liveInputSize?: number;
  readonly files?: PinnedFiles;
}

export interface EngineInfo {
  readonly backend: string;
  readonly threads: number;
  readonly crossOriginIsolated: boolean;
  readonly loadMs: number;
}

/** Tiny-detector score floor for the live pass: guidance ignores weaker faces anyway. */
const LIVE_MIN_SCORE = 0.4;
/** SSD confidence floors: camera frames are sharp; old ID photos score lower. */
const FRAME_MIN_CONFIDENCE = 0.5;
const PHOTO_MIN_CONFIDENCE = 0.3;
/** The ID photo is drawn at this scale, with this much margin (of the scaled size) on each side. */
export const PHOTO_UPSCALE = 2;
export const PHOTO_PAD_RATIO = 0.3;

const netOf = (file: ModelFile): faceapi.NeuralNetwork<unknown> => {
  switch (file) {
    case 'tiny_face_detector_model':
      return faceapi.nets.tinyFaceDetector as unknown as faceapi.NeuralNetwork<unknown>;
    case 'ssd_mobilenetv1_model':
      return faceapi.nets.ssdMobilenetv1 as unknown as faceapi.NeuralNetwork<unknown>;
    case 'face_landmark_68_model':
      return faceapi.nets.faceLandmark68Net as unknown as faceapi.NeuralNetwork<unknown>;
    case 'face_recognition_model':
      return faceapi.nets.faceRecognitionNet as unknown as faceapi.NeuralNetwork<unknown>;
  }
};

interface WeightsManifestGroup {
  weights: unknown[];
}

/** Mean luma (BT.601) over every 4th pixel: enough for "too dark", a quarter of the work. */
export const meanLuma = (rgba: Uint8ClampedArray): number => {
  let sum = 0;
  let count = 0;
  for (let i = 0; i + 3 < rgba.length; i += 16) {
    sum += 0.299 * (rgba[i] as number) + 0.587 * (rgba[i + 1] as number) + 0.114 * (rgba[i + 2] as number);
    count++;
  }
  return count ? sum / count : 0;
};

/**
 * face-api looks up its environment even for tensor inputs (instanceof checks), and knows only the
 * window and Node. A worker has neither: give it OffscreenCanvas and stand-ins that never match.
 */
const installWorkerEnvironment = (): void => {
  if (faceapi.env.isBrowser() || faceapi.env.isNodejs()) return;
  class NoElement {}
  const unsupported = (): never => {
    throw new Error('face worker: DOM elements are not available; pass tensors');
  };
  faceapi.env.setEnv({
    Canvas: OffscreenCanvas,
    CanvasRenderingContext2D: OffscreenCanvasRenderingContext2D,
    Image: NoElement,
    ImageData,
    Video: NoElement,
    createCanvasElement: () => new OffscreenCanvas(1, 1),
    createImageElement: unsupported,
    createVideoElement: unsupported,
    fetch: (url: string, init?: RequestInit) => fetch(url, init),
    readFile: unsupported,
  } as unknown as faceapi.Environment);
};

const area = (box: { width: number; height: number }): number => box.width * box.height;

export class FaceEngine {
  private loaded: Promise<EngineInfo> | null = null;
  private canvas: OffscreenCanvas | null = null;
  private readonly tf = tfRuntime();

  constructor(private readonly options: EngineOptions) {
    installWorkerEnvironment();
  }

  load(): Promise<EngineInfo> {
    this.loaded ??= this.loadOnce();
    return this.loaded;
  }

  private async loadOnce(): Promise<EngineInfo> {
    const started = performance.now();
    const files = this.options.files ?? PINNED_FILES;
    const base = this.options.baseUrl;
    // The WASM binaries are verified like the weights. tfjs then gets them through its platform
    // fetch, which answers only with those verified bytes: no second, unchecked download, and no
    // blob: or data: URL that the kiosk's CSP (connect-src 'self') would have to allow.
    const verifiedWasm = new Map<string, ArrayBuffer>();
    await Promise.all(WASM_FILES.map(async (name) => verifiedWasm.set(new URL(name, base).href, await fetchVerified(base, name, files))));
    const platform = this.tf.env().platform;
    platform.fetch = async (path: string) => {
      const bytes = verifiedWasm.get(new URL(path, base).href);
      if (!bytes) throw new Error(`face engine: refusing to fetch unverified ${path}`);
      return new Response(bytes.slice(0), { headers: { 'Content-Type': 'application/wasm' } });
    };
    const isolated = globalThis.crossOriginIsolated === true;
    this.tf.setWasmPaths(base, true);
    // Never the threaded build, even when the page is cross-origin isolated: face-api's bundle
    // re-creates tfjs's pthread workers from the minified factory's source text, which refers to
    // names outside it ("e is not defined" in every pthread worker, measured in Chromium 156).
    // Single-threaded SIMD is what runs; docs/face-calibration.md has the numbers.
    this.tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (!(await this.tf.setBackend('wasm'))) throw new Error('tfjs WASM backend failed to start');
    await this.tf.ready();

    await Promise.all(MODEL_FILES.map((file) => this.loadNet(file, base, files)));
    return {
      backend: this.tf.getBackend(),
      threads: this.tf.getThreadsCount?.() ?? 1,
      crossOriginIsolated: isolated,
      loadMs: performance.now() - started,
    };
  }

  private async loadNet(file: ModelFile, base: string, files: PinnedFiles): Promise<void> {
    const [manifestBytes, weightBytes] = await Promise.all([
      fetchVerified(base, `${file}-weights_manifest.json`, files),
      fetchVerified(base, `${file}.bin`, files),
    ]);
    const groups = JSON.parse(new TextDecoder().decode(manifestBytes)) as WeightsManifestGroup[];
    const specs = groups.flatMap((group) => group.weights);
    netOf(file).loadFromWeightMap(this.tf.io.decodeWeights(weightBytes, specs));
  }

  memory(): { numTensors: number; numBytes: number } {
    return this.tf.memory();
  }

  /** Draws a bitmap (optionally scaled and padded) and reads its pixels back. */
  private pixels(bitmap: ImageBitmap, scale = 1, pad = 0, fill?: string): ImageData {
    const width = Math.round(bitmap.width * scale) + 2 * pad;
    const height = Math.round(bitmap.height * scale) + 2 * pad;
    if (!this.canvas || this.canvas.width !== width || this.canvas.height !== height) this.canvas = new OffscreenCanvas(width, height);
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d context in the face worker');
    if (fill) {
      ctx.fillStyle = fill;
      ctx.fillRect(0, 0, width, height);
    }
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, pad, pad, width - 2 * pad, height - 2 * pad);
    return ctx.getImageData(0, 0, width, height);
  }

  async analyse(bitmap: ImageBitmap, at: number): Promise<FrameAnalysis> {
    await this.load();
    const image = this.pixels(bitmap);
    const input = this.tf.browser.fromPixels(image, 3);
    try {
      const options = new faceapi.TinyFaceDetectorOptions({ inputSize: this.options.liveInputSize ?? 224, scoreThreshold: LIVE_MIN_SCORE });
      const results = await faceapi.detectAllFaces(input, options).withFaceLandmarks();
      const faces: DetectedFace[] = results
        .map((r) => ({
          box: { x: r.detection.box.x, y: r.detection.box.y, width: r.detection.box.width, height: r.detection.box.height },
          score: r.detection.score,
          landmarks: r.landmarks.positions.map((p) => ({ x: p.x, y: p.y })),
        }))
        .sort((a, b) => area(b.box) - area(a.box));
      return { at, width: image.width, height: image.height, faces, brightness: meanLuma(image.data) };
    } finally {
      input.dispose();
    }
  }

  /** SSD + landmarks + descriptor on already-drawn pixels; the largest face's descriptor. */
  private async describePixels(image: ImageData, minConfidence: number): Promise<Descriptor | null> {
    const input = this.tf.browser.fromPixels(image, 3);
    try {
      const results = await faceapi
        .detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence }))
        .withFaceLandmarks()
        .withFaceDescriptors();
      const largest = results.sort((a, b) => area(b.detection.box) - area(a.detection.box))[0];
      return largest ? new Float32Array(largest.descriptor) : null;
    } finally {
      input.dispose();
    }
  }

  /** Every face SSD finds (boxes and scores only), largest first: for cropping in tools and tests. */
  async locate(bitmap: ImageBitmap, minConfidence = FRAME_MIN_CONFIDENCE): Promise<Array<{ box: Box; score: number }>> {
    await this.load();
    const input = this.tf.browser.fromPixels(this.pixels(bitmap), 3);
    try {
      const found = await faceapi.detectAllFaces(input, new faceapi.SsdMobilenetv1Options({ minConfidence }));
      return found
        .map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score }))
        .sort((a, b) => area(b.box) - area(a.box));
    } finally {
      input.dispose();
    }
  }

  async describe(bitmap: ImageBitmap): Promise<Descriptor | null> {
    await this.load();
    return this.describePixels(this.pixels(bitmap), FRAME_MIN_CONFIDENCE);
  }

  /**
   * The chip photo is ~102x126 and tightly cropped: the detector needs the face larger and with
   * room around it. Upscale 2x and pad with the photo's own border colour (the plain backdrop), so
   * the padding adds no edge the detector could take for a face outline.
   */
  async describePhoto(bitmap: ImageBitmap): Promise<Descriptor | null> {
    await this.load();
    const pad = Math.round(Math.max(bitmap.width, bitmap.height) * PHOTO_UPSCALE * PHOTO_PAD_RATIO);
    const fill = borderColour(this.pixels(bitmap));
    return this.describePixels(this.pixels(bitmap, PHOTO_UPSCALE, pad, fill), PHOTO_MIN_CONFIDENCE);
  }
}

/** Mean colour of the outermost pixel ring, as a CSS colour. */
export const borderColour = (image: ImageData): string => {
  const { width, height, data } = image;
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  const add = (x: number, y: number): void => {
    const i = (y * width + x) * 4;
    r += data[i] as number;
    g += data[i + 1] as number;
    b += data[i + 2] as number;
    n++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    add(width - 1, y);
  }
  if (n === 0) return 'rgb(128,128,128)';
  return `rgb(${Math.round(r / n)},${Math.round(g / n)},${Math.round(b / n)})`;
};
