import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync, constants } from 'node:fs';
import { err, ok, type Result } from '../../../domain/result.ts';
import { readPrivateFile } from '../services/private-file.ts';

/**
 * The device key of the local store: 32 random bytes kept as 64 hex characters in a file that only
 * the kiosk's user may read (provisioning writes it; the simulator creates one in the data dir).
 * A key file that others can read is refused rather than used: the key protects every stored
 * application, so a lax permission is a provisioning mistake to fix, not to tolerate.
 */
export type StoreKeyError = { code: 'missing' | 'malformed' | 'insecure_permissions' };

const HEX_KEY = /^[0-9a-fA-F]{64}$/;

export const loadStoreKey = (file: string): Result<Uint8Array, StoreKeyError> => {
  const read = readPrivateFile(file);
  if (!read.ok) return read;
  const text = read.value.trim();
  return HEX_KEY.test(text) ? ok(new Uint8Array(Buffer.from(text, 'hex'))) : err({ code: 'malformed' });
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
