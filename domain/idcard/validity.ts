/**
 * Whether a parsed card may be used today. `today` is the kiosk's local calendar date, passed in by
 * the caller (domain code never reads the clock).
 */
import { err, ok, type Result } from '../result.ts';
import { assertIsoDate, compareIsoDates } from '../time/iso-date.ts';
import { parseCardText } from './card-text.ts';
import type { CardRefusal, IdCardData, IsoDate } from './types.ts';

/**
 * A card is valid from validFrom through validTo inclusive (the printed end date is the last day
 * of use); 长期 never expires. A birth date after today can only come from a corrupted chip or a
 * wrong kiosk clock, and either way we cannot compute an age from it, so it is refused too.
 * Throws if `today` is not an ISO date: that is a bug in the caller, not a property of the card.
 */
export function checkCardValidity(card: IdCardData, today: IsoDate): Result<IdCardData, CardRefusal> {
  assertIsoDate(today, 'today');
  if (compareIsoDates(card.validFrom, today) > 0) {
    return err({ code: 'not_yet_valid', detail: 'validity period has not started' });
  }
  if (card.validTo !== 'long_term' && compareIsoDates(card.validTo, today) < 0) {
    return err({ code: 'expired', detail: 'validity period has ended' });
  }
  if (compareIsoDates(card.birthDate, today) > 0) {
    return err({ code: 'invalid_birth_date', detail: 'birth date is after today' });
  }
  return ok(card);
}

/** The one call the core makes with the reader's text block: parse, then check the dates. */
export function acceptCard(block: Uint8Array, today: IsoDate): Result<IdCardData, CardRefusal> {
  assertIsoDate(today, 'today');
  const parsed = parseCardText(block);
  return parsed.ok ? checkCardValidity(parsed.value, today) : parsed;
}
