/**
 * The wire between the centre and kiosks (and the console) for legal-education bundles.
 *
 *  - POST CONSOLE_EDUCATION_PATH (console session, CSRF header): an administrator uploads a whole
 *    bundle as its files, base64; the centre verifies it and keeps it if it is newer.
 *  - GET  CONSOLE_EDUCATION_PATH: the bundles the centre holds (newest first).
 *  - GET  KIOSK_EDUCATION_PATH?after=<version> (signed by the kiosk): 204 when the centre has
 *    nothing newer, else 200 with the newest bundle's files.
 */
import { z } from 'zod';
import { MAX_BUNDLE_FILES, MAX_BUNDLE_TOTAL_BYTES, MEDIA_NAME, BUNDLE_FILE, MANIFEST_FILE } from './bundle.ts';

export const CONSOLE_EDUCATION_PATH = '/api/console/education/bundles';
export const KIOSK_EDUCATION_PATH = '/api/kiosk/education/bundle';

/** Base64 grows by 4/3: the JSON body limit the centre sets for an upload or a download. */
export const BUNDLE_WIRE_MAX_BYTES = Math.ceil((MAX_BUNDLE_TOTAL_BYTES * 4) / 3) + 256 * 1024;

export const BundleWireFileSchema = z
  .object({
    name: z.string().refine((n) => n === BUNDLE_FILE || n === MANIFEST_FILE || MEDIA_NAME.test(n), 'not a bundle file name'),
    base64: z.string().max(BUNDLE_WIRE_MAX_BYTES).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
  })
  .strict();
export const BundleWireSchema = z.object({ files: z.array(BundleWireFileSchema).min(2).max(MAX_BUNDLE_FILES + 1) }).strict();
export type BundleWire = z.infer<typeof BundleWireSchema>;

export const KioskBundleQuerySchema = z.object({ after: z.coerce.number().int().min(0).max(1_000_000) }).strict();

export const BundleSummarySchema = z
  .object({
    bundleId: z.string(),
    version: z.number().int(),
    published: z.string(),
    title: z.string(),
    topics: z.number().int(),
    items: z.number().int(),
    files: z.number().int(),
    bytes: z.number().int(),
    uploadedAt: z.string(),
  })
  .strict();
export type BundleSummary = z.infer<typeof BundleSummarySchema>;
