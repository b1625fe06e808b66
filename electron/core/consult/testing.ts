/**
 * Test helpers for consultations: a real WebM like the kiosk's MediaRecorder makes (VP8 + Opus,
 * written live, so without a duration), made by ffmpeg, and ffprobe's reading of a file's duration.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `seconds` of test picture and tone as a live WebM (unknown sizes, no Duration). */
export const makeLiveWebm = async (seconds: number): Promise<Buffer> => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-webm-'));
  try {
    const file = join(dir, 'live.webm');
    await run('ffmpeg', [
      '-v', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', String(seconds), '-c:v', 'libvpx', '-b:v', '100k', '-c:a', 'libopus',
      '-f', 'webm', '-live', '1', '-cluster_time_limit', '1000', file,
    ]);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** ffprobe's `format=duration` in seconds, or null when it says N/A. */
export const probeDuration = async (bytes: Uint8Array): Promise<number | null> => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-probe-'));
  try {
    const file = join(dir, 'probe.webm');
    writeFileSync(file, bytes);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=noprint_wrappers=1:nokey=1', file]);
    const value = Number.parseFloat(stdout.trim());
    return Number.isFinite(value) ? value : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Whether ffmpeg decodes every frame of the file without an error. */
export const decodesCleanly = async (bytes: Uint8Array): Promise<boolean> => {
  const dir = mkdtempSync(join(tmpdir(), 'consult-decode-'));
  try {
    const file = join(dir, 'decode.webm');
    writeFileSync(file, bytes);
    const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
    return stderr.trim() === '';
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Splits bytes into `count` roughly equal pieces, as a recorder's timeslices would. */
export const splitIntoChunks = (bytes: Uint8Array, count: number): Uint8Array[] => {
  const size = Math.ceil(bytes.length / count);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
};
