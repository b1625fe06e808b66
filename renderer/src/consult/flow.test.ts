/** The consultation's rules without media: what each tap and each centre message does to the screen. */
import { describe, expect, it } from 'vitest';
import type { CentreToKiosk } from '../../../domain/consult/protocol';
import { consultStep, initialConsultState, isLive, isReconnecting, type ConsultEvent, type ConsultState } from './flow';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const run = (events: ConsultEvent[], from: ConsultState = initialConsultState()) => events.reduce(consultStep, from);
const msg = (message: CentreToKiosk): ConsultEvent => ({ type: 'message', message });
const toWaiting: ConsultEvent[] = [
  { type: 'availability', available: true, reason: null },
  { type: 'chooseMatter', matter: 'labour' },
  { type: 'consent', agreed: true },
  { type: 'chooseShareName', share: false },
  { type: 'mediaReady' },
  { type: 'requested', consultationId: ID },
];
const connected = msg({ type: 'connected', consultationId: ID, lawyer: { displayName: '李明', organisation: '' }, iceServers: [] });

describe('consult flow', () => {
  it('takes the call ICE servers and policy from connected (relay only when the centre says so)', () => {
    const waiting = run(toWaiting);
    expect(run([connected], waiting).iceTransportPolicy).toBe('all');
    const relay = msg({ type: 'connected', consultationId: ID, lawyer: { displayName: '李明', organisation: '' }, iceServers: [{ urls: ['turn:t:3478'], username: 'u', credential: 'c' }], iceTransportPolicy: 'relay' });
    const call = run([relay], waiting);
    expect(call.iceTransportPolicy).toBe('relay');
    expect(call.iceServers).toEqual([{ urls: ['turn:t:3478'], username: 'u', credential: 'c' }]);
  });

  it('walks matter -> consent -> name -> waiting -> call -> rating -> done', () => {
    const waiting = run(toWaiting);
    expect(waiting.screen).toBe('waiting');
    expect(waiting.matter).toBe('labour');
    expect(waiting.shareName).toBe(false);
    expect(isLive(waiting)).toBe(true);
    const call = run([connected], waiting);
    expect(call.screen).toBe('call');
    expect(call.wasConnected).toBe(true);
    const rating = run([{ type: 'askHangup' }, { type: 'localEnd', reason: 'kiosk_hangup' }], call);
    expect(rating.screen).toBe('rating');
    expect(rating.confirmingHangup).toBe(false);
    expect(rating.endReason).toBe('kiosk_hangup');
    expect(isLive(rating)).toBe(false);
    expect(run([{ type: 'rated' }], rating).screen).toBe('done');
  });

  it('no consent leads to the alternative, never to a request', () => {
    const declined = run(toWaiting.slice(0, 2).concat([{ type: 'consent', agreed: false }]));
    expect(declined.screen).toBe('declined');
    // A stray "requested" (it cannot have been asked for) changes nothing.
    expect(run([{ type: 'requested', consultationId: ID }], declined).screen).toBe('declined');
    expect(run([{ type: 'reconsider' }], declined).screen).toBe('consent');
  });

  it('unavailable kiosks say why; Back steps through the choices keeping the answers', () => {
    expect(run([{ type: 'availability', available: false, reason: 'not_enrolled' }])).toMatchObject({ screen: 'unavailable', unavailableReason: 'not_enrolled' });
    const consent = run(toWaiting.slice(0, 3));
    expect(consent.screen).toBe('shareName');
    const back = run([{ type: 'back' }, { type: 'back' }], consent);
    expect(back.screen).toBe('matter');
    expect(back.matter).toBe('labour');
  });

  it('fallback shows the queue; keep waiting returns to the queue with the position', () => {
    const fallback = run(
      [msg({ type: 'fallback', consultationId: ID, reason: 'timeout', queuePosition: 4, callbackSlot: { startsAt: '2026-11-23T07:00:00.000Z', endsAt: '2026-11-23T07:30:00.000Z' }, hotline: '12348' })],
      run(toWaiting),
    );
    expect(fallback.screen).toBe('fallback');
    const queue = run([msg({ type: 'waiting', consultationId: ID, tier: 'queue', ringing: 0, queuePosition: 3 })], fallback);
    expect(queue.fallback?.queuePosition).toBe(3);
    expect(run([{ type: 'keepWaiting' }], queue).waiting).toEqual({ tier: 'queue', ringing: 0, queuePosition: 3 });
    // A lawyer may still take it from the fallback screen.
    expect(run([connected], fallback).screen).toBe('call');
    expect(run([{ type: 'left' }], fallback)).toMatchObject({ screen: 'left', endReason: 'cancelled' });
  });

  it('reconnecting while either link is down', () => {
    const call = run([connected], run(toWaiting));
    const ours = run([{ type: 'link', state: 'offline' }], call);
    expect(isReconnecting(ours)).toBe(true);
    const both = run([msg({ type: 'peer', consultationId: ID, state: 'offline' })], ours);
    expect(isReconnecting(run([{ type: 'link', state: 'online' }], both))).toBe(true);
    expect(isReconnecting(run([{ type: 'link', state: 'online' }, msg({ type: 'peer', consultationId: ID, state: 'online' })], both))).toBe(false);
  });

  it('ignores messages about other consultations and duplicate printed events', () => {
    const waiting = run(toWaiting);
    const other = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
    expect(run([msg({ type: 'ended', consultationId: other, reason: 'network' })], waiting).screen).toBe('waiting');
    const printed: ConsultEvent = { type: 'printed', consultationId: ID, pushId: other, title: '清单', outcome: 'completed' };
    expect(run([printed, printed], waiting).printed).toHaveLength(1);
    expect(run([{ ...printed, consultationId: other }], waiting).printed).toHaveLength(0);
  });

  it('ended before a lawyer answered is a cancellation, not a rating', () => {
    expect(run([msg({ type: 'ended', consultationId: ID, reason: 'cancelled' })], run(toWaiting)).screen).toBe('left');
  });
});
