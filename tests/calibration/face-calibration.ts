/**
 * Face threshold calibration with the production pipeline: FaceApiVerifier (worker, tfjs WASM,
 * verified weights) in Debian Chromium through the harness page.
 *
 *   node --import tsx tests/calibration/face-calibration.ts [--json out.json]
 *
 * People: ../shared/fixtures/faces (same letter = same person: 22 genuine pairs) and the 22 adults
 * in @vladmandic/face-api's demo sample1..6.jpg (different people, impostors only).
 * Conditions:
 *   photo     describe(photo i) vs describe(photo j): the fixture README's setup, as a cross-check.
 *   id-card   enrolment = the face cropped like an ID portrait, shrunk to the chip's 102x126 and
 *             JPEG-recompressed, through describePhoto() (2x upscale + pad); probe = describe() of
 *             another photo (the "live" side). Ordered pairs, as in the kiosk (card vs camera).
 *   id-self   the same photo as its own ID-size enrolment: what the ID degradation alone costs.
 * Prints distances only (no descriptors, no images).
 */
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_FACES, openHarness } from './harness-runner.ts';

type Vec = number[];
interface Api {
  load(): Promise<{ loadMs: number }>;
  describeUrl(url: string): Promise<Vec | null>;
  describeIdUrl(url: string, quality?: number): Promise<{ found: boolean; descriptor: Vec | null }>;
  describeGroupUrl(url: string, quality?: number): Promise<Array<{ live: Vec | null; id: Vec | null }>>;
}
interface Subject {
  readonly name: string;
  readonly person: string;
  readonly live: Vec | null;
  readonly id: Vec | null;
}

const THRESHOLDS = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65];
const JPEG_QUALITY = 0.6;

const distance = (a: Vec, b: Vec): number => Math.sqrt(a.reduce((sum, v, i) => sum + (v - (b[i] as number)) ** 2, 0));
const stats = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { n: values.length, min: sorted[0] ?? NaN, p5: at(0.05), median: at(0.5), mean, p95: at(0.95), max: sorted.at(-1) ?? NaN };
};
const f3 = (n: number): string => n.toFixed(3);

const manifest = JSON.parse(readFileSync(join(FIXTURE_FACES, 'manifest.json'), 'utf8')) as { files: Array<{ file: string; person: string }> };

const harness = await openHarness();
const call = <T>(fn: string, ...args: unknown[]): Promise<T> =>
  harness.page.evaluate(
    ([name, params]) => (window as unknown as { faceHarness: Record<string, (...a: unknown[]) => Promise<unknown>> }).faceHarness[name as string]!(...(params as unknown[])),
    [fn, args] as const,
  ) as Promise<T>;

const subjects: Subject[] = [];
const missed: string[] = [];
try {
  await call('load');
  for (const { file, person } of manifest.files) {
    const live = await call<Vec | null>('describeUrl', `/fixtures/${file}`);
    const id = await call<Awaited<ReturnType<Api['describeIdUrl']>>>('describeIdUrl', `/fixtures/${file}`, JPEG_QUALITY);
    if (!live) missed.push(`${file} (live)`);
    if (!id.descriptor) missed.push(`${file} (id-card crop${id.found ? '' : ': no face to crop'})`);
    subjects.push({ name: file, person: `fixture-${person}`, live, id: id.descriptor });
  }
  for (let n = 1; n <= 6; n++) {
    const faces = await call<Awaited<ReturnType<Api['describeGroupUrl']>>>('describeGroupUrl', `/samples/sample${n}.jpg`, JPEG_QUALITY);
    faces.forEach((face, i) => {
      const name = `sample${n}#${i + 1}`;
      if (!face.live) missed.push(`${name} (live)`);
      if (!face.id) missed.push(`${name} (id-card crop)`);
      subjects.push({ name, person: name, live: face.live, id: face.id });
    });
  }
} finally {
  await harness.close();
}

interface Pair {
  readonly a: string;
  readonly b: string;
  readonly same: boolean;
  readonly d: number;
}
const pairs = (condition: 'photo' | 'id-card'): Pair[] => {
  const out: Pair[] = [];
  for (const [i, s] of subjects.entries()) {
    for (const [j, t] of subjects.entries()) {
      if (i === j) continue;
      if (condition === 'photo' && (j < i || !s.name.startsWith('person') || !t.name.startsWith('person'))) continue;
      const a = condition === 'photo' ? s.live : s.id;
      if (!a || !t.live) continue;
      out.push({ a: s.name, b: t.name, same: s.person === t.person, d: distance(a, t.live) });
    }
  }
  return out;
};

const report = (title: string, list: Pair[]) => {
  const genuine = list.filter((p) => p.same);
  const impostor = list.filter((p) => !p.same);
  process.stdout.write(`\n## ${title}: ${genuine.length} genuine, ${impostor.length} impostor pairs\n`);
  for (const [label, set] of [['genuine', genuine], ['impostor', impostor]] as const) {
    const s = stats(set.map((p) => p.d));
    process.stdout.write(`${label.padEnd(9)} n=${s.n} min ${f3(s.min)} p5 ${f3(s.p5)} median ${f3(s.median)} mean ${f3(s.mean)} p95 ${f3(s.p95)} max ${f3(s.max)}\n`);
  }
  process.stdout.write('threshold  false rejects (genuine > t)  false accepts (impostor <= t)\n');
  const rows = THRESHOLDS.map((t) => {
    const fr = genuine.filter((p) => p.d > t).length;
    const fa = impostor.filter((p) => p.d <= t).length;
    process.stdout.write(`${t.toFixed(2)}       ${`${fr}/${genuine.length}`.padEnd(6)} ${((100 * fr) / Math.max(1, genuine.length)).toFixed(1).padStart(5)} %            ${`${fa}/${impostor.length}`.padEnd(8)} ${((100 * fa) / Math.max(1, impostor.length)).toFixed(2).padStart(6)} %\n`);
    return { threshold: t, falseRejects: fr, falseAccepts: fa };
  });
  const hardestGenuine = [...genuine].sort((x, y) => y.d - x.d).slice(0, 4);
  const closestImpostor = [...impostor].sort((x, y) => x.d - y.d).slice(0, 4);
  process.stdout.write(`hardest genuine: ${hardestGenuine.map((p) => `${p.a}->${p.b} ${f3(p.d)}`).join(', ')}\n`);
  process.stdout.write(`closest impostors: ${closestImpostor.map((p) => `${p.a}->${p.b} ${f3(p.d)}`).join(', ')}\n`);
  return { genuine: stats(genuine.map((p) => p.d)), impostor: stats(impostor.map((p) => p.d)), rows, hardestGenuine, closestImpostor };
};

process.stdout.write(`faces: ${subjects.filter((s) => s.name.startsWith('person')).length} fixture photos, ${subjects.filter((s) => s.name.startsWith('sample')).length} sample faces\n`);
if (missed.length) process.stdout.write(`no descriptor: ${missed.join('; ')}\n`);
const photo = report('photo vs photo (fixtures only)', pairs('photo'));
const idCard = report('ID-card enrolment (102x126, JPEG q0.6) vs live photo', pairs('id-card'));
const idSelf = subjects.filter((s) => s.id && s.live).map((s) => distance(s.id as Vec, s.live as Vec));
const self = stats(idSelf);
process.stdout.write(`\n## id-self (same photo, ID-size vs full): n=${self.n} min ${f3(self.min)} median ${f3(self.median)} p95 ${f3(self.p95)} max ${f3(self.max)}\n`);

const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0 && process.argv[jsonAt + 1]) {
  writeFileSync(process.argv[jsonAt + 1] as string, `${JSON.stringify({ photo, idCard, idSelf: self, missed }, null, 2)}\n`);
}
