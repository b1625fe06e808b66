import { closeSync, constants, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/**
 * The few file operations the store needs, synchronous because they run inside a better-sqlite3
 * transaction. An interface so tests can make any one of them fail (disk full, I/O error) and check
 * that nothing is left half-written.
 */
export interface FileOps {
  /** Creates the file (must not exist), writes it all, fsyncs it. Mode 0600. */
  writeDurable(path: string, data: Uint8Array): void;
  rename(from: string, to: string): void;
  /** Removes the file; an absent file is not an error. */
  remove(path: string): void;
  /** fsync of a directory, so renames and removals in it survive a power cut. */
  syncDirectory(dir: string): void;
  read(path: string): Uint8Array;
  list(dir: string): string[];
}

export const nodeFileOps: FileOps = {
  writeDurable(path, data) {
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  rename: (from, to) => renameSync(from, to),
  remove(path) {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  },
  syncDirectory(dir) {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  read: (path) => readFileSync(path),
  list: (dir) => readdirSync(dir),
};
