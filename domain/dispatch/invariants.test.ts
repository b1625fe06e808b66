/**
 * Property-style and scale checks: random event sequences from a seeded PRNG (so a failure replays),
 * with the invariants checked after every step against a ledger built only from the effects the
 * engine returned, the way the centre would see them.
 */
import { describe, expect, it } from 'vitest';
import { DispatchEngine } from './engine.ts';
import { TIERS, dispatchConfig, type DispatchConfig, type DispatchEffect, type DispatchEvent, type LawyerProfile } from './model.ts';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const PROVINCES = ['11', '31', '44', '51', '54', '65'];
const MATTERS = ['labour', 'family', 'debt', 'injury', 'tenancy'];
const countiesOf = (count: number): string[] =>
  PROVINCES.flatMap((p) => Array.from({ length: count }, (_, i) => `${p}${String(1 + Math.floor(i / 9)).padStart(2, '0')}${String(1 + (i % 9)).padStart(2, '0')}`));

function randomProfile(random: () => number, id: string, counties: readonly string[]): LawyerProfile {
  const matters = MATTERS.filter(() => random() < 0.4);
  return {
    id,
    regionCode: pick(random, counties),
    matterCategories: matters.length > 0 ? matters : [pick(random, MATTERS)],
    languages: random() < 0.1 ? ['zh', 'yue'] : ['zh'],
  };
}

/** What the centre can know from effects alone; throws on the first broken invariant. */
class Ledger {
  /** lawyer -> request ringing on their console, with the ring's end. */
  readonly ringing = new Map<string, { requestId: string; ringUntil: number }>();
  /** lawyer -> request in call. */
  readonly inCall = new Map<string, string>();
  readonly connected = new Map<string, string>();
  readonly fallbacks = new Set<string>();
  /** request -> every lawyer it was ever offered to. */
  readonly offeredTo = new Map<string, Set<string>>();
  doubleBookings = 0;

  constructor(private readonly config: DispatchConfig) {}

  /** Updates from the event itself, before its effects (rings the engine ends without an effect). */
  before(event: DispatchEvent, now: number): void {
    if (event.type === 'tick') {
      for (const [lawyerId, ring] of this.ringing) if (ring.ringUntil <= now) this.ringing.delete(lawyerId);
    } else if (event.type === 'decline') {
      if (this.ringing.get(event.lawyerId)?.requestId === event.requestId) this.ringing.delete(event.lawyerId);
    } else if (event.type === 'heartbeat' && event.presence === 'away') {
      this.ringing.delete(event.lawyerId);
    } else if (event.type === 'lawyerDisconnected') {
      this.ringing.delete(event.lawyerId);
      this.inCall.delete(event.lawyerId);
    } else if (event.type === 'callEnded') {
      const lawyerId = this.connected.get(event.requestId);
      if (lawyerId !== undefined && this.inCall.get(lawyerId) === event.requestId) this.inCall.delete(lawyerId);
    }
  }

  after(effects: readonly DispatchEffect[]): void {
    for (const e of effects) {
      if (e.type === 'offer') {
        const offeredTo = this.offeredTo.get(e.requestId) ?? new Set<string>();
        this.offeredTo.set(e.requestId, offeredTo);
        for (const lawyerId of e.lawyerIds) {
          if (offeredTo.has(lawyerId)) throw new Error(`${e.requestId} offered to ${lawyerId} twice`);
          offeredTo.add(lawyerId);
          if (this.ringing.has(lawyerId) || this.inCall.has(lawyerId)) this.doubleBookings += 1;
          this.ringing.set(lawyerId, { requestId: e.requestId, ringUntil: e.ringUntil });
        }
        const ringingForRequest = [...this.ringing.values()].filter((r) => r.requestId === e.requestId).length;
        if (ringingForRequest > this.config.offersPerTier) throw new Error(`${e.requestId} rings ${ringingForRequest} lawyers at once`);
      } else if (e.type === 'cancelOffers') {
        for (const lawyerId of e.lawyerIds) if (this.ringing.get(lawyerId)?.requestId === e.requestId) this.ringing.delete(lawyerId);
      } else if (e.type === 'connected') {
        if (this.connected.has(e.requestId)) throw new Error(`${e.requestId} connected twice`);
        if (this.ringing.get(e.lawyerId)?.requestId !== e.requestId) throw new Error(`${e.lawyerId} connected to ${e.requestId} without a ring`);
        if (this.inCall.has(e.lawyerId)) this.doubleBookings += 1;
        this.ringing.delete(e.lawyerId);
        this.inCall.set(e.lawyerId, e.requestId);
        this.connected.set(e.requestId, e.lawyerId);
      } else if (e.type === 'fallback') {
        if (this.fallbacks.has(e.requestId)) throw new Error(`${e.requestId} fell back twice`);
        this.fallbacks.add(e.requestId);
      } else if (e.type === 'markAway') {
        this.ringing.delete(e.lawyerId);
      }
    }
  }
}

// domain/ compiles without DOM or Node types; the scale test's figures go to the test output.
declare const console: { log: (...parts: unknown[]) => void };

const TIER_RANK = { county: 0, province: 1, national: 2, queue: 3 } as const;

/** Internal consistency that the ledger cannot see: tiers only widen, one ring per lawyer. */
function checkEngine(engine: DispatchEngine, requestIds: readonly string[]): void {
  const ringingSeen = new Set<string>();
  for (const id of requestIds) {
    const view = engine.view(id);
    if (view === undefined) continue;
    let rank = 0;
    for (const entry of view.timeline) {
      if (entry.tier === undefined) continue;
      if (TIER_RANK[entry.tier] < rank) throw new Error(`${id} went back from rank ${rank} to ${entry.tier}`);
      rank = TIER_RANK[entry.tier];
    }
    for (const lawyerId of view.ringing) {
      if (ringingSeen.has(lawyerId)) throw new Error(`${lawyerId} rings for two requests`);
      ringingSeen.add(lawyerId);
      if (engine.presenceOf(lawyerId) !== 'ringing') throw new Error(`${lawyerId} rings but is ${engine.presenceOf(lawyerId)}`);
    }
  }
}

function runSequence(seed: number): { ledger: Ledger; engine: DispatchEngine; requestIds: string[] } {
  const random = prng(seed);
  const config = dispatchConfig({
    ringMs: 1000 + Math.floor(random() * 7000),
    offersPerTier: 1 + Math.floor(random() * 3),
    maxMissedRings: 1 + Math.floor(random() * 4),
    wrapUpMs: Math.floor(random() * 20_000),
    fallbackAfterMs: 10_000 + Math.floor(random() * 30_000),
  });
  const engine = new DispatchEngine(config);
  const ledger = new Ledger(config);
  const counties = countiesOf(3);
  const lawyerIds: string[] = [];
  const requestIds: string[] = [];
  let now = 0;
  const apply = (event: DispatchEvent): void => {
    ledger.before(event, now);
    ledger.after(engine.step(event, now));
  };

  const lawyerCount = 100 + Math.floor(random() * 200);
  for (let i = 0; i < lawyerCount; i += 1) {
    const id = `L${i}`;
    lawyerIds.push(id);
    apply({ type: 'registerLawyer', profile: randomProfile(random, id, counties) });
    if (random() < 0.3) apply({ type: 'heartbeat', lawyerId: id, presence: 'available' });
  }

  const steps = 150 + Math.floor(random() * 100);
  for (let s = 0; s < steps; s += 1) {
    const roll = random();
    const ringingLawyers = [...ledger.ringing.entries()];
    if (roll < 0.15 && requestIds.length < 40) {
      const id = `R${requestIds.length}`;
      requestIds.push(id);
      apply({ type: 'request', request: { id, kioskRegionCode: pick(random, counties), matterCategory: pick(random, MATTERS), language: random() < 0.1 ? 'yue' : 'zh', requestedAt: now } });
    } else if (roll < 0.35 && ringingLawyers.length > 0) {
      const [lawyerId, ring] = pick(random, ringingLawyers);
      apply({ type: 'accept', requestId: ring.requestId, lawyerId });
    } else if (roll < 0.42 && requestIds.length > 0) {
      // Stray accepts: any lawyer, any request, to hit the refusals.
      apply({ type: 'accept', requestId: pick(random, requestIds), lawyerId: pick(random, lawyerIds) });
    } else if (roll < 0.5 && ringingLawyers.length > 0) {
      const [lawyerId, ring] = pick(random, ringingLawyers);
      apply({ type: 'decline', requestId: ring.requestId, lawyerId });
    } else if (roll < 0.55 && requestIds.length > 0) {
      apply({ type: 'cancel', requestId: pick(random, requestIds) });
    } else if (roll < 0.62 && ledger.connected.size > 0) {
      apply({ type: 'callEnded', requestId: pick(random, [...ledger.connected.keys()]) });
    } else if (roll < 0.72) {
      apply({ type: 'heartbeat', lawyerId: pick(random, lawyerIds), presence: random() < 0.8 ? 'available' : 'away' });
    } else if (roll < 0.75) {
      apply({ type: 'lawyerDisconnected', lawyerId: pick(random, lawyerIds) });
    } else {
      now += Math.floor(random() * 9000);
      apply({ type: 'tick' });
    }
    checkEngine(engine, requestIds);
  }
  // Let every clock run out: no request may be left walking the tiers.
  now += 10 * 60_000;
  apply({ type: 'tick' });
  checkEngine(engine, requestIds);
  return { ledger, engine, requestIds };
}

describe('dispatch invariants over random event sequences', () => {
  it('never double-books, rings at most offersPerTier per request, only widens tiers, and ends every request', () => {
    let connected = 0;
    let fallbacks = 0;
    for (let seed = 1; seed <= 1000; seed += 1) {
      const { ledger, engine, requestIds } = runSequence(seed);
      expect(ledger.doubleBookings, `seed ${seed}`).toBe(0);
      for (const id of requestIds) {
        const phase = engine.view(id)?.phase;
        expect(['connected', 'ended', 'queued', 'cancelled'], `seed ${seed} ${id}`).toContain(phase);
        if (phase === 'queued') expect(ledger.fallbacks.has(id), `seed ${seed} ${id} queued without a fallback`).toBe(true);
      }
      connected += ledger.connected.size;
      fallbacks += ledger.fallbacks.size;
    }
    // The generator must actually reach both outcomes, or the invariants prove little.
    expect(connected).toBeGreaterThan(1000);
    expect(fallbacks).toBeGreaterThan(1000);
  });
});

type ScaleRun = { availableEvery: number; acceptChance: number; callEndChance: number; seconds: number };

/**
 * 38,000 registered lawyers over 31 provinces, 500 requests at the same instant, then each simulated
 * second ringing lawyers race to accept or decline, calls end, and time moves on.
 */
function runAtScale({ availableEvery, acceptChance, callEndChance, seconds }: ScaleRun) {
  const random = prng(2026);
  const config = dispatchConfig();
  const engine = new DispatchEngine(config);
  const ledger = new Ledger(config);
  const provinces = '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65'.split(' ');
  const counties = provinces.flatMap((p) => Array.from({ length: 90 }, (_, i) => `${p}${String(1 + Math.floor(i / 15)).padStart(2, '0')}${String(1 + (i % 15)).padStart(2, '0')}`));
  let now = 0;
  const apply = (event: DispatchEvent): void => {
    ledger.before(event, now);
    ledger.after(engine.step(event, now));
  };
  const started = Date.now();
  for (let i = 0; i < 38_000; i += 1) {
    const id = `L${i}`;
    apply({ type: 'registerLawyer', profile: randomProfile(random, id, counties) });
    if (i % availableEvery === 0) apply({ type: 'heartbeat', lawyerId: id, presence: 'available' });
  }
  const registered = Date.now();
  const requestIds = Array.from({ length: 500 }, (_, i) => `R${i}`);
  for (const id of requestIds) {
    apply({ type: 'request', request: { id, kioskRegionCode: pick(random, counties), matterCategory: pick(random, MATTERS), language: 'zh', requestedAt: 0 } });
  }
  while (now < seconds * 1000) {
    for (const [lawyerId, ring] of [...ledger.ringing]) {
      const roll = random();
      if (roll < acceptChance) apply({ type: 'accept', requestId: ring.requestId, lawyerId });
      else if (roll < acceptChance + 0.07) apply({ type: 'decline', requestId: ring.requestId, lawyerId });
    }
    for (const requestId of [...ledger.inCall.values()]) if (random() < callEndChance) apply({ type: 'callEnded', requestId });
    now += 1000;
    apply({ type: 'tick' });
  }
  const finished = Date.now();
  const tiers = { county: 0, province: 0, national: 0, queue: 0 };
  for (const id of requestIds) {
    const accepted = engine.view(id)?.timeline.find((t) => t.kind === 'accepted');
    if (accepted?.tier !== undefined) tiers[accepted.tier] += 1;
  }
  console.log(
    `dispatch scale (1 in ${availableEvery} available, accept chance ${acceptChance}/s): register ${(registered - started).toFixed(0)} ms;`,
    `500 requests over ${seconds} simulated s ${(finished - registered).toFixed(0)} ms;`,
    `connected ${ledger.connected.size} (${TIERS.map((t) => `${t} ${tiers[t]}`).join(', ')}, queue ${tiers.queue}), fallbacks ${ledger.fallbacks.size}`,
  );
  return { ledger, engine, requestIds, tiers };
}

describe('dispatch at national scale (figures logged, time not asserted)', () => {
  it('38,000 lawyers, 10 % available, 500 simultaneous requests: zero double bookings', () => {
    const { ledger, engine, requestIds } = runAtScale({ availableEvery: 10, acceptChance: 0.33, callEndChance: 0, seconds: 60 });
    expect(ledger.doubleBookings).toBe(0);
    expect(new Set(ledger.connected.values()).size).toBe(ledger.connected.size);
    for (const id of requestIds) expect(['connected', 'queued']).toContain(engine.view(id)?.phase);
    expect(ledger.connected.size).toBeGreaterThan(400);
  });

  it('scarce lawyers (1 % available, slow to answer): escalation, fallback and the queue at scale, still no double booking', () => {
    const { ledger, engine, requestIds, tiers } = runAtScale({ availableEvery: 100, acceptChance: 0.05, callEndChance: 0.02, seconds: 300 });
    expect(ledger.doubleBookings).toBe(0);
    for (const id of requestIds) expect(['connected', 'ended', 'queued']).toContain(engine.view(id)?.phase);
    expect(ledger.fallbacks.size).toBeGreaterThan(0);
    expect(tiers.national + tiers.queue).toBeGreaterThan(0);
  });
});
