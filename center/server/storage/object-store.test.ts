import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileObjectStore } from './object-store.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file below `dir`, relative to it. */
const filesBelow = (dir: string, prefix = ''): string[] =>
  readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );

describe('file object store', () => {
  it('stores bytes under their SHA-256 and leaves nothing else behind', async () => {
    const root = mkdtempSync(join(tmpdir(), 'objects-'));
    const source = join(mkdtempSync(join(tmpdir(), 'source-')), 'page.jpg');
    const bytes = Buffer.from('a photographed page');
    writeFileSync(source, bytes);
    const store = createFileObjectStore(root);
    const key = await store.putFile(sha256(bytes), source);
    expect(readFileSync(store.pathOf(key))).toEqual(bytes);
    expect(filesBelow(root)).toEqual([key]);
    await expect(store.putFile(sha256(Buffer.from('other')), source)).rejects.toThrow('do not match');
    expect(filesBelow(root)).toEqual([key]);
  });

  it('removes the partial copy of a process killed mid-copy when it opens (found by the fault-injection test)', () => {
    const root = mkdtempSync(join(tmpdir(), 'objects-'));
    // What a SIGKILL between the copy and the rename leaves.
    mkdirSync(join(root, '.tmp'), { recursive: true });
    writeFileSync(join(root, '.tmp', '0b6f3c2e-2f6b-4c52-9d55-7b1c1d2e3f40'), 'half a page');
    createFileObjectStore(root);
    expect(filesBelow(root)).toEqual([]);
  });
});
