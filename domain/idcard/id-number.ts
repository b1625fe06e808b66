/**
 * Identity numbers carried by the four chip cards the reader accepts.
 *
 * - Resident ID (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd 17th
 *   digit = male), check character (ISO 7064 MOD 11-2: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
 *   check = "10X98765432"[sum % 11]).
 * - 港澳台居民居住证: the same 18-character rule, region fixed to 810000 / 820000 / 830000.
 * - Foreign permanent resident card, 2023: the same 18-character rule, first digit 9 (National
 *   Immigration Administration notice on the 2023 card: "首位为9 ... 采用 MOD11-2 ... 与公民身份号码校验
 *   方式相同"); the birth date sits where a resident number has it.
 * - Foreign permanent resident card, 2017: 15 characters, 3 Latin letters (nationality) + 12 digits.
 *   No official description of the 12 digits was found. The one public implementation we found reads
 *   them as 4-digit region of acceptance + YYMMDD birth date + 1 sequence digit + 1 check digit, with
 *   an unpublished check rule. We therefore only check what a wrong guess cannot turn into a refusal
 *   of a genuine card by much: 3 uppercase letters, 12 digits, a province-level prefix in digits 4-5,
 *   and a YYMMDD in digits 8-13 that exists in the 1900s or 2000s. We do not check the last digit,
 *   and we do not derive sex or a full birth date from it (the century is not encoded).
 */
import { err, ok, type Result } from '../result.ts';
import { compactToIsoDate } from '../time/iso-date.ts';
import type { CardRefusal, IsoDate, Sex } from './types.ts';

export type IdNumberKind = 'resident' | 'hmt_residence' | 'foreign_pr_2023' | 'foreign_pr_2017';

export interface IdNumberInfo {
  /** Normalised: a lowercase check character `x` becomes `X`. */
  readonly idNumber: string;
  readonly kind: IdNumberKind;
  /** Null for the 2017 permit, whose YYMMDD does not say the century. */
  readonly birthDate: IsoDate | null;
  /** Null for the 2017 permit, whose digits are not known to encode sex. */
  readonly sex: Sex | null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * Province-level codes of GB/T 2260 (plus 71 台湾, 81 香港, 82 澳门, which appear in older numbers).
 * The full county table changes every year and is not needed to catch corrupted reads; the first two
 * digits are stable.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);
const HMT_REGIONS: ReadonlySet<string> = new Set(['810000', '820000', '830000']);

/** Birth years before this are taken as corruption (the standard's own example is 1880). */
const EARLIEST_BIRTH_YEAR = 1800;

/** Check character for the first 17 digits of an 18-character number. */
export function gb11643CheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('gb11643CheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Uppercases a trailing `x`; nothing else is changed (no trimming: callers hand over clean fields). */
export function normaliseIdNumber(raw: string): string {
  return raw.length === 18 && raw.endsWith('x') ? `${raw.slice(0, 17)}X` : raw;
}

const refuse = (detail: string): Result<never, CardRefusal> => err({ code: 'invalid_id_number', detail });

export function validateIdNumber(raw: string): Result<IdNumberInfo, CardRefusal> {
  const id = normaliseIdNumber(raw);
  if (id.length === 18) return validate18(id);
  if (id.length === 15) return validatePermit2017(id);
  return refuse(`length ${id.length}, expected 18 (or 15 for a 2017 permit)`);
}

function validate18(id: string): Result<IdNumberInfo, CardRefusal> {
  if (!/^\d{17}[\dX]$/.test(id)) return refuse('18-character number must be 17 digits and a digit or X');
  const region = id.slice(0, 6);
  let kind: IdNumberKind;
  if (id[0] === '9') kind = 'foreign_pr_2023';
  else if (HMT_REGIONS.has(region)) kind = 'hmt_residence';
  else if (PROVINCE_CODES.has(region.slice(0, 2))) kind = 'resident';
  else return refuse('region code names no province');

  const birthDate = compactToIsoDate(id.slice(6, 14));
  if (birthDate === null) return refuse('birth date in the number does not exist');
  if (Number(birthDate.slice(0, 4)) < EARLIEST_BIRTH_YEAR) return refuse('birth year implausibly early');

  if (gb11643CheckChar(id.slice(0, 17)) !== id[17]) return refuse('check character mismatch');

  const sex: Sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return ok({ idNumber: id, kind, birthDate, sex });
}

function validatePermit2017(id: string): Result<IdNumberInfo, CardRefusal> {
  if (!/^[A-Z]{3}\d{12}$/.test(id)) return refuse('2017 permit number must be 3 uppercase letters and 12 digits');
  if (!PROVINCE_CODES.has(id.slice(3, 5))) return refuse('2017 permit region code names no province');
  const yymmdd = id.slice(7, 13);
  if (compactToIsoDate(`19${yymmdd}`) === null && compactToIsoDate(`20${yymmdd}`) === null) {
    return refuse('2017 permit birth date does not exist');
  }
  return ok({ idNumber: id, kind: 'foreign_pr_2017', birthDate: null, sex: null });
}

export function isValidIdNumber(raw: string): boolean {
  return validateIdNumber(raw).ok;
}

/** Birth date of a valid 18-character number; null for invalid numbers and for 2017 permits. */
export function birthDateFromIdNumber(raw: string): IsoDate | null {
  const r = validateIdNumber(raw);
  return r.ok ? r.value.birthDate : null;
}

/** Sex of a valid 18-character number (odd 17th digit = male); null otherwise. */
export function sexFromIdNumber(raw: string): Sex | null {
  const r = validateIdNumber(raw);
  return r.ok ? r.value.sex : null;
}
