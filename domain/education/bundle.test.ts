import { describe, expect, it } from 'vitest';
import {
  EducationBundleSchema,
  compareBundleVersions,
  isNewerBundle,
  isPlainSvg,
  itemCount,
  verifyBundleFiles,
  type BundleFile,
  type EducationBundle,
} from './bundle.ts';

import starterJson from '../../resources/education/bundle.json';
import { decodeUtf8, encodeUtf8 } from './utf8.ts';

/**
 * Pure stand-in for SHA-256 (the domain does no I/O and imports no Node): 64 hex characters that
 * change with any byte. The real hash over the files on disk is tested in electron/core/education.
 */
const sha = (b: Uint8Array): string => {
  const parts: string[] = [];
  for (let seed = 0; seed < 8; seed++) {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (const byte of b) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    parts.push(h.toString(16).padStart(8, '0'));
  }
  return parts.join('');
};
const utf8 = encodeUtf8;
const text = (b: Uint8Array) => decodeUtf8(b) ?? '';
const starter = (): EducationBundle => EducationBundleSchema.parse(JSON.parse(JSON.stringify(starterJson)) as unknown);
const drawing = (name: string) => utf8(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>${name}</title><path d="M0 0h10v10z"/></svg>`);
/** The starter bundle.json with a drawing for every image it names, and its manifest. */
const starterFiles = (): BundleFile[] => {
  const media = [...new Set(starter().topics.flatMap((t) => [t.icon, ...t.items.map((i) => i.image ?? t.icon)]))];
  return withManifest([{ name: 'bundle.json', bytes: utf8(JSON.stringify(starterJson)) }, ...media.map((name) => ({ name, bytes: drawing(name) }))]);
};

/** Rebuilds manifest.json for a changed file set, as a publisher would. */
const withManifest = (files: BundleFile[]): BundleFile[] => {
  const bundle = JSON.parse(text(files.find((f) => f.name === 'bundle.json')!.bytes)) as EducationBundle;
  const listed = files.filter((f) => f.name !== 'manifest.json');
  const manifest = { format: 1, bundleId: bundle.id, version: bundle.version, files: listed.map((f) => ({ name: f.name, bytes: f.bytes.length, sha256: sha(f.bytes) })) };
  return [...listed, { name: 'manifest.json', bytes: utf8(JSON.stringify(manifest)) }];
};
const replaceBundle = (files: BundleFile[], edit: (b: EducationBundle) => unknown) =>
  withManifest(files.map((f) => (f.name === 'bundle.json' ? { name: f.name, bytes: utf8(JSON.stringify(edit(starter()))) } : f)));

describe('the starter bundle in resources/education', () => {
  it('verifies: schema, manifest, hashes and every named image present (see bundle-dir.test.ts for the files on disk)', () => {
    const checked = verifyBundleFiles(starterFiles(), sha);
    expect(checked.ok ? null : checked.error).toBeNull();
  });

  it('has the seven topics of the issue and 18 or more items, 2 to 4 per topic', () => {
    const bundle = starter();
    expect(bundle.topics.map((t) => t.title)).toEqual(['劳动用工', '婚姻家庭', '赡养抚养', '交通事故', '消费维权', '防范诈骗', '法律援助知识']);
    expect(itemCount(bundle)).toBeGreaterThanOrEqual(18);
    for (const topic of bundle.topics) expect(topic.items.length).toBeGreaterThanOrEqual(2);
    for (const topic of bundle.topics) expect(topic.items.length).toBeLessThanOrEqual(4);
  });

  it('cites at least one article on every item, named like 第…条', () => {
    for (const item of starter().topics.flatMap((t) => t.items)) {
      expect(item.citations.length, item.id).toBeGreaterThan(0);
      for (const c of item.citations) expect(c.article, item.id).toMatch(/^第[零一二三四五六七八九十百千]+条/);
    }
  });

  it('cites the key articles the issue names', () => {
    const cited = new Set(starter().topics.flatMap((t) => t.items.flatMap((i) => i.citations.map((c) => `${c.law}${c.article}`))));
    for (const key of ['劳动合同法第三十条', '劳动合同法第八十二条第一款', '劳动合同法第八十五条', '劳动争议调解仲裁法第二十七条', '民法典第一千零六十七条第二款', '民法典第一千零七十九条', '老年人权益保障法第十四条', '道路交通安全法第七十六条', '消费者权益保护法第二十四条', '消费者权益保护法第五十五条第一款', '刑法第二百六十六条', '法律援助法第二十四条', '法律援助法第四十二条']) {
      expect(cited.has(key), key).toBe(true);
    }
  });

  it('writes for elderly readers: short titles, one-sentence summaries, short paragraphs', () => {
    for (const item of starter().topics.flatMap((t) => t.items)) {
      expect(item.title.length, item.id).toBeLessThanOrEqual(16);
      expect(item.summary.match(/[。！？]/g)?.length ?? 0, item.id).toBeLessThanOrEqual(1);
      for (const p of item.body) expect(p.length, item.id).toBeLessThanOrEqual(200);
    }
  });

  it('refuses an item too long to be read aloud in one go', () => {
    const long = starter();
    long.topics[0]!.items[0]!.body = Array.from({ length: 3 }, () => '这是一句很长的话。'.repeat(20));
    expect(EducationBundleSchema.safeParse(long).success).toBe(false);
  });

  it('points drafting items at a document to draft', () => {
    const drafting = starter().topics.flatMap((t) => t.items).filter((i) => i.relatedService.kind === 'documents');
    expect(drafting.length).toBeGreaterThan(0);
  });
});

describe('verifyBundleFiles refuses', () => {
  it('a changed byte (hash mismatch)', () => {
    const files = starterFiles().map((f) => (f.name === 'labour.svg' ? { ...f, bytes: utf8(text(f.bytes).replace('h10', 'h9')) } : f));
    const checked = verifyBundleFiles(files, sha);
    expect(checked.ok ? [] : checked.error.map((p) => p.code)).toContain('hash_mismatch');
  });

  it('an image the bundle names but does not contain', () => {
    const files = withManifest(starterFiles().filter((f) => f.name !== 'fraud.svg'));
    const checked = verifyBundleFiles(files, sha);
    expect(checked.ok ? [] : checked.error.map((p) => `${p.code}:${p.detail}`)).toContain('file_missing:fraud.svg (named in bundle.json)');
  });

  it('path traversal in a file name', () => {
    const files = [...starterFiles(), { name: '../../etc/passwd', bytes: utf8('x') }];
    expect(verifyBundleFiles(files, sha).ok).toBe(false);
    expect(replaceBundle(starterFiles(), (b) => ({ ...b, topics: [{ ...b.topics[0]!, icon: '../labour.svg' }] })).length).toBeGreaterThan(0);
    expect(verifyBundleFiles(replaceBundle(starterFiles(), (b) => ({ ...b, topics: [{ ...b.topics[0]!, icon: '../labour.svg' }] })), sha).ok).toBe(false);
  });

  it('an item without citations', () => {
    const files = replaceBundle(starterFiles(), (b) => {
      b.topics[0]!.items[0]!.citations = [];
      return b;
    });
    const checked = verifyBundleFiles(files, sha);
    expect(checked.ok ? [] : checked.error.map((p) => p.code)).toEqual(['bundle_invalid']);
  });

  it('an SVG with a script, and a PNG that is not one', () => {
    const evil = withManifest([...starterFiles().filter((f) => f.name !== 'labour.svg'), { name: 'labour.svg', bytes: utf8('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }]);
    expect(verifyBundleFiles(evil, sha).ok).toBe(false);
    const fakePng = replaceBundle([...starterFiles(), { name: 'photo.png', bytes: utf8('<html>not a png</html>') }], (b) => {
      b.topics[0]!.items[0]!.image = 'photo.png';
      return b;
    });
    const checked = verifyBundleFiles(fakePng, sha);
    expect(checked.ok ? [] : checked.error.map((p) => `${p.code}:${p.detail}`)).toContain('wrong_type:photo.png');
  });

  it('a manifest of another version than bundle.json', () => {
    const files = starterFiles().map((f) => (f.name === 'manifest.json' ? { ...f, bytes: utf8(text(f.bytes).replace('"version":1', '"version":2')) } : f));
    const checked = verifyBundleFiles(files, sha);
    expect(checked.ok ? [] : checked.error.map((p) => p.code)).toContain('version_mismatch');
  });

  it('keeps markup in text as text: a title with <script> is valid data (the screen escapes it)', () => {
    const files = replaceBundle(starterFiles(), (b) => {
      b.topics[0]!.items[0]!.title = '<script>x</script>';
      return b;
    });
    expect(verifyBundleFiles(files, sha).ok).toBe(true);
  });
});

describe('isPlainSvg', () => {
  it.each([
    ['<svg onload="x()"></svg>', false],
    ['<svg><a href="https://evil.example/">x</a></svg>', false],
    ['<svg><foreignObject/></svg>', false],
    ['<svg><image xlink:href="http://x/y.png"/></svg>', false],
    ['<html><svg></svg></html>', false],
    ['<svg viewBox="0 0 1 1"><path fill="url(#g)" d="M0 0"/></svg>', true],
  ])('%s -> %s', (text, plain) => expect(isPlainSvg(text)).toBe(plain));
});

describe('bundle versions', () => {
  it('orders by version; nothing is newer than itself; anything is newer than none', () => {
    expect(compareBundleVersions({ version: 2 }, { version: 1 })).toBe(1);
    expect(compareBundleVersions({ version: 1 }, { version: 3 })).toBe(-1);
    expect(isNewerBundle({ version: 4 }, { version: 4 })).toBe(false);
    expect(isNewerBundle({ version: 1 }, null)).toBe(true);
  });
});

describe('utf8', () => {
  it('round-trips Chinese text and refuses malformed bytes', () => {
    const s = '《劳动合同法》第八十二条 — 𠀀 ok';
    expect(decodeUtf8(encodeUtf8(s))).toBe(s);
    expect(decodeUtf8(Uint8Array.from([0xe4, 0xb8]))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.from([0xc0, 0xaf]))).toBeUndefined();
    expect(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toBeUndefined();
  });
});
