/**
 * The centre's lookup key: the kiosk's status look-up by ID card finds cases through an HMAC of the
 * ID number, so the cases table never holds a searchable ID number and a copy of it without the key
 * cannot be matched against a list of ID numbers (the space is small enough to enumerate a plain hash).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export const LOOKUP_KEY_BYTES = 32;

/** Hex HMAC-SHA-256 of the ID number; the check letter is upper-cased first so `x` and `X` match. */
export const applicantKey = (lookupKey: Buffer, idNumber: string): string =>
  createHmac('sha256', lookupKey).update(idNumber.toUpperCase(), 'utf8').digest('hex');

/**
 * Reads the key from `file`, creating it (32 random bytes, mode 0600, directory 0700) when absent.
 * A key readable by others, or of the wrong length, stops the centre: silently replacing it would
 * orphan every stored applicant key.
 */
export const loadOrCreateLookupKey = (file: string): Buffer => {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    // 'wx': created only if absent, so two starting processes cannot overwrite each other's key.
    fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(LOOKUP_KEY_BYTES));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  fd = openSync(file, 'r');
  try {
    // The mode is checked on the open descriptor: no window between the check and the read.
    if ((fstatSync(fd).mode & 0o077) !== 0) throw new Error('the lookup key file must not be readable by group or others (chmod 600)');
    const key = readFileSync(fd);
    if (key.length !== LOOKUP_KEY_BYTES) throw new Error(`the lookup key file must hold exactly ${LOOKUP_KEY_BYTES} bytes`);
    return key;
  } finally {
    closeSync(fd);
  }
};
