/** Public API of the ID-card domain: what core, renderer and centre may import. */
export type { CardRefusal, CardRefusalCode, CardType, IdCardData, IsoDate, Sex } from './types.ts';
export {
  birthDateFromIdNumber,
  gb11643CheckChar,
  isValidIdNumber,
  normaliseIdNumber,
  sexFromIdNumber,
  validateIdNumber,
  type IdNumberInfo,
  type IdNumberKind,
} from './id-number.ts';
export { ageOn, maskIdNumber } from './mask.ts';
export { nationCodes, nationName } from './nations.ts';
export { CARD_TEXT_BYTES, encodeCardText, parseCardText } from './card-text.ts';
export { acceptCard, checkCardValidity } from './validity.ts';
