import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IdCardData } from '../../../domain/idcard/types.ts';
import type { KioskEvent } from '../api/contract.ts';
import { findDemoCard } from '../devices/id-card/demo-cards.ts';
import { EventHub } from './event-hub.ts';
import { silentLogger } from './logger.ts';
import { SessionService } from './session.ts';

const card: IdCardData = findDemoCard('resident-elderly-woman')!.data;

const setup = (backstopIdleMs = 60_000) => {
  const events = new EventHub();
  const seen: KioskEvent[] = [];
  events.subscribe((e) => seen.push(e));
  let now = Date.parse('2026-11-23T09:00:00Z');
  const clock = { now: () => now, today: () => '2026-11-23' };
  const sessions = new SessionService({ clock, events, logger: silentLogger, backstopIdleMs });
  return { sessions, seen, advance: (ms: number) => (now += ms) };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('SessionService', () => {
  it('shows the masked number and age, never the full number', () => {
    const { sessions } = setup();
    const view = sessions.start(card, null, 'no_decoder');
    expect(view.citizen.maskedIdNumber).toBe('330106********9988');
    expect(view.citizen.age).toBe(78);
    expect(JSON.stringify(view)).not.toContain('330106194806209988');
    expect(view.citizen.photoStatus).toBe('no_decoder');
  });

  it('end wipes the identity, zeroes the photo bytes and tells subscribers once', () => {
    const { sessions, seen } = setup();
    const photo = { mime: 'image/png' as const, data: new Uint8Array([1, 2, 3]) };
    sessions.start(card, photo, 'ok');
    expect(sessions.end('user')).toBe(true);
    expect(sessions.view()).toBeNull();
    expect(sessions.card()).toBeNull();
    expect([...photo.data]).toEqual([0, 0, 0]);
    expect(sessions.end('user')).toBe(false);
    expect(seen.filter((e) => e.type === 'session.ended')).toEqual([{ type: 'session.ended', reason: 'user' }]);
  });

  it('a new card replaces the running session', () => {
    const { sessions, seen } = setup();
    const first = sessions.start(card, null, 'ok');
    const second = sessions.start({ ...card, name: '李建国' }, null, 'ok');
    expect(second.id).not.toBe(first.id);
    expect(seen).toContainEqual({ type: 'session.ended', reason: 'replaced' });
    expect(sessions.view()?.citizen.name).toBe('李建国');
  });

  it('the backstop ends a session whose renderer went silent, and activity postpones it', () => {
    vi.useFakeTimers();
    const { sessions, seen } = setup(1000);
    sessions.start(card, null, 'ok');
    vi.advanceTimersByTime(800);
    sessions.touch();
    vi.advanceTimersByTime(800);
    expect(sessions.active).toBe(true);
    vi.advanceTimersByTime(300);
    expect(sessions.active).toBe(false);
    expect(seen).toContainEqual({ type: 'session.ended', reason: 'idle' });
  });

  it('keeps the identity-check outcome in the session (numbers only) and refuses it without a session', () => {
    const { sessions } = setup();
    const outcome = {
      method: 'card_only' as const,
      consent: false,
      fallbackReason: 'declined' as const,
      distance: null,
      threshold: null,
      liveness: 'not_run' as const,
      attempts: 0,
      durationMs: null,
    };
    expect(sessions.recordVerification(outcome)).toBeNull();
    sessions.start(card, null, 'ok');
    const recorded = sessions.recordVerification({ ...outcome, method: 'face', consent: true, fallbackReason: null, distance: 0.41, threshold: 0.5, liveness: 'passed', attempts: 1, durationMs: 3200 });
    expect(recorded).toMatchObject({ method: 'face', distance: 0.41, at: '2026-11-23T09:00:00.000Z' });
    expect(sessions.view()?.verification).toEqual(recorded);
    sessions.end('user');
    sessions.start(card, null, 'ok');
    expect(sessions.view()?.verification).toBeNull();
  });
});
