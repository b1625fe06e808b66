/**
 * The statement branch's documents (第四十一条, 告知承诺制) in the order the kiosk reads them aloud
 * before the signature: what to state, the pledge, the authorisation to verify, and last, right
 * before signing, the warning about obtaining aid by deception (第六十四条). The texts are pack data
 * so a province can reword them; each paragraph is spoken and shown on its own.
 */
import { PLEDGE_TEXT_KEYS, type PledgeTexts, type ReadAloudText, type RulePack } from './rule-pack.ts';

export const PLEDGE_READING_ORDER: readonly (keyof PledgeTexts)[] = [
  'hardshipStatement',
  'commitment',
  'verificationAuthorisation',
  'fraudWarning',
];

export function pledgeTexts(pack: RulePack): ReadAloudText[] {
  return PLEDGE_READING_ORDER.map((key) => pack.pledge[key]);
}

/** Every text key the pack must carry (for tests and the technician's pack check). */
export const pledgeTextKeys = PLEDGE_TEXT_KEYS;
