import { randomBytes } from 'node:crypto';

/**
 * Numbers a citizen reads off the receipt (and may read aloud on the phone):
 *
 * - local application number `LA` + local `YYYYMMDD` + `-` + a 4-digit sequence of that day,
 *   e.g. `LA20261123-0007`. The date part makes it self-explanatory to centre staff; the per-day
 *   sequence keeps it short (a kiosk takes a handful per day, 9999 is far beyond any real day).
 *   It is unique on this kiosk only; the centre's acceptance number (受理编号) is the global one.
 * - short code: 6 characters from an alphabet without 0/O and 1/I, for the public status page.
 */
export const LOCAL_NUMBER_PATTERN = /^LA\d{8}-\d{4}$/;
export const MAX_DAY_SEQUENCE = 9999;

export const formatLocalNumber = (compactDate: string, sequence: number): string => {
  if (!/^\d{8}$/.test(compactDate)) throw new RangeError('compact date must be YYYYMMDD');
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_DAY_SEQUENCE) throw new RangeError('day sequence out of range');
  return `LA${compactDate}-${String(sequence).padStart(4, '0')}`;
};

/** 32 symbols: digits 2-9 and A-Z without I and O. A power of two, so `byte & 31` is unbiased. */
export const SHORT_CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const SHORT_CODE_LENGTH = 6;

export const generateShortCode = (random: (size: number) => Uint8Array = randomBytes): string => {
  let code = '';
  for (const byte of random(SHORT_CODE_LENGTH)) code += SHORT_CODE_ALPHABET[byte & 31];
  return code;
};
