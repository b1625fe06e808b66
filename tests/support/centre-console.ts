/**
 * End-to-end support for the centre's staff console: a real centre on loopback (the test harness,
 * in the Playwright worker's process) whose console was built by Vite, applications committed the
 * way a kiosk commits them (signed tus uploads, then the signed commit), and real page images.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { CENTRE_PATHS, CommitResponseSchema, type CommitAttachment, type HeartbeatRequest } from '../../domain/centre/protocol.ts';
import type { ApplicationRecord } from '../../domain/legal-aid/application.ts';
import { sha256Hex, signedJson, uploadBytes, type TestKiosk } from '../../center/server/testing/harness.ts';
import { repoRoot } from './kiosk-core.ts';

/** The console must have been built (npm test builds it before the e2e stage). */
export const requireConsoleBuild = (): void => {
  if (!existsSync(join(repoRoot, 'center', 'console', 'dist', 'index.html'))) {
    throw new Error('the centre console is not built: run `npm run build` (npm test builds it before the e2e suite)');
  }
};

export interface PageImage {
  readonly bytes: Buffer;
  readonly mime: 'image/jpeg' | 'image/png';
}

/**
 * A real image a browser can decode (a screenshot of a small page with the given words), so the
 * test can check that the console shows the picture, not only that an <img> exists.
 */
export const renderImage = async (browser: Browser, words: string, mime: PageImage['mime'] = 'image/jpeg'): Promise<PageImage> => {
  const page = await browser.newPage({ viewport: { width: 420, height: 560 } });
  try {
    await page.setContent(`<body style="margin:0;background:#fff;font:28px sans-serif;padding:24px"><p>${words}</p></body>`);
    const bytes = await page.screenshot({ type: mime === 'image/jpeg' ? 'jpeg' : 'png' });
    return { bytes, mime };
  } finally {
    await page.close();
  }
};

export interface PageToAttach {
  readonly kind: 'material' | 'signature';
  readonly materialId: string | null;
  readonly page: number;
  readonly image: PageImage;
}

/** Uploads every page (tus, signed) and commits the application; returns its acceptance number. */
export const commitApplication = async (
  baseUrl: string,
  kiosk: TestKiosk,
  record: ApplicationRecord,
  pages: readonly PageToAttach[],
): Promise<{ applicationId: string; acceptanceNumber: string }> => {
  const applicationId = randomUUID();
  const attachments: CommitAttachment[] = [];
  for (const p of pages) {
    const attachmentId = randomUUID();
    const sha256 = sha256Hex(p.image.bytes);
    const uploadUrl = await uploadBytes(baseUrl, kiosk, p.image.bytes, { applicationId, attachmentId, sha256, filetype: p.image.mime });
    attachments.push({ attachmentId, kind: p.kind, materialId: p.materialId, page: p.page, mime: p.image.mime, sha256, size: p.image.bytes.length, uploadUrl });
  }
  const res = await signedJson(baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId, record, attachments });
  if (res.status !== 201) throw new Error(`commit failed: ${res.status} ${await res.text()}`);
  const { acceptanceNumber } = CommitResponseSchema.parse(await res.json());
  return { applicationId, acceptanceNumber };
};

/** One heartbeat as the kiosk sends it every minute. */
export const sendHeartbeat = async (baseUrl: string, kiosk: TestKiosk, health: HeartbeatRequest): Promise<Response> =>
  signedJson(baseUrl, kiosk, CENTRE_PATHS.heartbeat, health);
