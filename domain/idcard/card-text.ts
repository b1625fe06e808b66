/**
 * The reader's 256-byte text block (UCS-2LE, space padded) <-> IdCardData, for all four cards that
 * share the resident-card chip. Layouts: ../shared/docs/identity.md ("The 256-byte text block").
 *
 * parseCardText refuses anything we could not stand behind in front of a lawyer: a block of the
 * wrong size, undecodable fields, an unknown card type, an ID number that fails its check, a number
 * that belongs to another kind of card, and a birth date or sex that disagrees with the number.
 */
import { err, ok, type Err, type Result } from '../result.ts';
import { compactToIsoDate, isoToCompactDate } from '../time/iso-date.ts';
import { validateIdNumber, type IdNumberKind } from './id-number.ts';
import { nationName } from './nations.ts';
import type { CardRefusal, CardType, IdCardData, IsoDate, Sex } from './types.ts';
import { readUcs2, trimField, writeUcs2 } from './ucs2.ts';

export const CARD_TEXT_BYTES = 256;
export const CARD_TYPE_OFFSET = 248;

/** A field's place in the block, in bytes (two per UCS-2 character). */
interface Span {
  readonly offset: number;
  readonly bytes: number;
}
const at = (offset: number, bytes: number): Span => ({ offset, bytes });

/** Spans shared by the resident card and the 港澳台 residence permit. */
const RESIDENT_LIKE = {
  name: at(0, 30),
  sex: at(30, 2),
  birth: at(36, 16),
  address: at(52, 70),
  idNumber: at(122, 36),
  issuer: at(158, 30),
  validFrom: at(188, 16),
  validTo: at(204, 16),
} as const;

export const LAYOUTS = {
  resident: { ...RESIDENT_LIKE, nation: at(32, 4) },
  hmt_residence: { ...RESIDENT_LIKE, passNumber: at(220, 18), issueCount: at(238, 4) },
  foreign_pr_2017: {
    englishName: at(0, 120),
    sex: at(120, 2),
    idNumber: at(122, 30),
    nationality: at(152, 6),
    name: at(158, 30),
    validFrom: at(188, 16),
    validTo: at(204, 16),
    birth: at(220, 16),
    version: at(236, 4),
    // The chip holds the issuing authority's code here, not its name; we pass the code on as issuer.
    authority: at(240, 8),
  },
  foreign_pr_2023: {
    name: at(0, 30),
    sex: at(30, 2),
    renewalCount: at(32, 4),
    birth: at(36, 16),
    englishName: at(52, 70),
    idNumber: at(122, 36),
    // Marked reserved in our layout notes; read as issuer so that whatever a card holds here is kept.
    issuer: at(158, 30),
    validFrom: at(188, 16),
    validTo: at(204, 16),
    englishNameCont: at(220, 22),
    nationality: at(242, 6),
  },
} as const;

const TYPE_LETTERS: Readonly<Record<CardType, string>> = {
  resident: ' ',
  hmt_residence: 'J',
  foreign_pr_2017: 'I',
  foreign_pr_2023: 'Y',
};

const LONG_TERM = '长期';

type Refusal = Err<CardRefusal>;
const malformed = (detail: string): Refusal => err({ code: 'malformed', detail });

/** Thrown inside the parser only, to unwind from deep field helpers; caught in parseCardText. */
class Refused {
  constructor(readonly refusal: Refusal) {}
}

/** Reads one field of a block already known to be 256 bytes long. */
class FieldReader {
  constructor(private readonly block: Uint8Array) {}

  text(span: Span, what: string): string {
    const raw = readUcs2(this.block, span.offset, span.bytes);
    if (raw === null) throw new Refused(malformed(`${what}: unpaired UTF-16 surrogate`));
    return trimField(raw);
  }

  /** Raw (untrimmed) text, for fields that continue in another span. */
  rawText(span: Span, what: string): string {
    const raw = readUcs2(this.block, span.offset, span.bytes);
    if (raw === null) throw new Refused(malformed(`${what}: unpaired UTF-16 surrogate`));
    return raw;
  }

  optional(span: Span, what: string): string | null {
    const t = this.text(span, what);
    return t === '' ? null : t;
  }

  required(span: Span, what: string): string {
    const t = this.text(span, what);
    if (t === '') throw new Refused(malformed(`${what} is empty`));
    return t;
  }

  sex(span: Span): Sex {
    const t = this.text(span, 'sex');
    if (t === '1') return 'male';
    if (t === '2') return 'female';
    throw new Refused(malformed('sex is neither 1 nor 2'));
  }

  date(span: Span, what: string): IsoDate {
    const iso = compactToIsoDate(this.text(span, what));
    if (iso === null) throw new Refused(malformed(`${what} is not a real YYYYMMDD date`));
    return iso;
  }

  validTo(span: Span): IsoDate | 'long_term' {
    return this.text(span, 'validTo') === LONG_TERM ? 'long_term' : this.date(span, 'validTo');
  }
}

/** The card type from the character at offset 248; null for a letter we do not know. */
function cardTypeOf(block: Uint8Array): CardType | null {
  const unit = block[CARD_TYPE_OFFSET]! | (block[CARD_TYPE_OFFSET + 1]! << 8);
  // Resident cards leave the slot blank; some readers hand over NUL rather than a space.
  if (unit === 0x20 || unit === 0x00) return 'resident';
  if (unit === 0x4a) return 'hmt_residence';
  if (unit === 0x49) return 'foreign_pr_2017';
  if (unit === 0x59) return 'foreign_pr_2023';
  return null;
}

export function parseCardText(block: Uint8Array): Result<IdCardData, CardRefusal> {
  if (block.length !== CARD_TEXT_BYTES) return malformed(`text block is ${block.length} bytes, expected 256`);
  const cardType = cardTypeOf(block);
  if (cardType === null) {
    const unit = block[CARD_TYPE_OFFSET]! | (block[CARD_TYPE_OFFSET + 1]! << 8);
    return err({ code: 'unknown_card_type', detail: `type character U+${unit.toString(16).padStart(4, '0')}` });
  }
  try {
    return checkIdentity(readFields(cardType, new FieldReader(block)));
  } catch (e) {
    if (e instanceof Refused) return e.refusal;
    throw e;
  }
}

function readFields(cardType: CardType, r: FieldReader): IdCardData {
  switch (cardType) {
    case 'resident': {
      const L = LAYOUTS.resident;
      const nationCode = r.text(L.nation, 'nation');
      if (!/^\d{2}$/.test(nationCode)) throw new Refused(malformed('nation code is not two digits'));
      return {
        ...residentLike(cardType, r),
        nationCode,
        // An unknown but well-formed code is kept without a name rather than refusing the citizen.
        nation: nationName(nationCode),
      };
    }
    case 'hmt_residence': {
      const L = LAYOUTS.hmt_residence;
      return {
        ...residentLike(cardType, r),
        passNumber: r.optional(L.passNumber, 'passNumber'),
        issueCount: r.optional(L.issueCount, 'issueCount'),
      };
    }
    case 'foreign_pr_2017': {
      const L = LAYOUTS.foreign_pr_2017;
      const englishName = r.optional(L.englishName, 'englishName');
      const chineseName = r.optional(L.name, 'name');
      const name = chineseName ?? englishName;
      if (name === null) throw new Refused(malformed('card carries neither a Chinese nor an English name'));
      return {
        cardType,
        name,
        englishName,
        sex: r.sex(L.sex),
        nationCode: null,
        nation: null,
        nationality: r.optional(L.nationality, 'nationality'),
        birthDate: r.date(L.birth, 'birthDate'),
        address: null,
        idNumber: r.text(L.idNumber, 'idNumber'),
        issuer: r.text(L.authority, 'authority'),
        validFrom: r.date(L.validFrom, 'validFrom'),
        validTo: r.validTo(L.validTo),
        passNumber: null,
        issueCount: null,
      };
    }
    case 'foreign_pr_2023': {
      const L = LAYOUTS.foreign_pr_2023;
      // The English name runs on from offset 52 into offset 220 when longer than 35 characters,
      // so the two spans are joined before padding is stripped.
      const englishName = trimField(
        r.rawText(L.englishName, 'englishName') + r.rawText(L.englishNameCont, 'englishName'),
      );
      return {
        cardType,
        name: r.required(L.name, 'name'),
        englishName: englishName === '' ? null : englishName,
        sex: r.sex(L.sex),
        nationCode: null,
        nation: null,
        nationality: r.optional(L.nationality, 'nationality'),
        birthDate: r.date(L.birth, 'birthDate'),
        address: null,
        idNumber: r.text(L.idNumber, 'idNumber'),
        issuer: r.text(L.issuer, 'issuer'),
        validFrom: r.date(L.validFrom, 'validFrom'),
        validTo: r.validTo(L.validTo),
        passNumber: null,
        // The 2023 card's renewal count (换证次数) plays the role of the issue count.
        issueCount: r.optional(L.renewalCount, 'renewalCount'),
      };
    }
  }
}

function residentLike(cardType: 'resident' | 'hmt_residence', r: FieldReader): IdCardData {
  const L = RESIDENT_LIKE;
  return {
    cardType,
    name: r.required(L.name, 'name'),
    englishName: null,
    sex: r.sex(L.sex),
    nationCode: null,
    nation: null,
    nationality: null,
    birthDate: r.date(L.birth, 'birthDate'),
    address: r.optional(L.address, 'address'),
    idNumber: r.text(L.idNumber, 'idNumber'),
    issuer: r.text(L.issuer, 'issuer'),
    validFrom: r.date(L.validFrom, 'validFrom'),
    validTo: r.validTo(L.validTo),
    passNumber: null,
    issueCount: null,
  };
}

const KIND_FOR_TYPE: Readonly<Record<CardType, IdNumberKind>> = {
  resident: 'resident',
  hmt_residence: 'hmt_residence',
  foreign_pr_2017: 'foreign_pr_2017',
  foreign_pr_2023: 'foreign_pr_2023',
};

/**
 * Validates the number, cross-checks it with the card's own fields, and returns the card with the
 * number normalised (lowercase x -> X).
 */
function checkIdentity(card: IdCardData): Result<IdCardData, CardRefusal> {
  const v = validateIdNumber(card.idNumber);
  if (!v.ok) return v;
  const info = v.value;
  if (info.kind !== KIND_FOR_TYPE[card.cardType]) {
    return err({ code: 'invalid_id_number', detail: `a ${info.kind} number on a ${card.cardType} card` });
  }
  // The 2017 permit's digits do not reliably encode birth date or sex (see id-number.ts): no cross-check.
  if (info.birthDate !== null && info.birthDate !== card.birthDate) {
    return err({ code: 'invalid_birth_date', detail: 'birth date field disagrees with the ID number' });
  }
  if (info.sex !== null && info.sex !== card.sex) {
    return err({ code: 'invalid_id_number', detail: 'sex field disagrees with the ID number' });
  }
  return ok({ ...card, idNumber: info.idNumber });
}

/**
 * Builds the 256-byte block a reader would return for `card`; used by the reader simulator and
 * tests. Throws RangeError when a field does not fit or a date is malformed: the caller built an
 * impossible card. Fields the card data has no place for (the 2017 card's version) stay blank.
 */
export function encodeCardText(card: IdCardData): Uint8Array {
  const block = new Uint8Array(CARD_TEXT_BYTES);
  writeUcs2(block, 0, CARD_TEXT_BYTES, '');
  const put = (span: Span, text: string | null): void => writeUcs2(block, span.offset, span.bytes, text ?? '');
  const sex = card.sex === 'male' ? '1' : '2';
  const validTo = card.validTo === 'long_term' ? LONG_TERM : isoToCompactDate(card.validTo);

  switch (card.cardType) {
    case 'resident':
    case 'hmt_residence': {
      const L = RESIDENT_LIKE;
      put(L.name, card.name);
      put(L.sex, sex);
      put(L.birth, isoToCompactDate(card.birthDate));
      put(L.address, card.address);
      put(L.idNumber, card.idNumber);
      put(L.issuer, card.issuer);
      put(L.validFrom, isoToCompactDate(card.validFrom));
      put(L.validTo, validTo);
      if (card.cardType === 'resident') {
        put(LAYOUTS.resident.nation, card.nationCode);
      } else {
        put(LAYOUTS.hmt_residence.passNumber, card.passNumber);
        put(LAYOUTS.hmt_residence.issueCount, card.issueCount);
      }
      break;
    }
    case 'foreign_pr_2017': {
      const L = LAYOUTS.foreign_pr_2017;
      put(L.englishName, card.englishName);
      put(L.sex, sex);
      put(L.idNumber, card.idNumber);
      put(L.nationality, card.nationality);
      // parseCardText falls back to the English name when the Chinese one is blank; mirror that.
      put(L.name, card.name === card.englishName ? null : card.name);
      put(L.validFrom, isoToCompactDate(card.validFrom));
      put(L.validTo, validTo);
      put(L.birth, isoToCompactDate(card.birthDate));
      put(L.authority, card.issuer);
      break;
    }
    case 'foreign_pr_2023': {
      const L = LAYOUTS.foreign_pr_2023;
      const english = card.englishName ?? '';
      const firstPart = L.englishName.bytes / 2;
      if (english.length > firstPart + L.englishNameCont.bytes / 2) {
        throw new RangeError(`English name of ${english.length} characters does not fit the 2023 card`);
      }
      put(L.name, card.name);
      put(L.sex, sex);
      put(L.renewalCount, card.issueCount);
      put(L.birth, isoToCompactDate(card.birthDate));
      put(L.englishName, english.slice(0, firstPart));
      put(L.idNumber, card.idNumber);
      put(L.issuer, card.issuer);
      put(L.validFrom, isoToCompactDate(card.validFrom));
      put(L.validTo, validTo);
      put(L.englishNameCont, english.slice(firstPart));
      put(L.nationality, card.nationality);
      break;
    }
  }
  writeUcs2(block, CARD_TYPE_OFFSET, 2, TYPE_LETTERS[card.cardType]);
  return block;
}
