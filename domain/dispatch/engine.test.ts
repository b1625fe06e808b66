import { describe, expect, it } from 'vitest';
import { DispatchEngine } from './engine.ts';
import { dispatchConfig, type DispatchConfig, type DispatchEffect, type LawyerProfile } from './model.ts';

const KIOSK = '440106'; // 广州市天河区
const SAME_PROVINCE = '440304'; // 深圳市福田区
const ELSEWHERE = '110105'; // 北京市朝阳区

const profile = (id: string, regionCode: string, over: Partial<LawyerProfile> = {}): LawyerProfile => ({
  id,
  regionCode,
  matterCategories: ['labour'],
  languages: ['zh'],
  ...over,
});

/** An engine with these lawyers registered and made available in the order given (first = longest idle). */
function engineWith(lawyers: LawyerProfile[], config: Partial<DispatchConfig> = {}): DispatchEngine {
  const engine = new DispatchEngine(dispatchConfig(config));
  for (const p of lawyers) engine.step({ type: 'registerLawyer', profile: p }, 0);
  for (const p of lawyers) engine.step({ type: 'heartbeat', lawyerId: p.id, presence: 'available' }, 0);
  return engine;
}

const request = (id: string, over: Partial<{ kioskRegionCode: string; matterCategory: string; language: string }> = {}) =>
  ({ type: 'request', request: { id, kioskRegionCode: KIOSK, matterCategory: 'labour', language: 'zh', requestedAt: 0, ...over } }) as const;

const ofType = <T extends DispatchEffect['type']>(effects: DispatchEffect[], type: T) =>
  effects.filter((e): e is Extract<DispatchEffect, { type: T }> => e.type === type);

describe('dispatchConfig', () => {
  it('defaults to the seed promise: short rings, 3 at once, county -> province -> national, fallback at 30 s', () => {
    const c = dispatchConfig();
    expect(c).toMatchObject({ ringMs: 6000, offersPerTier: 3, tierOrder: ['county', 'province', 'national'], fallbackAfterMs: 30_000 });
  });

  it('refuses more than 3 offers at once, tiers out of order, and a ring under a second', () => {
    expect(() => dispatchConfig({ offersPerTier: 4 })).toThrow();
    expect(() => dispatchConfig({ tierOrder: ['national', 'county'] })).toThrow();
    expect(() => dispatchConfig({ tierOrder: ['county', 'county'] })).toThrow();
    expect(() => dispatchConfig({ ringMs: 200 })).toThrow();
    expect(dispatchConfig({ tierOrder: ['province', 'national'] }).tierOrder).toEqual(['province', 'national']);
  });
});

describe('tiers', () => {
  it('rings county lawyers first, longest idle first, at most offersPerTier at once', () => {
    const engine = engineWith([
      profile('far', ELSEWHERE),
      profile('prov', SAME_PROVINCE),
      profile('c1', KIOSK),
      profile('c2', KIOSK),
      profile('c3', KIOSK),
      profile('c4', KIOSK),
    ]);
    const effects = engine.step(request('r1'), 1000);
    expect(effects).toEqual([{ type: 'offer', requestId: 'r1', lawyerIds: ['c1', 'c2', 'c3'], tier: 'county', ringUntil: 7000 }]);
    expect(engine.presenceOf('c1')).toBe('ringing');
    expect(engine.presenceOf('c4')).toBe('available');
  });

  it('skips an empty county straight to the province, and the province to the nation', () => {
    const engine = engineWith([profile('prov', SAME_PROVINCE), profile('far', ELSEWHERE)]);
    const effects = engine.step(request('r1'), 0);
    expect(ofType(effects, 'escalated')).toEqual([{ type: 'escalated', requestId: 'r1', from: 'county', to: 'province' }]);
    expect(ofType(effects, 'offer')[0]).toMatchObject({ lawyerIds: ['prov'], tier: 'province' });

    const other = engineWith([profile('far', ELSEWHERE)]);
    const effects2 = other.step(request('r2'), 0);
    expect(ofType(effects2, 'escalated').map((e) => e.to)).toEqual(['province', 'national']);
    expect(ofType(effects2, 'offer')[0]).toMatchObject({ lawyerIds: ['far'], tier: 'national' });
  });

  it('escalates when the tier rings out unanswered, never offering the same lawyer twice', () => {
    const engine = engineWith([profile('c1', KIOSK), profile('prov', SAME_PROVINCE)], { ringMs: 5000 });
    engine.step(request('r1'), 0);
    expect(engine.step({ type: 'tick' }, 4999)).toEqual([]);
    const effects = engine.step({ type: 'tick' }, 5000);
    expect(ofType(effects, 'escalated')).toHaveLength(1);
    const offers = ofType(effects, 'offer');
    expect(offers).toEqual([{ type: 'offer', requestId: 'r1', lawyerIds: ['prov'], tier: 'province', ringUntil: 10_000 }]);
    // c1 is available again (one missed ring) but already had this request.
    expect(engine.presenceOf('c1')).toBe('available');
    const last = engine.step({ type: 'tick' }, 10_000);
    expect(ofType(last, 'fallback')[0]).toMatchObject({ reason: 'tiers_exhausted', queuePosition: 1, hotline: '12348' });
  });

  it('matches matter category and language', () => {
    const engine = engineWith([
      profile('family', KIOSK, { matterCategories: ['family'] }),
      profile('mandarin', KIOSK),
      profile('cantonese', KIOSK, { languages: ['zh', 'yue'] }),
    ]);
    const effects = engine.step(request('r1', { language: 'yue' }), 0);
    expect(ofType(effects, 'offer')[0]?.lawyerIds).toEqual(['cantonese']);
  });
});

describe('accepting', () => {
  it('the first accept wins; the other rings stop; a second accept is refused', () => {
    const engine = engineWith([profile('c1', KIOSK), profile('c2', KIOSK)]);
    engine.step(request('r1'), 0);
    const first = engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c2' }, 1200);
    expect(first).toEqual([
      { type: 'connected', requestId: 'r1', lawyerId: 'c2', tier: 'county' },
      { type: 'cancelOffers', requestId: 'r1', lawyerIds: ['c1'], reason: 'taken' },
    ]);
    expect(engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c1' }, 1300)).toEqual([
      { type: 'acceptRefused', requestId: 'r1', lawyerId: 'c1', reason: 'taken' },
    ]);
    expect(engine.presenceOf('c2')).toBe('in_call');
    expect(engine.presenceOf('c1')).toBe('available');
  });

  it('refuses an accept after the citizen cancelled, after the ring ran out, and from a lawyer never offered', () => {
    const engine = engineWith([profile('c1', KIOSK), profile('c2', KIOSK), profile('prov', SAME_PROVINCE)], { offersPerTier: 1 });
    engine.step(request('r1'), 0);
    expect(engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c2' }, 10)[0]).toMatchObject({ reason: 'not_offered' });
    engine.step({ type: 'tick' }, 6000);
    expect(engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c1' }, 6100)[0]).toMatchObject({ reason: 'expired' });
    const cancelled = engine.step({ type: 'cancel', requestId: 'r1' }, 6200);
    expect(ofType(cancelled, 'cancelOffers')).toEqual([{ type: 'cancelOffers', requestId: 'r1', lawyerIds: ['c2'], reason: 'cancelled' }]);
    expect(engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c2' }, 6300)[0]).toMatchObject({ reason: 'cancelled' });
    expect(engine.step({ type: 'accept', requestId: 'nope', lawyerId: 'c2' }, 6300)[0]).toMatchObject({ reason: 'unknown_request' });
  });

  it('puts the lawyer in wrap-up after the call, then back in the pool; ready early if they say so', () => {
    const engine = engineWith([profile('c1', KIOSK)], { wrapUpMs: 60_000 });
    engine.step(request('r1'), 0);
    engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c1' }, 1000);
    engine.step({ type: 'callEnded', requestId: 'r1' }, 600_000);
    expect(engine.presenceOf('c1')).toBe('wrap_up');
    expect(engine.nextDeadline()).toBe(660_000);
    engine.step({ type: 'tick' }, 660_000);
    expect(engine.presenceOf('c1')).toBe('available');

    engine.step(request('r2'), 700_000);
    engine.step({ type: 'accept', requestId: 'r2', lawyerId: 'c1' }, 701_000);
    engine.step({ type: 'callEnded', requestId: 'r2' }, 800_000);
    engine.step({ type: 'heartbeat', lawyerId: 'c1', presence: 'available' }, 810_000);
    expect(engine.presenceOf('c1')).toBe('available');
  });
});

describe('declines, disconnects and missed rings', () => {
  it('a decline is replaced within the tier at once', () => {
    const engine = engineWith([profile('c1', KIOSK), profile('c2', KIOSK)], { offersPerTier: 1 });
    engine.step(request('r1'), 0);
    const effects = engine.step({ type: 'decline', requestId: 'r1', lawyerId: 'c1' }, 800);
    expect(effects).toEqual([{ type: 'offer', requestId: 'r1', lawyerIds: ['c2'], tier: 'county', ringUntil: 6800 }]);
    expect(engine.presenceOf('c1')).toBe('available');
  });

  it('a lawyer disconnecting while ringing: the next lawyer is offered at once and the lawyer goes away', () => {
    const engine = engineWith([profile('c1', KIOSK), profile('prov', SAME_PROVINCE)], { offersPerTier: 1 });
    engine.step(request('r1'), 0);
    const effects = engine.step({ type: 'lawyerDisconnected', lawyerId: 'c1' }, 500);
    expect(ofType(effects, 'offer')).toEqual([{ type: 'offer', requestId: 'r1', lawyerIds: ['prov'], tier: 'province', ringUntil: 6500 }]);
    expect(ofType(effects, 'markAway')).toEqual([{ type: 'markAway', lawyerId: 'c1', reason: 'disconnected' }]);
    expect(engine.presenceOf('c1')).toBe('away');
  });

  it('a lawyer who misses maxMissedRings rings in a row is set away; an answered ring resets the count', () => {
    const engine = engineWith([profile('c1', KIOSK)], { maxMissedRings: 2, ringMs: 1000 });
    engine.step(request('r1'), 0);
    engine.step({ type: 'tick' }, 1000);
    expect(engine.presenceOf('c1')).toBe('available');
    engine.step(request('r2'), 2000);
    const effects = engine.step({ type: 'tick' }, 3000);
    expect(ofType(effects, 'markAway')).toEqual([{ type: 'markAway', lawyerId: 'c1', reason: 'missed_rings' }]);
    expect(engine.presenceOf('c1')).toBe('away');
    // Back at the desk, answers one: the count starts over.
    engine.step({ type: 'heartbeat', lawyerId: 'c1', presence: 'available' }, 4000);
    engine.step(request('r3'), 5000);
    engine.step({ type: 'tick' }, 6000);
    expect(engine.presenceOf('c1')).toBe('available');
  });

  it('a lawyer ringing for one request is never offered another', () => {
    const engine = engineWith([profile('c1', KIOSK), profile('c2', KIOSK)], { offersPerTier: 1 });
    expect(ofType(engine.step(request('r1'), 0), 'offer')[0]?.lawyerIds).toEqual(['c1']);
    expect(ofType(engine.step(request('r2'), 10), 'offer')[0]?.lawyerIds).toEqual(['c2']);
    const third = engine.step(request('r3'), 20);
    expect(ofType(third, 'offer')).toEqual([]);
    expect(ofType(third, 'fallback')[0]).toMatchObject({ reason: 'nobody_available' });
  });
});

describe('fallback', () => {
  it('nobody available anywhere: the fallback at once, with a callback slot and 12348', () => {
    const engine = engineWith([profile('fam', KIOSK, { matterCategories: ['family'] })], { callbackSlotMs: 30 * 60_000, callbackLeadMs: 15 * 60_000 });
    const now = Date.UTC(2026, 10, 23, 1, 20); // 09:20 Beijing time
    // 09:20 + 15 min lead = 09:35: the next whole half hour is 10:00.
    expect(ofType(engine.step(request('r1'), now), 'fallback')).toEqual([
      {
        type: 'fallback',
        requestId: 'r1',
        reason: 'nobody_available',
        queuePosition: 1,
        callbackSlot: { startsAt: Date.UTC(2026, 10, 23, 2, 0), endsAt: Date.UTC(2026, 10, 23, 2, 30) },
        hotline: '12348',
      },
    ]);
    expect(engine.view('r1')?.phase).toBe('queued');
  });

  it('no taker by fallbackAfterMs: fallback, while rings under way may still be accepted', () => {
    // Decline after decline keeps the request in the county; the 30 s deadline still holds.
    const lawyers = Array.from({ length: 12 }, (_, i) => profile(`c${i}`, KIOSK));
    const engine = engineWith(lawyers, { offersPerTier: 1, ringMs: 20_000, fallbackAfterMs: 30_000 });
    engine.step(request('r1'), 0);
    engine.step({ type: 'decline', requestId: 'r1', lawyerId: 'c0' }, 15_000);
    expect(engine.nextDeadline()).toBe(30_000);
    const effects = engine.step({ type: 'tick' }, 30_000);
    expect(ofType(effects, 'fallback')[0]).toMatchObject({ reason: 'timeout', queuePosition: 1 });
    expect(engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c1' }, 31_000)[0]).toMatchObject({ type: 'connected', tier: 'queue' });
  });

  it('keeps an honest queue: a freed lawyer serves the oldest queued request, positions move up', () => {
    const engine = engineWith([], {});
    engine.step({ type: 'registerLawyer', profile: profile('c1', KIOSK) }, 0);
    expect(ofType(engine.step(request('r1'), 0), 'fallback')[0]?.queuePosition).toBe(1);
    expect(ofType(engine.step(request('r2'), 0), 'fallback')[0]?.queuePosition).toBe(2);
    const freed = engine.step({ type: 'heartbeat', lawyerId: 'c1', presence: 'available' }, 5000);
    expect(freed).toEqual([{ type: 'offer', requestId: 'r1', lawyerIds: ['c1'], tier: 'queue', ringUntil: 11_000 }]);
    const accepted = engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'c1' }, 6000);
    expect(ofType(accepted, 'queuePosition')).toEqual([{ type: 'queuePosition', requestId: 'r2', queuePosition: 1 }]);
    expect(engine.view('r2')?.queuePosition).toBe(1);
  });

  it('serves the queue only from the widest configured tier', () => {
    const engine = engineWith([], { tierOrder: ['county', 'province'] });
    engine.step({ type: 'registerLawyer', profile: profile('far', ELSEWHERE) }, 0);
    engine.step(request('r1'), 0);
    expect(engine.step({ type: 'heartbeat', lawyerId: 'far', presence: 'available' }, 10)).toEqual([]);
    expect(engine.presenceOf('far')).toBe('available');
  });
});

describe('timeline and rejected input', () => {
  it('time-stamps every step with ms since the request', () => {
    const engine = engineWith([profile('c1', KIOSK), profile('prov', SAME_PROVINCE)], { ringMs: 5000 });
    engine.step(request('r1'), 100_000);
    engine.step({ type: 'tick' }, 105_000);
    engine.step({ type: 'accept', requestId: 'r1', lawyerId: 'prov' }, 106_500);
    const timeline = engine.view('r1')?.timeline ?? [];
    expect(timeline.map((t) => [t.kind, t.sinceRequestMs, t.tier])).toEqual([
      ['requested', 0, undefined],
      ['offered', 0, 'county'],
      ['ring_missed', 5000, undefined],
      ['escalated', 5000, 'province'],
      ['offered', 5000, 'province'],
      ['accepted', 6500, 'province'],
    ]);
  });

  it('rejects unknown lawyers, duplicate requests and invalid region codes without changing state', () => {
    const engine = engineWith([profile('c1', KIOSK)]);
    expect(engine.step({ type: 'heartbeat', lawyerId: 'ghost', presence: 'available' }, 0)[0]?.type).toBe('rejected');
    expect(engine.step({ type: 'registerLawyer', profile: profile('bad', '4401') }, 0)[0]?.type).toBe('rejected');
    expect(engine.step(request('r1', { kioskRegionCode: '44' }), 0)[0]?.type).toBe('rejected');
    engine.step(request('r2'), 0);
    expect(engine.step(request('r2'), 0)[0]?.type).toBe('rejected');
    expect(engine.step({ type: 'cancel', requestId: 'unknown' }, 0)[0]?.type).toBe('rejected');
    expect(engine.presenceOf('c1')).toBe('ringing');
  });
});
