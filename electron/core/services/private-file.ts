import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../../domain/result.ts';

export type PrivateFileError = { code: 'missing' | 'insecure_permissions' };

/**
 * Reads a secret file (a key) only if nobody but its owner may read it. The mode is checked on the
 * open descriptor, so the file cannot be swapped between the check and the read.
 */
export const readPrivateFile = (file: string): Result<string, PrivateFileError> => {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY);
  } catch {
    // Absent or unreadable by us: either way there is nothing to use.
    return err({ code: 'missing' });
  }
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) return err({ code: 'insecure_permissions' });
    return ok(readFileSync(fd, 'utf8'));
  } catch {
    return err({ code: 'missing' });
  } finally {
    closeSync(fd);
  }
};
