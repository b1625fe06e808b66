/**
 * The legal-education (普法) content bundle: topics and items as versioned data, so new content
 * reaches kiosks as a newer bundle pushed from the centre, without a software update.
 *
 * A bundle is a flat directory (no sub-directories, so no file name can point outside it):
 *   bundle.json    topics and items (EducationBundleSchema)
 *   manifest.json  every other file with its size and SHA-256 (EducationManifestSchema)
 *   *.svg *.png *.mp4 *.webm   illustrations and optional videos, named in bundle.json
 *
 * Nothing here reads files or hashes bytes: the kiosk core and the centre pass in what they read.
 * The schema is strict on purpose: the text is shown to elderly readers and read aloud, so every
 * item must be short, plain and cite the articles it relies on.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';
import { decodeUtf8 } from './utf8.ts';

export const BUNDLE_FILE = 'bundle.json';
export const MANIFEST_FILE = 'manifest.json';
export const BUNDLE_FORMAT = 1;

/** Media file names: lower-case ASCII, one dot, a known extension. No '/', '\\' or '..' can match. */
export const MEDIA_NAME = /^[a-z0-9][a-z0-9-]{0,62}\.(svg|png|mp4|webm)$/;
export const MediaNameSchema = z.string().regex(MEDIA_NAME, 'media files are named like "labour-contract.svg"');
export type MediaKind = 'svg' | 'png' | 'mp4' | 'webm';
export const MEDIA_MIME: Record<MediaKind, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/** Size caps: an illustration is small; a video is short; the whole bundle fits one request. */
export const MAX_IMAGE_BYTES = 1024 * 1024;
export const MAX_VIDEO_BYTES = 16 * 1024 * 1024;
export const MAX_BUNDLE_JSON_BYTES = 1024 * 1024;
export const MAX_BUNDLE_TOTAL_BYTES = 24 * 1024 * 1024;
export const MAX_BUNDLE_FILES = 200;

const Id = z.string().regex(/^[a-z][a-z0-9-]{0,47}$/, 'ids are kebab-case ASCII');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');
/** Text shown and spoken: no control characters (they would break speech and layout). */
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'no control characters');

export const CitationSchema = z
  .object({
    /** The law's short name without book-title marks, e.g. 劳动合同法 (shown as 《劳动合同法》). */
    law: Text(40),
    /** e.g. 第八十二条, 第一千零六十七条第二款 */
    article: Text(40).refine((s) => /^第.+条/.test(s), 'an article reads like 第…条'),
    /** What the article says, in a sentence (a faithful summary or a short quote). */
    text: Text(300),
  })
  .strict();
export type Citation = z.infer<typeof CitationSchema>;

/** The kiosk speaks at most 500 characters at once (voice.render); an item is read in one go. */
export const MAX_READ_ALOUD_CHARS = 480;
/** What 朗读全文 says: the title, then the body, as one text. */
export const readAloudText = (item: { title: string; body: readonly string[] }): string => [item.title, ...item.body].join('。').replace(/([。！？])。/g, '$1');

export const RELATED_SERVICES = ['legal-aid', 'video', 'documents'] as const;
export const RelatedServiceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('legal-aid') }).strict(),
  z.object({ kind: z.literal('video') }).strict(),
  /** Drafting: the document the person will most likely need (a documents-catalogue id). */
  z.object({ kind: z.literal('documents'), documentId: Id }).strict(),
]);
export type RelatedService = z.infer<typeof RelatedServiceSchema>;

export const EducationItemSchema = z
  .object({
    id: Id,
    title: Text(24),
    /** One sentence, shown in the attract loop under the title. */
    summary: Text(60),
    /** Plain paragraphs of short sentences; each is read aloud as it is. */
    body: z.array(Text(400)).min(1).max(12),
    /** Every item relies on the law and says where: at least one citation. */
    citations: z.array(CitationSchema).min(1).max(8),
    relatedService: RelatedServiceSchema,
    image: MediaNameSchema.refine((n) => /\.(svg|png)$/.test(n), 'an image is .svg or .png').optional(),
    video: MediaNameSchema.refine((n) => /\.(mp4|webm)$/.test(n), 'a video is .mp4 or .webm').optional(),
  })
  .strict()
  .refine((item) => readAloudText(item).length <= MAX_READ_ALOUD_CHARS, {
    message: `title and body together must fit one spoken prompt (${MAX_READ_ALOUD_CHARS} characters)`,
    path: ['body'],
  });
export type EducationItem = z.infer<typeof EducationItemSchema>;

export const EducationTopicSchema = z
  .object({
    id: Id,
    title: Text(12),
    /** The topic tile's pictogram, a media file of the bundle (.svg or .png). */
    icon: MediaNameSchema.refine((n) => /\.(svg|png)$/.test(n), 'an icon is .svg or .png'),
    items: z.array(EducationItemSchema).min(1).max(20),
  })
  .strict();
export type EducationTopic = z.infer<typeof EducationTopicSchema>;

export const EducationBundleSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    id: Id,
    /** Increases with every published bundle; the kiosk uses the highest valid one. */
    version: z.number().int().min(1).max(1_000_000),
    published: IsoDate,
    title: Text(40),
    topics: z.array(EducationTopicSchema).min(1).max(30),
  })
  .strict()
  .superRefine((bundle, ctx) => {
    const seen = new Set<string>();
    for (const [t, topic] of bundle.topics.entries()) {
      if (seen.has(`topic:${topic.id}`)) ctx.addIssue({ code: 'custom', path: ['topics', t, 'id'], message: 'duplicate topic id' });
      seen.add(`topic:${topic.id}`);
      for (const [i, item] of topic.items.entries()) {
        if (seen.has(`item:${item.id}`)) ctx.addIssue({ code: 'custom', path: ['topics', t, 'items', i, 'id'], message: 'duplicate item id' });
        seen.add(`item:${item.id}`);
      }
    }
  });
export type EducationBundle = z.infer<typeof EducationBundleSchema>;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
export const ManifestEntrySchema = z.object({ name: z.union([z.literal(BUNDLE_FILE), MediaNameSchema]), bytes: z.number().int().min(1), sha256: Sha256 }).strict();
export const EducationManifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    bundleId: Id,
    version: z.number().int().min(1).max(1_000_000),
    files: z.array(ManifestEntrySchema).min(1).max(MAX_BUNDLE_FILES),
  })
  .strict();
export type EducationManifest = z.infer<typeof EducationManifestSchema>;
export type ManifestEntry = z.infer<typeof ManifestEntrySchema>;

export const mediaKind = (name: string): MediaKind | null => {
  const match = /\.(svg|png|mp4|webm)$/.exec(name);
  return match ? (match[1] as MediaKind) : null;
};

/** Every media file the bundle names (icons, images, videos), once each. */
export const referencedMedia = (bundle: EducationBundle): string[] => {
  const names = new Set<string>();
  for (const topic of bundle.topics) {
    names.add(topic.icon);
    for (const item of topic.items) {
      if (item.image) names.add(item.image);
      if (item.video) names.add(item.video);
    }
  }
  return [...names].sort();
};

export const itemCount = (bundle: EducationBundle): number => bundle.topics.reduce((n, topic) => n + topic.items.length, 0);

/** Version order: the higher version wins; equal versions are the same bundle. */
export const compareBundleVersions = (a: { version: number }, b: { version: number }): number => Math.sign(a.version - b.version);
export const isNewerBundle = (candidate: { version: number }, current: { version: number } | null): boolean =>
  current === null || compareBundleVersions(candidate, current) > 0;

/** A file as the caller read it: its name, size and SHA-256, and the first bytes for a type check. */
export interface BundleFileFacts {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  /** The first bytes (at least 16, or the whole file when shorter), for the content-type check. */
  readonly head: Uint8Array;
  /** The whole text, for SVGs only (scripts are refused even though <img> would not run them). */
  readonly svgText?: string;
}

export type BundleProblem =
  | { code: 'manifest_invalid'; detail: string }
  | { code: 'bundle_invalid'; detail: string }
  | { code: 'version_mismatch'; detail: string }
  | { code: 'file_missing'; detail: string }
  | { code: 'file_unlisted'; detail: string }
  | { code: 'hash_mismatch'; detail: string }
  | { code: 'too_large'; detail: string }
  | { code: 'wrong_type'; detail: string };

export const fileSizeLimit = (name: string): number => {
  if (name === BUNDLE_FILE) return MAX_BUNDLE_JSON_BYTES;
  const kind = mediaKind(name);
  return kind === 'mp4' || kind === 'webm' ? MAX_VIDEO_BYTES : MAX_IMAGE_BYTES;
};

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);

/** The file is what its extension says (a PNG starts like a PNG, an SVG is an <svg> without scripts). */
export const hasExpectedContent = (file: BundleFileFacts): boolean => {
  if (file.name === BUNDLE_FILE) return true;
  const kind = mediaKind(file.name);
  if (kind === 'png') return startsWith(file.head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (kind === 'mp4') return startsWith(file.head, [0x66, 0x74, 0x79, 0x70], 4); // ....ftyp
  if (kind === 'webm') return startsWith(file.head, [0x1a, 0x45, 0xdf, 0xa3]); // EBML
  if (kind === 'svg') return file.svgText !== undefined && isPlainSvg(file.svgText);
  return false;
};

/** An SVG drawing with no script, no event handlers, no foreign content and no outside references. */
export const isPlainSvg = (text: string): boolean => {
  const lower = text.toLowerCase();
  if (!/^\s*(<\?xml[^>]*\?>\s*)?<svg[\s>]/.test(lower)) return false;
  return !/<script|<foreignobject|\son[a-z]+\s*=|javascript:|(?:xlink:)?href\s*=\s*["'](?!#)|<!entity|@import|url\(\s*['"]?(?!#)/.test(lower);
};

/**
 * Checks a whole bundle: the manifest lists exactly the files present, each with the right size,
 * hash and content type; bundle.json is valid, of the manifest's version, and every media file it
 * names is in the bundle. Returns the parsed bundle, or every problem found.
 */
export const verifyBundle = (
  manifestJson: unknown,
  bundleJson: unknown,
  files: readonly BundleFileFacts[],
): Result<{ bundle: EducationBundle; manifest: EducationManifest }, BundleProblem[]> => {
  const manifest = EducationManifestSchema.safeParse(manifestJson);
  if (!manifest.success) return err([{ code: 'manifest_invalid', detail: issueText(manifest.error.issues) }]);
  const bundle = EducationBundleSchema.safeParse(bundleJson);
  if (!bundle.success) return err([{ code: 'bundle_invalid', detail: issueText(bundle.error.issues) }]);
  const problems: BundleProblem[] = [];
  if (bundle.data.version !== manifest.data.version || bundle.data.id !== manifest.data.bundleId) {
    problems.push({ code: 'version_mismatch', detail: `bundle ${bundle.data.id}@${bundle.data.version}, manifest ${manifest.data.bundleId}@${manifest.data.version}` });
  }
  const present = new Map(files.map((f) => [f.name, f]));
  const listed = new Map(manifest.data.files.map((f) => [f.name, f]));
  if (listed.size !== manifest.data.files.length) problems.push({ code: 'manifest_invalid', detail: 'a file is listed twice' });
  if (!listed.has(BUNDLE_FILE)) problems.push({ code: 'file_missing', detail: `${BUNDLE_FILE} is not in the manifest` });
  let total = 0;
  for (const entry of listed.values()) {
    const file = present.get(entry.name);
    if (!file) {
      problems.push({ code: 'file_missing', detail: entry.name });
      continue;
    }
    total += file.bytes;
    if (file.bytes > fileSizeLimit(entry.name)) problems.push({ code: 'too_large', detail: entry.name });
    if (file.bytes !== entry.bytes || file.sha256 !== entry.sha256) problems.push({ code: 'hash_mismatch', detail: entry.name });
    else if (!hasExpectedContent(file)) problems.push({ code: 'wrong_type', detail: entry.name });
  }
  for (const name of present.keys()) {
    if (!listed.has(name)) problems.push({ code: 'file_unlisted', detail: name });
  }
  if (total > MAX_BUNDLE_TOTAL_BYTES) problems.push({ code: 'too_large', detail: 'the bundle as a whole' });
  for (const name of referencedMedia(bundle.data)) {
    if (!listed.has(name)) problems.push({ code: 'file_missing', detail: `${name} (named in ${BUNDLE_FILE})` });
  }
  return problems.length > 0 ? err(problems) : ok({ bundle: bundle.data, manifest: manifest.data });
};

const issueText = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');

/** The bundle as the renderer needs it: the same topics and items, plus where it came from. */
export const BUNDLE_SOURCES = ['built-in', 'centre'] as const;
export type BundleSource = (typeof BUNDLE_SOURCES)[number];

/** One file of a bundle as bytes (read from disk, or decoded from an upload). */
export interface BundleFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Verifies a bundle given as its files (manifest.json and bundle.json among them). Hashing is
 * passed in so this stays pure; the kiosk and the centre both give node:crypto's SHA-256.
 */
export const verifyBundleFiles = (
  files: readonly BundleFile[],
  sha256Hex: (bytes: Uint8Array) => string,
): Result<{ bundle: EducationBundle; manifest: EducationManifest }, BundleProblem[]> => {
  const byName = new Map(files.map((f) => [f.name, f]));
  if (byName.size !== files.length) return err([{ code: 'manifest_invalid', detail: 'a file name appears twice' }]);
  for (const file of files) {
    if (file.name !== MANIFEST_FILE && file.name !== BUNDLE_FILE && !MEDIA_NAME.test(file.name)) {
      return err([{ code: 'file_unlisted', detail: 'a file name is not allowed in a bundle' }]);
    }
  }
  const manifestFile = byName.get(MANIFEST_FILE);
  const bundleFile = byName.get(BUNDLE_FILE);
  if (!manifestFile) return err([{ code: 'file_missing', detail: MANIFEST_FILE }]);
  if (!bundleFile) return err([{ code: 'file_missing', detail: BUNDLE_FILE }]);
  if (manifestFile.bytes.length > MAX_BUNDLE_JSON_BYTES || bundleFile.bytes.length > MAX_BUNDLE_JSON_BYTES) {
    return err([{ code: 'too_large', detail: 'manifest.json or bundle.json' }]);
  }
  const manifestJson = parseJsonText(manifestFile.bytes);
  const bundleJson = parseJsonText(bundleFile.bytes);
  if (manifestJson === undefined) return err([{ code: 'manifest_invalid', detail: 'manifest.json is not JSON' }]);
  if (bundleJson === undefined) return err([{ code: 'bundle_invalid', detail: 'bundle.json is not JSON' }]);
  const facts = files
    .filter((f) => f.name !== MANIFEST_FILE)
    .map((f): BundleFileFacts => ({
      name: f.name,
      bytes: f.bytes.length,
      sha256: sha256Hex(f.bytes),
      head: f.bytes.subarray(0, 16),
      ...(mediaKind(f.name) === 'svg' ? { svgText: decodeUtf8(f.bytes) ?? '' } : {}),
    }));
  return verifyBundle(manifestJson, bundleJson, facts);
};

const parseJsonText = (bytes: Uint8Array): unknown => {
  const text = decodeUtf8(bytes);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

/** Problems as one short line for logs and API errors (codes and file names only, never text). */
export const describeProblems = (problems: readonly BundleProblem[]): string =>
  problems
    .slice(0, 5)
    .map((p) => `${p.code}: ${p.detail}`)
    .join('; ');
