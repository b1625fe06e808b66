/**
 * CUPS helpers for integration and end-to-end tests. scripts/setup-cups.mjs makes two cups-pdf
 * queues (KIOSK_RECEIPT, KIOSK_A4) writing into one fixed directory; these helpers find the PDFs
 * that appear there and check them the way a person holding the paper would: page count, page size
 * and rendered pixels. (cups-pdf runs the document through Ghostscript, whose text layer comes out
 * garbled, so extracted text proves nothing.)
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import jsQR from 'jsqr';

const execFileAsync = promisify(execFile);
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const setupScript = join(root, 'scripts', 'setup-cups.mjs');

export const RECEIPT_QUEUE = 'KIOSK_RECEIPT';
export const A4_QUEUE = 'KIOSK_A4';

/** cups-pdf's `Out` directory, as scripts/setup-cups.mjs configures it (CUPS_PDF_OUT_DIR there). */
export const cupsOutputDir = (): string => '/var/spool/cups-pdf/kiosk';

/**
 * Makes sure CUPS and the two queues are set up (idempotent; `npm test` has already done it, this
 * covers running one test file alone). False when it cannot be done here (not root, no packages).
 */
export const ensureCups = (): boolean => {
  try {
    execFileSync(process.execPath, [setupScript, '--no-install'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
};

/** Puts a queue offline (stopped and rejecting jobs) or back online, as in a paper jam. */
export const setQueueEnabled = async (queue: string, enabled: boolean): Promise<void> => {
  await execFileAsync(process.execPath, [setupScript, enabled ? 'enable' : 'disable', queue]);
};

const pdfsSince = (since: number) =>
  readdirSync(cupsOutputDir())
    .filter((name) => name.endsWith('.pdf'))
    .map((name) => join(cupsOutputDir(), name))
    .filter((file) => statSync(file).mtimeMs >= since);

/** A PDF is complete once Ghostscript has written its trailer. */
const isComplete = (file: string) => {
  const bytes = readFileSync(file);
  return bytes.subarray(Math.max(0, bytes.length - 64)).toString('latin1').includes('%%EOF');
};

/**
 * Waits for a PDF written into the output directory at or after `since` (ms since the epoch; take
 * it before printing). With `jobId` ("KIOSK_A4-12") only that job's file counts: cups-pdf labels
 * files with the job number ("form-job_12.pdf").
 */
export const waitForNewPdf = async (since: number, timeoutMs: number, jobId?: string): Promise<string> => {
  // mtimes have whole-second resolution on some file systems.
  const from = Math.floor(since / 1000) * 1000;
  const label = jobId === undefined ? null : `job_${/-(\d+)$/.exec(jobId)?.[1] ?? 'none'}`;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const found = pdfsSince(from).find((file) => (label === null || file.includes(label)) && isComplete(file));
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no new PDF in ${cupsOutputDir()} within ${timeoutMs} ms${label ? ` for ${label}` : ''}`);
};

export interface PdfInfo {
  pages: number;
  widthMm: number;
  heightMm: number;
}

/** Page count and first-page size from poppler's pdfinfo. */
export const pdfInfo = async (file: string): Promise<PdfInfo> => {
  const { stdout } = await execFileAsync('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(stdout);
  if (!size || !Number.isFinite(pages)) throw new Error('pdfinfo gave no page size');
  const mm = (points: string) => (Number(points) * 25.4) / 72;
  return { pages, widthMm: mm(size[1]!), heightMm: mm(size[2]!) };
};

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 = black, 255 = white, row by row. */
  pixels: Uint8Array;
}

/** Parses a binary PGM (P5, maxval 255) as pdftoppm -gray writes it. */
export const parsePgm = (data: Buffer): GrayImage => {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = new Uint8Array(data.subarray(header[0].length, header[0].length + width * height));
  if (pixels.length !== width * height) throw new Error('truncated PGM');
  return { width, height, pixels };
};

/** One page rendered to grayscale by poppler (pages count from 1). */
export const rasterise = async (file: string, page = 1, dpi = 150): Promise<GrayImage> => {
  const { stdout } = await execFileAsync('pdftoppm', ['-q', '-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), file], {
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  return parsePgm(stdout);
};

/** A part of the page as fractions of its width and height (0..1). */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const darkRatioOf = (image: GrayImage, region: Region = { x: 0, y: 0, width: 1, height: 1 }): number => {
  const x0 = Math.floor(region.x * image.width);
  const y0 = Math.floor(region.y * image.height);
  const x1 = Math.min(image.width, Math.ceil((region.x + region.width) * image.width));
  const y1 = Math.min(image.height, Math.ceil((region.y + region.height) * image.height));
  let dark = 0;
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) if (image.pixels[y * image.width + x]! < 128) dark += 1;
  }
  const total = (x1 - x0) * (y1 - y0);
  return total === 0 ? 0 : dark / total;
};

/** Share of dark pixels (ink) on a page or in a region of it: 0 for a blank page. */
export const darkPixelRatio = async (file: string, page = 1, region?: Region): Promise<number> => darkRatioOf(await rasterise(file, page), region);

/**
 * Reads the QR code on a page the way a phone would: from the rendered pixels. Also tells where it
 * is (as a Region), so a test can check the code's area is dense with ink.
 */
export const decodeQrCode = async (file: string, page = 1): Promise<{ data: string; region: Region } | null> => {
  const image = await rasterise(file, page, 200);
  const rgba = new Uint8ClampedArray(image.width * image.height * 4);
  image.pixels.forEach((value, i) => {
    rgba.set([value, value, value, 255], i * 4);
  });
  const code = jsQR(rgba, image.width, image.height);
  if (!code) return null;
  const { topLeftCorner: tl, bottomRightCorner: br } = code.location;
  return { data: code.data, region: { x: tl.x / image.width, y: tl.y / image.height, width: (br.x - tl.x) / image.width, height: (br.y - tl.y) / image.height } };
};

/** True when the machine has what the CUPS tests need (Debian packages installed by the setup). */
export const cupsToolsInstalled = (): boolean => ['/usr/sbin/cupsd', '/usr/bin/lp', '/usr/bin/ipptool', '/usr/bin/pdfinfo', '/usr/bin/pdftoppm'].every((file) => existsSync(file));
