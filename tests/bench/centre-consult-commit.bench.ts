/**
 * Centre side of a consultation recording: the tus upload of a long WebM in 4 MiB chunks, the
 * kiosk's commit (the centre hashes the bytes, checks the header, copies them into the object store
 * and hashes the copy again, all inside one request the kiosk waits for), and a staff member seeking
 * in the recording (a 1 MiB byte range from the middle, as a <video> asks after a seek).
 *
 * The centre runs in its own process; consultations are created the real way, by a kiosk's
 * consultation socket (request, then cancel: nobody is on duty). The WebM is the fixture's header
 * and clusters repeated up to ~150 KB per second of call (the plan's 360 MB per hour at most).
 *
 *   npm run bench -- centre-consult-commit   (BENCH_RECORDING_MINUTES, default 10; BENCH_RUNS, default 3)
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSULT_PATHS } from '../../domain/consult/protocol.ts';
import { consultRequest, openKioskSocket } from '../../center/server/testing/consult-clients.ts';
import { ADMIN_PASSWORD, ADMIN_USERNAME, createUpload, enrolKiosk, loginAs, patchUpload, sha256Hex, signedJson, type TestKiosk } from '../../center/server/testing/harness.ts';
import { benchDatabases, latencyLine, startBenchCentre } from './centre-bench-support.ts';
import { percentile } from './stats.ts';

const MINUTES = Number(process.env.BENCH_RECORDING_MINUTES ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEEKS = 30;
const CHUNK = 4 * 1024 * 1024;
const BYTES_PER_SECOND = 150 * 1024;
const MB = 1024 * 1024;

const fixture = readFileSync(join(import.meta.dirname, '../fixtures/consult/recording.webm'));
const CLUSTER_ID = Buffer.from([0x1f, 0x43, 0xb6, 0x75]);

/** A long WebM: the fixture's header, its clusters again and again, and a random tail so every run stores new bytes. */
const longWebm = (bytes: number): Buffer => {
  const firstCluster = fixture.indexOf(CLUSTER_ID);
  const parts = [fixture.subarray(0, firstCluster)];
  const clusters = fixture.subarray(firstCluster);
  for (let size = firstCluster; size < bytes; size += clusters.length) parts.push(clusters);
  parts.push(randomBytes(64));
  return Buffer.concat(parts);
};

/** A consultation row made by the dispatcher: the kiosk asks for a lawyer, then gives up. */
const newConsultation = async (baseUrl: string, kiosk: TestKiosk): Promise<string> => {
  const socket = await openKioskSocket(baseUrl, kiosk);
  try {
    await socket.nextMessage('hello');
    const request = consultRequest();
    socket.send(request);
    await socket.nextMessage('waiting');
    socket.send({ type: 'cancel', consultationId: request.consultationId });
    await socket.nextMessage('ended');
    return request.consultationId;
  } finally {
    socket.close();
  }
};

const upload = async (baseUrl: string, kiosk: TestKiosk, consultationId: string, bytes: Buffer): Promise<string> => {
  const created = await createUpload(baseUrl, kiosk, bytes.length, { consultationId, sha256: sha256Hex(bytes), filetype: 'video/webm' });
  if (created.status !== 201) throw new Error(`tus create: ${created.status}`);
  const location = new URL(created.headers.get('location') ?? '', baseUrl).toString();
  for (let offset = 0; offset < bytes.length; offset += CHUNK) {
    const patched = await patchUpload(baseUrl, kiosk, location, offset, bytes.subarray(offset, offset + CHUNK));
    if (patched.status !== 204) throw new Error(`tus patch: ${patched.status}`);
  }
  return location;
};

const size = MINUTES * 60 * BYTES_PER_SECOND;
console.log(`recording: ${MINUTES} min at ${BYTES_PER_SECOND / 1024} KB/s = ${(size / MB).toFixed(0)} MB; ${RUNS} runs per database`);
for (const database of benchDatabases()) {
  const centre = await startBenchCentre(database);
  try {
    const kiosk = await enrolKiosk(centre.baseUrl);
    const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
    const uploads: number[] = [];
    const commits: number[] = [];
    const seeks: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const consultationId = await newConsultation(centre.baseUrl, kiosk);
      const bytes = longWebm(size);
      const sha256 = sha256Hex(bytes);
      let began = performance.now();
      const uploadUrl = await upload(centre.baseUrl, kiosk, consultationId, bytes);
      uploads.push(performance.now() - began);
      began = performance.now();
      const res = await signedJson(centre.baseUrl, kiosk, CONSULT_PATHS.commit, {
        consultationId,
        startedAt: new Date().toISOString(),
        endedAt: new Date().toISOString(),
        endReason: 'kiosk_hangup',
        rating: 5,
        recording: { uploadId: uploadUrl, sha256, bytes: bytes.length, durationMs: MINUTES * 60_000 },
        printed: [],
      });
      commits.push(performance.now() - began);
      if (res.status !== 201) throw new Error(`commit: ${res.status} ${await res.text()}`);

      const path = new URL(`${CONSULT_PATHS.consultations}/${consultationId}/recording`, centre.baseUrl);
      for (let i = 0; i < SEEKS; i++) {
        const start = Math.floor((bytes.length - MB) * (i / SEEKS));
        began = performance.now();
        const seek = await fetch(path, { headers: { cookie: admin.cookie, range: `bytes=${start}-${start + MB - 1}` } });
        const body = Buffer.from(await seek.arrayBuffer());
        seeks.push(performance.now() - began);
        if (seek.status !== 206 || !body.equals(bytes.subarray(start, start + MB))) throw new Error(`seek: ${seek.status}`);
      }
    }
    const mbps = (ms: number) => ((size / MB) / (ms / 1000)).toFixed(0);
    console.log(`${database.padEnd(8)} tus upload (4 MiB chunks) p50 ${(percentile(uploads, 50) / 1000).toFixed(2)} s = ${mbps(percentile(uploads, 50))} MB/s`);
    console.log(`${database.padEnd(8)} commit (hash, check, store, hash again) p50 ${(percentile(commits, 50) / 1000).toFixed(2)} s = ${mbps(percentile(commits, 50))} MB/s; max ${(Math.max(...commits) / 1000).toFixed(2)} s`);
    console.log(`${database.padEnd(8)} seek (1 MiB range) ${latencyLine(seeks)}`);
  } finally {
    await centre.stop();
  }
}
