import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readFileSync, writeSync, constants } from 'node:fs';
import { err, ok, type Result } from '../../../domain/result.ts';

/**
 * The device key of the local store: 32 random bytes kept as 64 hex characters in a file that only
 * the kiosk's user may read (provisioning writes it; the simulator creates one in the data dir).
 * A key file that others can read is refused rather than used: the key protects every stored
 * application, so a lax permission is a provisioning mistake to fix, not to tolerate.
 */
export type StoreKeyError = { code: 'missing' | 'malformed' | 'insecure_permissions' };

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

export const loadStoreKey = (file: string): Result<Uint8Array, StoreKeyError> => {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY);
  } catch {
    // Absent or unreadable by us: either way there is no key to use.
    return err({ code: 'missing' });
  }
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) return err({ code: 'insecure_permissions' });
    const text = readFileSync(fd, 'utf8').trim();
    if (!HEX_KEY.test(text)) return err({ code: 'malformed' });
    return ok(new Uint8Array(Buffer.from(text, 'hex')));
  } catch {
    return err({ code: 'missing' });
  } finally {
    closeSync(fd);
  }
};

/**
 * Writes a new random key, mode 0600. Never overwrites an existing file (that would lock the
 * store out of its own data): an existing file is an error the caller must look at.
 */
export const createStoreKey = (file: string): Uint8Array => {
  const key = randomBytes(32);
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return new Uint8Array(key);
};
