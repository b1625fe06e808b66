import { describe, expect, it } from 'vitest';
import { centreServing, competentCentre } from './routing.ts';
import { guangdongPack, nationalPack } from './testing/packs.ts';

const gd = guangdongPack();
const code = (placeCentreCode: string | null, kioskRegionCode: string, pack = gd) => competentCentre(pack, { placeCentreCode, kioskRegionCode }).code;

describe('competentCentre (第三十八条)', () => {
  it.each<[string, string | null, string, string]>([
    ['the named place’s centre, not the kiosk’s', '440113', '440106', '440113'],
    ['the kiosk’s own district when the place is not known', null, '440106', '440106'],
    ['a region code under a district is served by that district', '440106005', '440104', '440106'],
    ['a Guangzhou region without its own centre goes to the city centre', '440199', '440104', '440100'],
    ['Zhongshan, a city without districts', '442000', '440106', '442000'],
    ['an unknown place falls back to the kiosk’s region', '110101', '440111', '440111'],
    ['neither place nor kiosk region is served: the default (12348)', null, '440305', '000000'],
    ['an unknown place from a kiosk nobody serves: the default', '310101', '440305', '000000'],
  ])('%s', (_name, place, kiosk, expected) => {
    expect(code(place, kiosk)).toBe(expected);
  });

  it('with the national pack alone every application goes to the 12348 entry', () => {
    expect(code('440106', '440106', nationalPack())).toBe('000000');
  });

  it('the catch-all centre serves no prefix itself, so the default stays the last resort', () => {
    expect(centreServing(gd, '440305')).toBeUndefined();
  });

  it('returns the centre with its contact details for the receipt', () => {
    const c = competentCentre(gd, { placeCentreCode: '440106', kioskRegionCode: '440106' });
    expect(c.name).toBe('广州市天河区法律援助处');
    expect(c.phone).toMatch(/12348$/);
  });
});
