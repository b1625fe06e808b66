/**
 * Where committed attachment bytes live. Content-addressed by SHA-256: the same bytes stored twice
 * are one object, and a key says what its bytes must hash to. A filesystem implementation now; an
 * S3-like one can implement the same interface later (subsystems.md, "Upload").
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, rmSync } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface ObjectStore {
  /** Stores a copy of `sourceFile` under its SHA-256 (checked again while copying); returns the key. */
  putFile(sha256: string, sourceFile: string): Promise<string>;
  has(key: string): Promise<boolean>;
  /** Absolute path of an object for reading (filesystem stores only). */
  pathOf(key: string): string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const sha256OfFile = async (file: string): Promise<string> => {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
};

export const createFileObjectStore = (root: string): ObjectStore => {
  // Copies in progress live in one folder. Whatever is in it when the store opens was left by a
  // process killed mid-copy (the centre is one process), and would otherwise stay forever.
  const tempDir = join(root, '.tmp');
  rmSync(tempDir, { recursive: true, force: true });
  const keyFor = (sha256: string) => `sha256/${sha256.slice(0, 2)}/${sha256}`;
  const pathOf = (key: string) => {
    const match = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(key);
    if (!match || !match[2]?.startsWith(match[1] ?? '')) throw new Error('not an object key');
    return join(root, key);
  };
  const has = async (key: string) =>
    stat(pathOf(key)).then(
      () => true,
      () => false,
    );
  return {
    pathOf,
    has,
    async putFile(sha256, sourceFile) {
      if (!SHA256_HEX.test(sha256)) throw new Error('not a sha256');
      const key = keyFor(sha256);
      const target = pathOf(key);
      if (await has(key)) return key;
      await mkdir(dirname(target), { recursive: true });
      await mkdir(tempDir, { recursive: true });
      // Copy to a temporary name, verify, fsync, then rename: a crash leaves either no object or a
      // whole one, never a torn file under a content address.
      const temp = join(tempDir, randomUUID());
      try {
        await copyFile(sourceFile, temp);
        if ((await sha256OfFile(temp)) !== sha256) throw new Error('object bytes do not match their address');
        const handle = await open(temp, 'r');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return key;
    },
  };
};
