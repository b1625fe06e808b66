/**
 * window.faceHarness: drives the production verifier from Playwright. Descriptors are returned to
 * the calibration script only to compute distances; nothing here logs them.
 */
import { createFaceApiVerifier } from '../../../renderer/src/face/face-api-verifier.ts';
import { guide } from '../../../renderer/src/face/guidance.ts';
import { LivenessCheck } from '../../../renderer/src/face/liveness.ts';
import { bestDistance, decide } from '../../../renderer/src/face/matcher.ts';
import { createReplayVerifier } from '../../../renderer/src/face/replay.ts';
import { descriptorDistance, type Box, type Descriptor } from '../../../renderer/src/face/types.ts';
import { seeded } from '../../../renderer/src/face/testing/synthetic-motion.ts';
import recording from '../../fixtures/landmarks/replay-all-challenges.json';

/** A 640x480 camera-like frame: the photo scaled to fit, centred on grey. */
const cameraFrame = (image: ImageBitmap): Promise<ImageBitmap> => {
  const canvas = new OffscreenCanvas(640, 480);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#808080';
  ctx.fillRect(0, 0, 640, 480);
  const scale = Math.min(640 / image.width, 480 / image.height);
  const w = image.width * scale;
  const h = image.height * scale;
  ctx.drawImage(image, (640 - w) / 2, (480 - h) / 2, w, h);
  return createImageBitmap(canvas);
};
const MATCH = { threshold: 0.5, borderline: 0.6, maxAttempts: 3 };

/** The chip photo of a second-generation ID card is 102 x 126. */
const ID_WIDTH = 102;
const ID_HEIGHT = 126;
/** Face width as a fraction of the ID photo width (a head-and-shoulders portrait). */
const ID_FACE_WIDTH_RATIO = 0.55;

const verifier = createFaceApiVerifier();
/** Faces to crop (group photos, ID crops) come from the SSD detector; the crops then go through describe(). */
const findFaces = async (image: ImageBitmap) => verifier.locate(await createImageBitmap(image), 0.4);

const bitmapOf = async (url: string): Promise<ImageBitmap> => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return createImageBitmap(await response.blob());
};

const toArray = (d: Float32Array | null): number[] | null => (d ? Array.from(d) : null);

/** An ID-card-like crop around a face box, at the chip's 102x126, JPEG-recompressed (the chip is lossy). */
const idCrop = async (image: ImageBitmap, box: Box, quality: number): Promise<ImageBitmap> => {
  let width = box.width / ID_FACE_WIDTH_RATIO;
  let height = (width * ID_HEIGHT) / ID_WIDTH;
  const scale = Math.min(1, image.width / width, image.height / height);
  width *= scale;
  height *= scale;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height * 0.45;
  const x = Math.min(Math.max(0, cx - width / 2), image.width - width);
  const y = Math.min(Math.max(0, cy - height * 0.45), image.height - height);
  const canvas = new OffscreenCanvas(ID_WIDTH, ID_HEIGHT);
  const ctx = canvas.getContext('2d')!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(image, x, y, width, height, 0, 0, ID_WIDTH, ID_HEIGHT);
  const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality });
  return createImageBitmap(jpeg);
};

/** A generous square crop around a face in a group photo, given to describe() as a "live" frame. */
const faceCrop = (image: ImageBitmap, box: Box): Promise<ImageBitmap> => {
  const side = Math.max(box.width, box.height) * 2.2;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const x = Math.max(0, cx - side / 2);
  const y = Math.max(0, cy - side / 2);
  return createImageBitmap(image, x, y, Math.min(side, image.width - x), Math.min(side, image.height - y));
};

/** Is the largest face in this crop the one in its middle? (Checks a copy; the crop stays usable.) */
const centredOn = async (crop: ImageBitmap): Promise<boolean> => {
  const largest = (await verifier.locate(await createImageBitmap(crop), 0.3))[0];
  if (!largest) return true; // nothing found here: describe() will say so itself
  const cx = largest.box.x + largest.box.width / 2;
  const cy = largest.box.y + largest.box.height / 2;
  return Math.abs(cx / crop.width - 0.5) < 0.2 && Math.abs(cy / crop.height - 0.5) < 0.25;
};

const harness = {
  async load() {
    const started = performance.now();
    await verifier.load();
    const info = await verifier.info;
    return { ...info, wallMs: performance.now() - started };
  },
  async analyseUrl(url: string, at = 0) {
    return verifier.analyse(await bitmapOf(url), at);
  },
  /** Full frame through describe(): the live side. */
  async describeUrl(url: string) {
    return toArray(await verifier.describe(await bitmapOf(url)));
  },
  /** Whole image through describePhoto() (upscale + pad). */
  async describePhotoUrl(url: string) {
    return toArray(await verifier.describePhoto(await bitmapOf(url)));
  },
  /** The largest face cropped and shrunk to the ID chip's 102x126, then describePhoto(). */
  async describeIdUrl(url: string, quality = 0.6) {
    const image = await bitmapOf(url);
    const face = (await findFaces(image))[0];
    if (!face) return { found: false, descriptor: null };
    return { found: true, descriptor: toArray(await verifier.describePhoto(await idCrop(image, face.box, quality))) };
  },
  /**
   * Every face of a group photo: a live-style crop through describe() and an ID crop through
   * describePhoto(). describe() takes the LARGEST face in its input, and a crop can hold a bigger
   * neighbour: a crop counts only when its largest face is the one it was cut around (centred).
   */
  async describeGroupUrl(url: string, quality = 0.6) {
    const image = await bitmapOf(url);
    const faces = [];
    for (const face of await findFaces(image)) {
      const live = await faceCrop(image, face.box);
      const id = await idCrop(image, face.box, quality);
      faces.push({
        box: face.box,
        live: (await centredOn(live)) ? toArray(await verifier.describe(live)) : null,
        id: (await centredOn(id)) ? toArray(await verifier.describePhoto(id)) : null,
      });
    }
    return faces;
  },
  /** Bench: live analysis times over one 640x480 camera-like frame, n times. */
  async timeAnalyse(url: string, n: number) {
    const image = await cameraFrame(await bitmapOf(url));
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const frame = await createImageBitmap(image);
      const t = performance.now();
      await verifier.analyse(frame, t);
      times.push(performance.now() - t);
    }
    return times;
  },
  async timeDescribe(url: string, n: number) {
    const image = await cameraFrame(await bitmapOf(url));
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const frame = await createImageBitmap(image);
      const t = performance.now();
      await verifier.describe(frame);
      times.push(performance.now() - t);
    }
    return times;
  },
  /** The ID crop itself as a data URL, to eyeball the simulation (never written to logs). */
  async idCropDataUrl(url: string, quality = 0.6) {
    const image = await bitmapOf(url);
    const face = (await findFaces(image))[0];
    if (!face) return null;
    const crop = await idCrop(image, face.box, quality);
    const canvas = new OffscreenCanvas(crop.width, crop.height);
    canvas.getContext('2d')!.drawImage(crop, 0, 0);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return new Promise<string>((ok) => {
      const reader = new FileReader();
      reader.onload = () => ok(String(reader.result));
      reader.readAsDataURL(blob);
    });
  },
  memory: () => verifier.memory(),
  /**
   * One verification the way the flow runs it, on fixture frames: the ID photo (102x126 crop of
   * `photoUrl`) described, live frames of `liveUrl` analysed until 4 are well placed, the best 2
   * described and decided; with `liveness`, then the challenges (recorded landmark motion over
   * the real frames, replay.ts) with a sameFace() describe after each. Times in ms.
   */
  async verifyOnce(photoUrl: string, liveUrl: string, liveness: boolean, seed = 1) {
    const photoImage = await bitmapOf(photoUrl);
    const face = (await findFaces(photoImage))[0];
    if (!face) throw new Error('no face in the photo');
    const idPhoto = await idCrop(photoImage, face.box, 0.6);
    const live = await cameraFrame(await bitmapOf(liveUrl));
    const t0 = performance.now();
    const photo = await verifier.describePhoto(idPhoto);
    if (!photo) throw new Error('no face in the ID crop');
    const tPhoto = performance.now();
    const kept: ImageBitmap[] = [];
    let frames = 0;
    while (kept.length < 4 && frames < 50) {
      frames++;
      const frame = await createImageBitmap(live);
      const analysis = await verifier.analyse(frame, performance.now());
      if (guide(analysis) === 'ok') kept.push(await createImageBitmap(live));
    }
    const descriptors: Descriptor[] = [];
    for (const frame of kept.slice(0, 2)) {
      const d = await verifier.describe(frame);
      if (d) descriptors.push(d);
    }
    const distance = bestDistance(photo, descriptors);
    const decision = distance === null ? null : decide(distance, MATCH);
    const tMatch = performance.now();
    let livenessResult: string | null = null;
    if (liveness) {
      const replay = createReplayVerifier(verifier, recording);
      let latest: ImageBitmap | null = null;
      const check = new LivenessCheck({
        random: seeded(seed),
        count: 2,
        sameFace: async () => {
          const d = latest ? await verifier.describe(latest) : null;
          return d !== null && descriptorDistance(d, photo) <= MATCH.borderline;
        },
      });
      let status = check.status;
      while (status.phase !== 'passed' && status.phase !== 'failed') {
        latest = await createImageBitmap(live);
        status = await check.push(await replay.analyse(await createImageBitmap(live), performance.now()));
      }
      livenessResult = status.phase === 'failed' ? `failed:${status.reason}` : 'passed';
    }
    const tEnd = performance.now();
    return { photoMs: tPhoto - t0, matchMs: tMatch - tPhoto, livenessMs: tEnd - tMatch, totalFromFirstFrameMs: tEnd - tPhoto, frames, decision, distance, liveness: livenessResult };
  },
  verifier,
};

(window as unknown as { faceHarness: typeof harness }).faceHarness = harness;
document.title = 'face harness ready';
