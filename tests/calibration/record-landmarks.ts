/**
 * Records real 68-point landmarks from the fixture photos with the production live pass (tiny
 * detector, input 224, + 68 landmarks, in Chromium via the harness) into tests/fixtures/landmarks/.
 * The liveness unit tests and the replay streams start from these points.
 *
 *   node --import tsx tests/calibration/record-landmarks.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openHarness, ROOT } from './harness-runner.ts';
import type { FrameAnalysis } from '../../renderer/src/face/types.ts';

/** Frontal, evenly lit portraits: the starting points for synthetic blinks and turns. */
const PHOTOS = ['person-a-1.jpg', 'person-a-4.jpg', 'person-b-1.jpg', 'person-c-1.jpg', 'person-f-1.jpg', 'person-h-1.jpg'];
const round = (n: number): number => Math.round(n * 10) / 10;

const harness = await openHarness();
try {
  await harness.page.evaluate(() => (window as unknown as { faceHarness: { load(): Promise<unknown> } }).faceHarness.load());
  for (const photo of PHOTOS) {
    const analysis = (await harness.page.evaluate(
      (url) => (window as unknown as { faceHarness: { analyseUrl(u: string): Promise<unknown> } }).faceHarness.analyseUrl(url),
      `/fixtures/${photo}`,
    )) as FrameAnalysis;
    const face = analysis.faces[0];
    if (!face || analysis.faces.length !== 1) throw new Error(`${photo}: expected one face, found ${analysis.faces.length}`);
    const record = {
      source: `../shared/fixtures/faces/${photo}`,
      recordedWith: 'FaceApiVerifier.analyse: tiny_face_detector (input 224) + face_landmark_68, tfjs WASM, Chromium',
      width: analysis.width,
      height: analysis.height,
      brightness: round(analysis.brightness),
      face: {
        box: { x: round(face.box.x), y: round(face.box.y), width: round(face.box.width), height: round(face.box.height) },
        score: Math.round(face.score * 1000) / 1000,
        landmarks: face.landmarks.map((p) => ({ x: round(p.x), y: round(p.y) })),
      },
    };
    const out = join(ROOT, 'tests', 'fixtures', 'landmarks', photo.replace(/\.jpg$/, '.json'));
    writeFileSync(out, `${JSON.stringify(record)}\n`);
    process.stdout.write(`${photo}: face ${Math.round(face.box.width)} px wide, score ${face.score.toFixed(2)}\n`);
  }
} finally {
  await harness.close();
}
