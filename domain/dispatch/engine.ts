/**
 * The dispatch engine: walks a consultation request through the tiers (county -> province ->
 * national), rings 1-3 available lawyers at a time, lets the first accept win, escalates unanswered
 * rings and falls back to a queue position, a callback slot and 12348.
 *
 * Pure in the project's sense: no I/O, no timers, no clock of its own. The caller passes every event
 * with its `now` and carries out the returned effects (push to consoles and kiosks, persist). Time
 * moves only through events; `nextDeadline()` tells the caller when to send the next `tick`.
 *
 * The state is mutated in place by one owner rather than copied per step: with tens of thousands of
 * registered lawyers a copy per event would make every step O(all lawyers). Matching is by indices of
 * available lawyers keyed by (area, matter, language), so a step touches only the candidates it needs.
 */
import {
  HOTLINE,
  LawyerProfileSchema,
  ConsultationRequestSchema,
  type ConsultationRequest,
  type DispatchConfig,
  type DispatchEffect,
  type DispatchEvent,
  type FallbackReason,
  type LawyerProfile,
  type Presence,
  type RefusalReason,
  type RequestPhase,
  type Tier,
  type TimelineEntry,
} from './model.ts';

type LawyerState = {
  profile: LawyerProfile;
  presence: Presence;
  /** The request ringing on this lawyer's console or in call with them; one at most, by design. */
  requestId: string | undefined;
  ringUntil: number;
  wrapUpUntil: number;
  missedRings: number;
};

type RequestState = {
  request: ConsultationRequest;
  receivedAt: number;
  phase: RequestPhase;
  /** Index into config.tierOrder while phase is 'ringing'. */
  tierIndex: number;
  ringing: Set<string>;
  /** Every lawyer ever offered this request: nobody is offered the same request twice. */
  offered: Set<string>;
  lawyerId: string | undefined;
  connectedTier: Tier | 'queue' | undefined;
  timeline: TimelineEntry[];
};

export type RequestView = {
  readonly id: string;
  readonly phase: RequestPhase;
  readonly tier: Tier | undefined;
  readonly ringing: readonly string[];
  readonly lawyerId: string | undefined;
  readonly queuePosition: number | undefined;
  readonly timeline: readonly TimelineEntry[];
};

const province = (regionCode: string): string => regionCode.slice(0, 2);

/** The area key of a tier for a region code: a county's own code, its province's prefix, or the nation. */
function areaOf(tier: Tier, regionCode: string): string {
  if (tier === 'county') return `c${regionCode}`;
  if (tier === 'province') return `p${province(regionCode)}`;
  return 'n';
}
/** Whether a lawyer's region lies in a tier's area around the kiosk. */
function inArea(tier: Tier, lawyerRegion: string, kioskRegion: string): boolean {
  return areaOf(tier, lawyerRegion) === areaOf(tier, kioskRegion);
}
const poolKey = (area: string, matter: string, language: string): string => `${area}|${matter}|${language}`;

export class DispatchEngine {
  private readonly lawyers = new Map<string, LawyerState>();
  private readonly requests = new Map<string, RequestState>();
  /**
   * Available lawyers per (area, matter, language). A Set iterates in insertion order and a lawyer is
   * re-inserted each time they become available, so the first entries are the longest idle: fairness
   * without sorting.
   */
  private readonly pools = new Map<string, Set<string>>();
  /** Requests past the fallback, oldest first: the honest queue. */
  private readonly queue: string[] = [];
  /** Requests still walking the tiers, for tick. */
  private readonly active = new Set<string>();
  private readonly ringingLawyers = new Set<string>();
  private readonly wrappingUp = new Set<string>();

  constructor(private readonly config: DispatchConfig) {}

  step(event: DispatchEvent, now: number): DispatchEffect[] {
    const effects: DispatchEffect[] = [];
    switch (event.type) {
      case 'registerLawyer':
        this.register(event.profile, effects);
        break;
      case 'heartbeat':
        this.heartbeat(event.lawyerId, event.presence, now, effects);
        break;
      case 'lawyerDisconnected':
        this.disconnect(event.lawyerId, now, effects);
        break;
      case 'request':
        this.receive(event.request, now, effects);
        break;
      case 'accept':
        this.accept(event.requestId, event.lawyerId, now, effects);
        break;
      case 'decline':
        this.decline(event.requestId, event.lawyerId, now, effects);
        break;
      case 'callEnded':
        this.endCall(event.requestId, now, effects);
        break;
      case 'cancel':
        this.cancel(event.requestId, now, effects);
        break;
      case 'tick':
        this.tick(now, effects);
        break;
    }
    return effects;
  }

  /** The earliest time a `tick` would change anything, or undefined when nothing is pending. */
  nextDeadline(): number | undefined {
    let next = Infinity;
    for (const id of this.ringingLawyers) next = Math.min(next, this.lawyer(id).ringUntil);
    for (const id of this.wrappingUp) next = Math.min(next, this.lawyer(id).wrapUpUntil);
    for (const id of this.active) next = Math.min(next, this.req(id).receivedAt + this.config.fallbackAfterMs);
    return next === Infinity ? undefined : next;
  }

  presenceOf(lawyerId: string): Presence | undefined {
    return this.lawyers.get(lawyerId)?.presence;
  }

  view(requestId: string): RequestView | undefined {
    const r = this.requests.get(requestId);
    if (r === undefined) return undefined;
    const index = this.queue.indexOf(requestId);
    return {
      id: requestId,
      phase: r.phase,
      tier: r.phase === 'ringing' ? this.config.tierOrder[r.tierIndex] : undefined,
      ringing: [...r.ringing],
      lawyerId: r.lawyerId,
      queuePosition: index < 0 ? undefined : index + 1,
      timeline: r.timeline,
    };
  }

  // --- lawyers -------------------------------------------------------------------------------

  private register(profile: LawyerProfile, effects: DispatchEffect[]): void {
    const parsed = LawyerProfileSchema.safeParse(profile);
    if (!parsed.success) {
      effects.push({ type: 'rejected', event: 'registerLawyer', reason: parsed.error.issues[0]?.message ?? 'invalid profile' });
      return;
    }
    const existing = this.lawyers.get(profile.id);
    if (existing === undefined) {
      this.lawyers.set(profile.id, { profile: parsed.data, presence: 'away', requestId: undefined, ringUntil: 0, wrapUpUntil: 0, missedRings: 0 });
      return;
    }
    // A profile change re-indexes an available lawyer; a busy one keeps their call and is indexed
    // under the new profile when they next become available.
    const wasAvailable = existing.presence === 'available';
    if (wasAvailable) this.unpool(existing);
    existing.profile = parsed.data;
    if (wasAvailable) this.pool(existing);
  }

  private heartbeat(lawyerId: string, presence: 'available' | 'away', now: number, effects: DispatchEffect[]): void {
    const lawyer = this.lawyers.get(lawyerId);
    if (lawyer === undefined) {
      effects.push({ type: 'rejected', event: 'heartbeat', reason: `unknown lawyer ${lawyerId}` });
      return;
    }
    if (presence === 'available') {
      // Ringing and in-call are the engine's; a lawyer may cut wrap-up short by saying ready.
      if (lawyer.presence === 'away' || lawyer.presence === 'wrap_up') {
        lawyer.missedRings = 0;
        this.becomeAvailable(lawyer, now, effects);
      }
      return;
    }
    if (lawyer.presence === 'ringing') this.ringEnded(lawyer, 'declined', now, effects);
    if (lawyer.presence === 'available') this.unpool(lawyer);
    // Someone in a call who sets away stays in the call; the flag is read when the call ends.
    if (lawyer.presence !== 'in_call') this.setAway(lawyer);
  }

  private disconnect(lawyerId: string, now: number, effects: DispatchEffect[]): void {
    const lawyer = this.lawyers.get(lawyerId);
    if (lawyer === undefined) {
      effects.push({ type: 'rejected', event: 'lawyerDisconnected', reason: `unknown lawyer ${lawyerId}` });
      return;
    }
    if (lawyer.presence === 'away') return;
    // The call itself (WebRTC) may survive a console reconnect, so a connected request stays
    // connected; the lawyer is simply not offered anything new until they say available again.
    if (lawyer.presence === 'ringing') this.ringEnded(lawyer, 'declined', now, effects);
    if (lawyer.presence === 'available') this.unpool(lawyer);
    if (lawyer.presence === 'in_call') lawyer.requestId = undefined;
    this.setAway(lawyer);
    effects.push({ type: 'markAway', lawyerId, reason: 'disconnected' });
  }

  private setAway(lawyer: LawyerState): void {
    this.wrappingUp.delete(lawyer.profile.id);
    lawyer.presence = 'away';
    lawyer.requestId = undefined;
  }

  /** A lawyer frees up: the queue is served first (it has waited longest), else the lawyer is pooled. */
  private becomeAvailable(lawyer: LawyerState, now: number, effects: DispatchEffect[]): void {
    this.wrappingUp.delete(lawyer.profile.id);
    lawyer.presence = 'available';
    lawyer.requestId = undefined;
    const { matterCategories, languages } = lawyer.profile;
    for (const requestId of this.queue) {
      const r = this.req(requestId);
      if (r.ringing.size >= this.config.offersPerTier || r.offered.has(lawyer.profile.id)) continue;
      if (!matterCategories.includes(r.request.matterCategory) || !languages.includes(r.request.language)) continue;
      if (!this.withinLastTier(r, lawyer.profile.regionCode)) continue;
      this.offer(r, [lawyer], 'queue', now, effects);
      return;
    }
    this.pool(lawyer);
  }

  private pool(lawyer: LawyerState): void {
    for (const key of this.poolKeys(lawyer.profile)) {
      let pool = this.pools.get(key);
      if (pool === undefined) this.pools.set(key, (pool = new Set()));
      pool.add(lawyer.profile.id);
    }
  }

  private unpool(lawyer: LawyerState): void {
    for (const key of this.poolKeys(lawyer.profile)) this.pools.get(key)?.delete(lawyer.profile.id);
  }

  private *poolKeys(profile: LawyerProfile): Generator<string> {
    for (const tier of ['county', 'province', 'national'] as const) {
      const area = areaOf(tier, profile.regionCode);
      for (const matter of profile.matterCategories) for (const language of profile.languages) yield poolKey(area, matter, language);
    }
  }

  // --- requests ------------------------------------------------------------------------------

  private receive(request: ConsultationRequest, now: number, effects: DispatchEffect[]): void {
    const parsed = ConsultationRequestSchema.safeParse(request);
    if (!parsed.success) {
      effects.push({ type: 'rejected', event: 'request', reason: parsed.error.issues[0]?.message ?? 'invalid request' });
      return;
    }
    if (this.requests.has(request.id)) {
      effects.push({ type: 'rejected', event: 'request', reason: `duplicate request ${request.id}` });
      return;
    }
    const r: RequestState = {
      request: parsed.data,
      receivedAt: now,
      phase: 'ringing',
      tierIndex: 0,
      ringing: new Set(),
      offered: new Set(),
      lawyerId: undefined,
      connectedTier: undefined,
      timeline: [],
    };
    this.requests.set(request.id, r);
    this.active.add(request.id);
    this.record(r, 'requested', now, { detail: `kiosk clock ${request.requestedAt}` });
    this.fillTier(r, now, effects);
  }

  /**
   * Ring up to offersPerTier lawyers of the current tier; a tier with nobody to ring is passed over
   * at once rather than waited out. Nobody in any tier: the fallback now, not after 30 s.
   */
  private fillTier(r: RequestState, now: number, effects: DispatchEffect[]): void {
    const tiers = this.config.tierOrder;
    for (;;) {
      const tier = tiers[r.tierIndex] as Tier;
      const wanted = this.config.offersPerTier - r.ringing.size;
      const candidates = wanted > 0 ? this.candidates(r, tier, wanted) : [];
      if (candidates.length > 0) {
        this.offer(r, candidates, tier, now, effects);
        return;
      }
      if (r.ringing.size > 0) return;
      if (r.tierIndex + 1 >= tiers.length) {
        const everOffered = r.offered.size > 0;
        this.fallback(r, everOffered ? 'tiers_exhausted' : 'nobody_available', now, effects);
        return;
      }
      this.escalate(r, now, effects);
    }
  }

  private candidates(r: RequestState, tier: Tier, wanted: number): LawyerState[] {
    const pool = this.pools.get(poolKey(areaOf(tier, r.request.kioskRegionCode), r.request.matterCategory, r.request.language));
    const found: LawyerState[] = [];
    if (pool === undefined) return found;
    for (const id of pool) {
      if (r.offered.has(id)) continue;
      found.push(this.lawyer(id));
      if (found.length === wanted) break;
    }
    return found;
  }

  private offer(r: RequestState, lawyers: readonly LawyerState[], tier: Tier | 'queue', now: number, effects: DispatchEffect[]): void {
    const ringUntil = now + this.config.ringMs;
    for (const lawyer of lawyers) {
      if (lawyer.presence === 'available') this.unpool(lawyer);
      lawyer.presence = 'ringing';
      lawyer.requestId = r.request.id;
      lawyer.ringUntil = ringUntil;
      this.ringingLawyers.add(lawyer.profile.id);
      r.ringing.add(lawyer.profile.id);
      r.offered.add(lawyer.profile.id);
    }
    const lawyerIds = lawyers.map((l) => l.profile.id);
    this.record(r, 'offered', now, { tier, lawyerIds });
    effects.push({ type: 'offer', requestId: r.request.id, lawyerIds, tier, ringUntil });
  }

  private escalate(r: RequestState, now: number, effects: DispatchEffect[]): void {
    const from = this.config.tierOrder[r.tierIndex] as Tier;
    r.tierIndex += 1;
    const to = this.config.tierOrder[r.tierIndex] as Tier;
    this.record(r, 'escalated', now, { tier: to, detail: `from ${from}` });
    effects.push({ type: 'escalated', requestId: r.request.id, from, to });
  }

  private fallback(r: RequestState, reason: FallbackReason, now: number, effects: DispatchEffect[]): void {
    r.phase = 'queued';
    this.active.delete(r.request.id);
    this.queue.push(r.request.id);
    const { callbackSlotMs, callbackLeadMs } = this.config;
    const startsAt = Math.ceil((now + callbackLeadMs) / callbackSlotMs) * callbackSlotMs;
    this.record(r, 'fallback', now, { detail: reason });
    effects.push({
      type: 'fallback',
      requestId: r.request.id,
      reason,
      queuePosition: this.queue.length,
      callbackSlot: { startsAt, endsAt: startsAt + callbackSlotMs },
      hotline: HOTLINE,
    });
    // On a timeout the request may not have reached the widest tier: lawyers there who are free now
    // must not sit idle while the citizen is told to queue.
    const wanted = this.config.offersPerTier - r.ringing.size;
    const lastTier = this.config.tierOrder[this.config.tierOrder.length - 1] as Tier;
    const candidates = wanted > 0 ? this.candidates(r, lastTier, wanted) : [];
    if (candidates.length > 0) this.offer(r, candidates, 'queue', now, effects);
  }

  /** Queued requests are served from the widest configured tier's area, never beyond it. */
  private withinLastTier(r: RequestState, lawyerRegion: string): boolean {
    const lastTier = this.config.tierOrder[this.config.tierOrder.length - 1] as Tier;
    return inArea(lastTier, lawyerRegion, r.request.kioskRegionCode);
  }

  private accept(requestId: string, lawyerId: string, now: number, effects: DispatchEffect[]): void {
    const r = this.requests.get(requestId);
    const refuse = (reason: RefusalReason): void => {
      effects.push({ type: 'acceptRefused', requestId, lawyerId, reason });
    };
    if (r === undefined) return refuse('unknown_request');
    if (r.phase === 'connected' || r.phase === 'ended') return refuse('taken');
    if (r.phase === 'cancelled') return refuse('cancelled');
    const lawyer = this.lawyers.get(lawyerId);
    if (!r.ringing.has(lawyerId) || lawyer === undefined) return refuse(r.offered.has(lawyerId) ? 'expired' : 'not_offered');

    const tier = r.phase === 'queued' ? 'queue' : (this.config.tierOrder[r.tierIndex] as Tier);
    r.ringing.delete(lawyerId);
    this.ringingLawyers.delete(lawyerId);
    lawyer.presence = 'in_call';
    lawyer.missedRings = 0;
    r.lawyerId = lawyerId;
    r.connectedTier = tier;
    this.leaveQueueOrActive(r, effects);
    r.phase = 'connected';
    this.record(r, 'accepted', now, { tier, lawyerIds: [lawyerId] });
    effects.push({ type: 'connected', requestId, lawyerId, tier });
    this.withdrawOffers(r, 'taken', now, effects);
  }

  private decline(requestId: string, lawyerId: string, now: number, effects: DispatchEffect[]): void {
    const lawyer = this.lawyers.get(lawyerId);
    // A late or stray decline changes nothing: the ring is already over.
    if (lawyer === undefined || lawyer.presence !== 'ringing' || lawyer.requestId !== requestId) return;
    lawyer.missedRings = 0;
    this.ringEnded(lawyer, 'declined', now, effects);
    this.becomeAvailable(lawyer, now, effects);
  }

  /**
   * A ring is over without an accept (declined, timed out, lawyer gone). A decline or a disconnect is
   * replaced within the tier at once; when the tier's rings all ran out unanswered, escalate.
   */
  private ringEnded(lawyer: LawyerState, how: 'declined' | 'ring_missed', now: number, effects: DispatchEffect[]): void {
    const r = this.req(lawyer.requestId as string);
    r.ringing.delete(lawyer.profile.id);
    this.ringingLawyers.delete(lawyer.profile.id);
    lawyer.requestId = undefined;
    // Off the ring, not yet anywhere: the caller decides available or away.
    lawyer.presence = 'away';
    this.record(r, how, now, { lawyerIds: [lawyer.profile.id] });
    if (r.phase !== 'ringing') return;
    if (how === 'declined') {
      this.fillTier(r, now, effects);
    } else if (r.ringing.size === 0) {
      if (r.tierIndex + 1 >= this.config.tierOrder.length) {
        this.fallback(r, 'tiers_exhausted', now, effects);
      } else {
        this.escalate(r, now, effects);
        this.fillTier(r, now, effects);
      }
    }
  }

  private withdrawOffers(r: RequestState, reason: 'taken' | 'cancelled', now: number, effects: DispatchEffect[]): void {
    if (r.ringing.size === 0) return;
    const lawyers = [...r.ringing].map((id) => this.lawyer(id));
    r.ringing.clear();
    effects.push({ type: 'cancelOffers', requestId: r.request.id, lawyerIds: lawyers.map((l) => l.profile.id), reason });
    this.record(r, 'offer_lost', now, { lawyerIds: lawyers.map((l) => l.profile.id), detail: reason });
    for (const lawyer of lawyers) {
      this.ringingLawyers.delete(lawyer.profile.id);
      this.becomeAvailable(lawyer, now, effects);
    }
  }

  private leaveQueueOrActive(r: RequestState, effects: DispatchEffect[]): void {
    this.active.delete(r.request.id);
    const index = this.queue.indexOf(r.request.id);
    if (index < 0) return;
    this.queue.splice(index, 1);
    // Everyone behind moves up one: tell their kiosks, the position shown must stay true.
    for (let i = index; i < this.queue.length; i += 1) {
      effects.push({ type: 'queuePosition', requestId: this.queue[i] as string, queuePosition: i + 1 });
    }
  }

  private endCall(requestId: string, now: number, effects: DispatchEffect[]): void {
    const r = this.requests.get(requestId);
    if (r === undefined || r.phase !== 'connected') {
      effects.push({ type: 'rejected', event: 'callEnded', reason: `no call for request ${requestId}` });
      return;
    }
    r.phase = 'ended';
    this.record(r, 'call_ended', now, {});
    const lawyer = r.lawyerId === undefined ? undefined : this.lawyers.get(r.lawyerId);
    // A lawyer who disconnected mid-call is already away and may be in another call by now.
    if (lawyer === undefined || lawyer.presence !== 'in_call' || lawyer.requestId !== requestId) return;
    lawyer.presence = 'wrap_up';
    lawyer.requestId = undefined;
    lawyer.wrapUpUntil = now + this.config.wrapUpMs;
    this.wrappingUp.add(lawyer.profile.id);
  }

  private cancel(requestId: string, now: number, effects: DispatchEffect[]): void {
    const r = this.requests.get(requestId);
    if (r === undefined || (r.phase !== 'ringing' && r.phase !== 'queued')) {
      effects.push({ type: 'rejected', event: 'cancel', reason: `request ${requestId} is not waiting` });
      return;
    }
    this.leaveQueueOrActive(r, effects);
    r.phase = 'cancelled';
    this.record(r, 'cancelled', now, {});
    this.withdrawOffers(r, 'cancelled', now, effects);
  }

  private tick(now: number, effects: DispatchEffect[]): void {
    // Rings first, so a tier that timed out escalates before the fallback deadline is judged.
    for (const id of [...this.ringingLawyers]) {
      const lawyer = this.lawyer(id);
      if (lawyer.presence !== 'ringing' || lawyer.ringUntil > now) continue;
      lawyer.missedRings += 1;
      this.ringEnded(lawyer, 'ring_missed', now, effects);
      if (lawyer.missedRings >= this.config.maxMissedRings) {
        this.setAway(lawyer);
        effects.push({ type: 'markAway', lawyerId: id, reason: 'missed_rings' });
      } else {
        this.becomeAvailable(lawyer, now, effects);
      }
    }
    for (const id of [...this.wrappingUp]) {
      const lawyer = this.lawyer(id);
      if (lawyer.wrapUpUntil <= now) this.becomeAvailable(lawyer, now, effects);
    }
    for (const id of [...this.active]) {
      const r = this.req(id);
      // Rings still under way keep ringing: a lawyer who picks up at 31 s still connects.
      if (r.phase === 'ringing' && r.receivedAt + this.config.fallbackAfterMs <= now) this.fallback(r, 'timeout', now, effects);
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private record(r: RequestState, kind: TimelineEntry['kind'], now: number, extra: Omit<TimelineEntry, 'kind' | 'at' | 'sinceRequestMs'>): void {
    r.timeline.push({ kind, at: now, sinceRequestMs: now - r.receivedAt, ...extra });
  }

  private lawyer(id: string): LawyerState {
    const lawyer = this.lawyers.get(id);
    if (lawyer === undefined) throw new Error(`dispatch: lawyer ${id} missing from its own index`);
    return lawyer;
  }

  private req(id: string): RequestState {
    const r = this.requests.get(id);
    if (r === undefined) throw new Error(`dispatch: request ${id} missing from its own index`);
    return r;
  }
}
