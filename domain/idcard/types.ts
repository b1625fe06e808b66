/**
 * What a second-generation ID card (or one of the three residence/permanent-residence permits that
 * use the same chip and reader) tells us, after parsing the reader's 256-byte text block.
 * Field layout per card type: ../shared/docs/identity.md.
 */

/** The character at offset 248 of the text block selects the layout. */
export type CardType =
  | 'resident' // ' ' 居民身份证
  | 'hmt_residence' // 'J' 港澳台居民居住证
  | 'foreign_pr_2017' // 'I' 外国人永久居留身份证 (2017)
  | 'foreign_pr_2023'; // 'Y' 外国人永久居留身份证 (2023)

export type Sex = 'male' | 'female';

/** ISO date `YYYY-MM-DD`; validTo may be `long_term` (长期). */
export type IsoDate = string;

export interface IdCardData {
  readonly cardType: CardType;
  /** Chinese name; for a 2017 foreign PR card without a Chinese name, the English name. */
  readonly name: string;
  readonly englishName: string | null;
  readonly sex: Sex;
  /** GB 3304 two-digit code and name (resident cards only). */
  readonly nationCode: string | null;
  readonly nation: string | null;
  /** ISO 3166 alpha-3 code as printed on foreign PR cards. */
  readonly nationality: string | null;
  readonly birthDate: IsoDate;
  readonly address: string | null;
  /** 18-character ID number, or the 15-character 2017 permit number. */
  readonly idNumber: string;
  readonly issuer: string;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | 'long_term';
  /** 港澳台 card: the 通行证 number and issue count. */
  readonly passNumber: string | null;
  readonly issueCount: string | null;
}

/** Why a card is not accepted. The renderer turns each code into a plain-language message. */
export type CardRefusalCode =
  | 'malformed' // text block of wrong size or undecodable fields
  | 'unknown_card_type'
  | 'invalid_id_number' // GB 11643 check character or structure wrong
  | 'invalid_birth_date'
  | 'expired'
  | 'not_yet_valid';

export interface CardRefusal {
  readonly code: CardRefusalCode;
  /** English detail for developers and technicians; never shown to citizens, never personal data. */
  readonly detail: string;
}
