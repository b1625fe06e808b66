/**
 * The video consultation in the real kiosk app (MockBridge, FakeClock) with fake media: the person
 * chooses a matter, agrees to the recording, waits with the truth on screen, talks, hangs up,
 * rates; the alternatives (no consent, no availability, the fallback) and the wipe.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../domain/result';
import type { CentreToKiosk, Signal } from '../../../domain/consult/protocol';
import { guangdongPack } from '../../../domain/legal-aid/testing/packs';
import type { CallMedia } from '../consult/call-media';
import type { PeerLinkOptions } from '../consult/peer-link';
import type { CompositeRecorderOptions } from '../consult/composite-recorder';
import { useApplicationStore } from '../stores/application';
import { CALL_MEDIA, useConsultStore } from '../stores/consult';
import { citizenSession, mountKiosk, settle, type MountedKiosk } from '../testing/mount-kiosk';

const ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER_ID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const ICE = [{ urls: ['stun:stun.example.org:3478'] }];

interface FakeTrack {
  kind: string;
  stopped: boolean;
  stop(): void;
}
const fakeStream = () => {
  const tracks: FakeTrack[] = ['audio', 'video'].map((kind): FakeTrack => ({ kind, stopped: false, stop() { this.stopped = true; } }));
  // happy-dom's own MediaStream (video elements accept nothing else), with tracks we can watch.
  return Object.assign(new MediaStream(), { tracks, getTracks: () => tracks, getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'), getVideoTracks: () => tracks.filter((t) => t.kind === 'video') }) as unknown as MediaStream & { tracks: FakeTrack[] };
};

class FakeLink {
  connectionState: RTCPeerConnectionState = 'new';
  readonly applied: Signal[] = [];
  restarts = 0;
  closed = false;
  constructor(readonly options: PeerLinkOptions) {}
  async start() {
    this.options.send({ kind: 'description', description: { type: 'offer', sdp: 'v=0 offer-1' } });
  }
  async restartIce() {
    this.restarts += 1;
    this.options.send({ kind: 'description', description: { type: 'offer', sdp: `v=0 offer-restart-${this.restarts}` } });
  }
  async applySignal(signal: Signal) {
    this.applied.push(signal);
  }
  close() {
    this.closed = true;
  }
  /** The remote side's media arrives and ICE connects. */
  connect(remote: MediaStream) {
    this.connectionState = 'connected';
    this.options.onRemoteStream?.(remote);
    this.options.onConnectionState?.('connected');
  }
}

function fakeMedia(options: { failOpen?: boolean } = {}) {
  const state = {
    opened: [] as Array<string | null>,
    local: null as (MediaStream & { tracks: FakeTrack[] }) | null,
    links: [] as FakeLink[],
    recorder: null as { options: CompositeRecorderOptions; stopped: boolean } | null,
  };
  const media: CallMedia = {
    async openLocal(deviceId) {
      state.opened.push(deviceId);
      if (options.failOpen) throw Object.assign(new Error('no camera'), { name: 'NotFoundError' });
      state.local = fakeStream();
      return state.local;
    },
    createLink(linkOptions) {
      const link = new FakeLink(linkOptions);
      state.links.push(link);
      return link;
    },
    startRecording(recorderOptions) {
      const recorder = { options: recorderOptions, stopped: false };
      state.recorder = recorder;
      return {
        stop: async () => {
          recorder.stopped = true;
        },
        durationMs: () => 65_000,
      };
    },
  };
  return { media, state };
}

let kiosk: MountedKiosk | null = null;
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
});

async function openConsult(options: { available?: boolean; reason?: 'not_enrolled' | 'offline' | null; failOpen?: boolean; cameraDeviceId?: string } = {}) {
  const k = await mountKiosk(options.cameraDeviceId ? { config: { face: { threshold: 0.5, borderline: 0.6, maxAttempts: 3, cameraDeviceId: options.cameraDeviceId } } } : {});
  kiosk = k;
  const fake = fakeMedia({ failOpen: options.failOpen ?? false });
  // Before anything resolves the consult store (the card.read below does).
  k.app.provide(CALL_MEDIA, fake.media);
  k.bridge.handle('consult.availability', () => ok({ available: options.available ?? true, reason: options.reason ?? null }));
  k.bridge.handle('consult.request', () => ok({ consultationId: ID }));
  k.bridge.handle('consult.recordChunk', () => ok({ bytes: 3 }));
  k.bridge.handle('consult.finish', () => ok({ queued: true }));
  // The identity check came first (video is among SERVICES_NEEDING_IDENTITY).
  const verification = { method: 'face' as const, consent: true, fallbackReason: null, distance: 0.3, threshold: 0.5, liveness: 'passed' as const, attempts: 1, durationMs: 2000, at: '2025-03-01T09:01:00.000Z' };
  k.bridge.emit({ type: 'card.read', session: { ...citizenSession(), verification } });
  await settle();
  await k.router.push({ name: 'consult' });
  await settle();
  return { k, fake };
}

const say = async (k: MountedKiosk, message: CentreToKiosk) => {
  k.bridge.emit({ type: 'consult', message });
  await settle();
};

/** Matter, consent, name choice: the request is sent and the waiting screen shows. */
async function requestCall(k: MountedKiosk, share: 'yes' | 'no' = 'no') {
  await k.click('consult-matter-labour');
  await k.click('consult-consent-yes');
  await k.click(`consult-share-name-${share}`);
}

async function connect(k: MountedKiosk, fake: ReturnType<typeof fakeMedia>) {
  await requestCall(k);
  await say(k, { type: 'connected', consultationId: ID, lawyer: { displayName: '李明', organisation: '天河区法律援助中心' }, iceServers: ICE });
  const link = fake.state.links[0]!;
  const remote = fakeStream();
  link.connect(remote);
  await settle();
  return { link, remote };
}

describe('video consultation: the happy path', () => {
  it('matter -> consent -> name -> waiting -> call -> hang up -> rating -> finish -> done', async () => {
    const { k, fake } = await openConsult({ cameraDeviceId: 'face-cam-1' });
    expect(k.get('consult-matter').textContent).toContain('您想咨询哪方面的问题');
    for (const m of ['labour', 'family', 'support', 'injury', 'consumer', 'property', 'other']) expect(k.find(`consult-matter-${m}`)).not.toBeNull();

    await k.click('consult-matter-labour');
    const consent = k.get('consult-consent').textContent ?? '';
    expect(consent).toContain('全程录音录像');
    expect(consent).toContain('只有法律援助中心负责核查的工作人员可以查看');
    expect(consent).toContain('期满后删除');
    expect(fake.state.opened).toEqual([]);

    await k.click('consult-consent-yes');
    expect(k.get('consult-share-name').textContent).toContain('可以让律师看到您的姓名吗');
    await k.click('consult-share-name-yes');

    // The technician's face camera; the request only after camera and microphone are open.
    expect(fake.state.opened).toEqual(['face-cam-1']);
    expect(k.bridge.callsOf('consult.request')).toEqual([{ matterCategory: 'labour', recordingConsent: true, shareName: true }]);
    expect(k.find('consult-waiting')).not.toBeNull();

    await say(k, { type: 'waiting', consultationId: ID, tier: 'county', ringing: 2, queuePosition: null });
    expect(k.get('consult-waiting').dataset.tier).toBe('county');
    expect(k.get('consult-waiting-tier').textContent).toContain('正在为您联系本县（区）的律师');
    expect(k.get('consult-waiting-ringing').textContent).toContain('正在呼叫2位律师');
    await say(k, { type: 'waiting', consultationId: ID, tier: 'province', ringing: 3, queuePosition: null });
    expect(k.get('consult-waiting-tier').textContent).toContain('正在为您联系本省的律师');

    await say(k, { type: 'connected', consultationId: ID, lawyer: { displayName: '李明', organisation: '天河区法律援助中心' }, iceServers: ICE });
    expect(k.find('consult-call')).not.toBeNull();
    expect(k.get('consult-lawyer').textContent).toContain('李明律师');
    const link = fake.state.links[0]!;
    expect(link.options.iceServers).toEqual(ICE);
    // The kiosk offers.
    expect(k.bridge.callsOf('consult.signal')).toEqual([{ consultationId: ID, signal: { kind: 'description', description: { type: 'offer', sdp: 'v=0 offer-1' } } }]);

    const answer: Signal = { kind: 'description', description: { type: 'answer', sdp: 'v=0 answer' } };
    await say(k, { type: 'signal', consultationId: ID, signal: answer });
    expect(link.applied).toEqual([answer]);

    // Not recording before the call connects; from then on, the visible indicator.
    expect(fake.state.recorder).toBeNull();
    link.connect(fakeStream());
    await settle();
    expect(fake.state.recorder).not.toBeNull();
    expect(k.get('consult-recording').dataset.state).toBe('on');
    expect(k.get('consult-recording').textContent).toContain('正在录音录像');

    // A recorder chunk goes to the core with its sequence number.
    fake.state.recorder!.options.onChunk(new Blob([new Uint8Array([1, 2, 3])]));
    await settle();
    expect(k.bridge.callsOf('consult.recordChunk')).toEqual([{ consultationId: ID, seq: 0, base64: 'AQID' }]);

    // Volume.
    await k.click('consult-volume-up');
    expect(k.get('consult-volume').dataset.volume).toBe('5');
    await k.click('consult-volume-down');
    await k.click('consult-volume-down');
    expect(k.get('consult-volume').dataset.volume).toBe('3');

    // A stray tap does not end the call; the confirmation does.
    await k.click('consult-hangup');
    await k.click('consult-hangup-cancel');
    expect(k.find('consult-call')).not.toBeNull();
    expect(k.bridge.callsOf('consult.hangup')).toEqual([]);
    await k.click('consult-hangup');
    await k.click('consult-hangup-confirm');
    expect(k.bridge.callsOf('consult.hangup')).toEqual([{ consultationId: ID }]);
    expect(link.closed).toBe(true);
    expect(fake.state.recorder!.stopped).toBe(true);
    expect(fake.state.local!.tracks.every((t) => t.stopped)).toBe(true);

    expect(k.get('consult-rating').textContent).toContain('您对这次咨询满意吗');
    for (const n of [1, 2, 3, 4, 5]) expect(k.find(`consult-rating-${n}`)).not.toBeNull();
    await k.click('consult-rating-5');
    expect(k.bridge.callsOf('consult.finish')).toEqual([{ consultationId: ID, rating: 5, recordingDurationMs: 65_000 }]);
    expect(k.get('consult-done').textContent).toContain('谢谢您使用视频咨询');
    await k.click('consult-to-services');
    expect(k.router.currentRoute.value.name).toBe('welcome');
  });

  it('messages that arrive before the request is answered are not lost', async () => {
    const { k } = await openConsult();
    k.bridge.handle('consult.request', () => {
      k.bridge.emit({ type: 'consult', message: { type: 'waiting', consultationId: ID, tier: 'national', ringing: 1, queuePosition: null } });
      return ok({ consultationId: ID });
    });
    await requestCall(k);
    expect(k.get('consult-waiting').dataset.tier).toBe('national');
    expect(k.get('consult-waiting-ringing').textContent).toContain('正在呼叫1位律师');
  });

  it('the lawyer hanging up ends the call cleanly, keeps the recording and asks for a rating; skipping sends none', async () => {
    const { k, fake } = await openConsult();
    const { link } = await connect(k, fake);
    await say(k, { type: 'ended', consultationId: ID, reason: 'lawyer_hangup' });
    expect(link.closed).toBe(true);
    expect(fake.state.recorder!.stopped).toBe(true);
    expect(k.get('consult-ended-reason').textContent).toContain('律师已结束通话');
    expect(k.get('consult-ended-reason').textContent).toContain('通话录像已保存');
    await k.click('consult-rating-skip');
    expect(k.bridge.callsOf('consult.finish')).toEqual([{ consultationId: ID, rating: null, recordingDurationMs: 65_000 }]);
    expect(k.find('consult-done')).not.toBeNull();
  });
});

describe('video consultation: the other ways', () => {
  it('不同意 shows the alternatives (12348, the counter) and never opens the camera or calls anyone', async () => {
    const { k, fake } = await openConsult();
    await k.click('consult-matter-family');
    await k.click('consult-consent-no');
    const text = k.get('consult-declined').textContent ?? '';
    expect(text).toContain('12348');
    expect(text).toContain('服务站窗口');
    expect(fake.state.opened).toEqual([]);
    expect(k.bridge.callsOf('consult.request')).toEqual([]);
    // Changing one's mind works, and Back keeps the matter.
    await k.click('consult-reconsider');
    expect(k.find('consult-consent')).not.toBeNull();
    await k.click('consult-back');
    expect(k.get('consult-matter-family').getAttribute('aria-pressed')).toBe('true');
  });

  it('no call possible: an honest message with 12348 and a way back', async () => {
    const { k } = await openConsult({ available: false, reason: 'not_enrolled' });
    const screen = k.get('consult-unavailable');
    expect(screen.textContent).toContain('现在暂时不能视频咨询');
    expect(screen.textContent).toContain('这台终端还没有开通视频咨询');
    expect(screen.textContent).toContain('12348');
    expect(k.find('consult-matter')).toBeNull();
    await k.click('consult-to-services');
    expect(k.router.currentRoute.value.name).toBe('welcome');
  });

  it('a camera or microphone that does not open: no request, the reason and 12348', async () => {
    const { k } = await openConsult({ failOpen: true });
    await requestCall(k);
    expect(k.get('consult-media-failed').textContent).toContain('摄像头或麦克风打不开');
    expect(k.get('consult-media-failed').textContent).toContain('12348');
    expect(k.bridge.callsOf('consult.request')).toEqual([]);
  });

  it('fallback: the place in the queue, a time in words, 12348; keep waiting or leave', async () => {
    const { k, fake } = await openConsult();
    await requestCall(k);
    const today = new Date(k.clock.now());
    const start = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1, 15, 0);
    const end = new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1, 15, 30);
    await say(k, { type: 'fallback', consultationId: ID, reason: 'tiers_exhausted', queuePosition: 3, callbackSlot: { startsAt: start.toISOString(), endsAt: end.toISOString() }, hotline: '12348' });
    expect(k.get('consult-fallback-position').textContent).toContain('您排在第3位');
    expect(k.get('consult-fallback-slot').textContent).toContain('明天下午3点到下午3点半');
    expect(k.get('consult-fallback-hotline').textContent).toContain('12348');

    await k.click('consult-keep-waiting');
    expect(k.get('consult-waiting').dataset.tier).toBe('queue');
    expect(k.get('consult-waiting').dataset.position).toBe('3');
    await say(k, { type: 'waiting', consultationId: ID, tier: 'queue', ringing: 0, queuePosition: 2 });
    expect(k.get('consult-waiting-position').textContent).toContain('您现在排在第2位');

    await k.click('consult-cancel');
    expect(k.bridge.callsOf('consult.cancel')).toEqual([{ consultationId: ID }]);
    expect(k.find('consult-left')).not.toBeNull();
    expect(fake.state.local!.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('leaving from the fallback screen withdraws the request', async () => {
    const { k } = await openConsult();
    await requestCall(k);
    await say(k, { type: 'fallback', consultationId: ID, reason: 'nobody_available', queuePosition: 1, callbackSlot: { startsAt: '2026-11-23T07:00:00.000Z', endsAt: '2026-11-23T07:30:00.000Z' }, hotline: '12348' });
    await k.click('consult-leave');
    expect(k.bridge.callsOf('consult.cancel')).toEqual([{ consultationId: ID }]);
    expect(k.get('consult-left').textContent).toContain('12348');
  });
});

describe('video consultation: network trouble', () => {
  it('our link going offline says so; back online restarts ICE with a new offer', async () => {
    const { k, fake } = await openConsult();
    const { link } = await connect(k, fake);
    k.bridge.emit({ type: 'consult.link', state: 'offline' });
    await settle();
    expect(k.get('consult-reconnecting').textContent).toContain('网络不稳定，正在重新连接');
    expect(k.get('consult-call').dataset.link).toBe('reconnecting');
    expect(link.restarts).toBe(0);
    k.bridge.emit({ type: 'consult.link', state: 'online' });
    await settle();
    expect(k.find('consult-reconnecting')).toBeNull();
    expect(link.restarts).toBe(1);
    expect(k.bridge.callsOf('consult.signal').at(-1)).toEqual({ consultationId: ID, signal: { kind: 'description', description: { type: 'offer', sdp: 'v=0 offer-restart-1' } } });
    // The recording went on: one recorder for the whole call.
    expect(fake.state.recorder!.stopped).toBe(false);
  });

  it("the lawyer's side going offline and back also restarts ICE; a network end keeps the recording", async () => {
    const { k, fake } = await openConsult();
    const { link } = await connect(k, fake);
    await say(k, { type: 'peer', consultationId: ID, state: 'offline' });
    expect(k.find('consult-reconnecting')).not.toBeNull();
    await say(k, { type: 'peer', consultationId: ID, state: 'online' });
    expect(link.restarts).toBe(1);
    await say(k, { type: 'peer', consultationId: ID, state: 'offline' });
    await say(k, { type: 'ended', consultationId: ID, reason: 'network' });
    expect(k.get('consult-ended-reason').textContent).toContain('网络断了，通话已结束');
    expect(fake.state.recorder!.stopped).toBe(true);
    await k.click('consult-rating-3');
    expect(k.bridge.callsOf('consult.finish')).toEqual([{ consultationId: ID, rating: 3, recordingDurationMs: 65_000 }]);
  });

  it('a recording failure never stops the call; the indicator tells the truth', async () => {
    const { k, fake } = await openConsult();
    const { link } = await connect(k, fake);
    fake.state.recorder!.options.onError(new Error('encoder died'));
    await settle();
    expect(k.get('consult-recording').dataset.state).toBe('trouble');
    expect(k.get('consult-recording').textContent).toContain('录像暂时中断，通话继续');
    expect(link.closed).toBe(false);
    expect(k.find('consult-call')).not.toBeNull();
  });
});

describe('video consultation: what the lawyer sends', () => {
  it('printed pushes are listed, identity verification and a mediation referral are told', async () => {
    const { k, fake } = await openConsult();
    await connect(k, fake);
    const pushId = '11111111-2222-4333-8444-555555555555';
    await say(k, { type: 'push', consultationId: ID, pushId, push: { kind: 'checklist', title: '劳动仲裁材料清单', body: '', items: ['劳动合同'] } });
    k.bridge.emit({ type: 'consult.printed', consultationId: ID, pushId, title: '劳动仲裁材料清单', outcome: 'completed' });
    await settle();
    expect(k.get(`consult-printed-${pushId}`).textContent).toContain('律师发来的《劳动仲裁材料清单》已打印，请在出纸口取走');
    await say(k, { type: 'identityVerified', consultationId: ID });
    expect(k.get('consult-identity-verified').textContent).toContain('律师已核验您的身份');
    await say(k, { type: 'referral', consultationId: ID, referral: { kind: 'mediation', note: '' } });
    expect(k.find('consult-referral-mediation')).not.toBeNull();

    await say(k, { type: 'ended', consultationId: ID, reason: 'lawyer_hangup' });
    await k.click('consult-rating-4');
    const done = k.get('consult-done');
    expect(done.textContent).toContain('《劳动仲裁材料清单》已打印');
    expect(done.textContent).toContain('律师已核验您的身份');
    expect(k.get('consult-done-mediation').textContent).toContain('人民调解委员会');
    // No summary yet: the person is told it will print here.
    expect(k.find('consult-summary-waiting')).not.toBeNull();
    const summaryId = '21111111-2222-4333-8444-555555555555';
    await say(k, { type: 'push', consultationId: ID, pushId: summaryId, push: { kind: 'summary', title: '咨询小结', body: '……', items: [] } });
    k.bridge.emit({ type: 'consult.printed', consultationId: ID, pushId: summaryId, title: '咨询小结', outcome: 'completed' });
    await settle();
    expect(k.find('consult-summary-waiting')).toBeNull();
    expect(k.get(`consult-printed-${summaryId}`).dataset.kind).toBe('summary');
  });

  it('a failed print says where to get the paper instead', async () => {
    const { k, fake } = await openConsult();
    await connect(k, fake);
    const pushId = '31111111-2222-4333-8444-555555555555';
    k.bridge.emit({ type: 'consult.printed', consultationId: ID, pushId, title: '起诉状模板', outcome: 'out_of_paper' });
    await settle();
    expect(k.get(`consult-printed-${pushId}`).textContent).toContain('没有打印出来，请向服务站工作人员索取');
  });

  it('a legal-aid referral opens the application with the matter filled in', async () => {
    const { k, fake } = await openConsult();
    const pack = guangdongPack();
    const matterId = pack.matters[1]!.id;
    k.bridge.handle('legalAid.rules', () => ok({ pack, kioskRegionCode: '440106', today: '2026-11-23' }));
    await connect(k, fake);
    await say(k, { type: 'referral', consultationId: ID, referral: { kind: 'legal_aid', matterId } });
    expect(k.get('consult-referral-legal_aid').textContent).toContain('申请法律援助');
    await say(k, { type: 'ended', consultationId: ID, reason: 'lawyer_hangup' });
    await k.click('consult-rating-5');
    await k.click('consult-continue-legal-aid');
    const application = k.app.runWithContext(() => useApplicationStore());
    expect(application.draft.matterId).toBe(matterId);
    // The identity check was done before the call (video needs it): straight into the interview.
    expect(k.router.currentRoute.value.name).toBe('apply');
  });
});

describe('video consultation: hostile and stray input', () => {
  it('messages about another consultation change nothing', async () => {
    const { k, fake } = await openConsult();
    await requestCall(k);
    await say(k, { type: 'connected', consultationId: OTHER_ID, lawyer: { displayName: '某', organisation: '' }, iceServers: ICE });
    expect(k.find('consult-call')).toBeNull();
    expect(fake.state.links).toEqual([]);
    await say(k, { type: 'ended', consultationId: OTHER_ID, reason: 'network' });
    expect(k.find('consult-waiting')).not.toBeNull();
  });

  it("a pushed title is shown as text, never as markup", async () => {
    const { k, fake } = await openConsult();
    await connect(k, fake);
    const pushId = '41111111-2222-4333-8444-555555555555';
    const title = '<img src=x onerror="alert(1)">';
    k.bridge.emit({ type: 'consult.printed', consultationId: ID, pushId, title, outcome: 'completed' });
    await settle();
    const item = k.get(`consult-printed-${pushId}`);
    expect(item.querySelector('img')).toBeNull();
    expect(item.textContent).toContain(title);
  });
});

describe('video consultation: the session', () => {
  it('a call keeps the idle prompt away (the person is talking, not touching)', async () => {
    const { k, fake } = await openConsult();
    await connect(k, fake);
    await k.advance(125_000);
    expect(k.find('idle-prompt')).toBeNull();
    expect(k.bridge.callsOf('session.activity').length).toBeGreaterThan(0);
  });

  it('the session ending mid-call hangs up, stops camera and recording, and forgets the consultation', async () => {
    const { k, fake } = await openConsult();
    const { link } = await connect(k, fake);
    const pushId = '51111111-2222-4333-8444-555555555555';
    k.bridge.emit({ type: 'consult.printed', consultationId: ID, pushId, title: '材料清单', outcome: 'completed' });
    await settle();
    k.bridge.emit({ type: 'session.ended', reason: 'user' });
    await settle();
    expect(k.bridge.callsOf('consult.hangup')).toEqual([{ consultationId: ID }]);
    expect(link.closed).toBe(true);
    expect(fake.state.recorder!.stopped).toBe(true);
    expect(fake.state.local!.tracks.every((t) => t.stopped)).toBe(true);
    expect(k.find('consult-call')).toBeNull();
    expect(k.router.currentRoute.value.name).toBe('home');
    const consult = useConsultStore(k.pinia);
    expect(consult.state.consultationId).toBeNull();
    expect(consult.state.lawyer).toBeNull();
    expect(consult.state.printed).toEqual([]);
    expect(consult.localStream).toBeNull();
    expect(k.host.textContent).not.toContain('李明');
    // The call was held: its record (and recording) is still closed, without a rating.
    await settle();
    expect(k.bridge.callsOf('consult.finish')).toEqual([{ consultationId: ID, rating: null, recordingDurationMs: 65_000 }]);
  });

  it('a person who walks away from the rating screen still gets the call recorded as finished', async () => {
    const { k, fake } = await openConsult();
    await connect(k, fake);
    await say(k, { type: 'ended', consultationId: ID, reason: 'lawyer_hangup' });
    expect(k.find('consult-rating')).not.toBeNull();
    k.bridge.emit({ type: 'session.ended', reason: 'idle' });
    await settle();
    expect(k.bridge.callsOf('consult.finish')).toEqual([{ consultationId: ID, rating: null, recordingDurationMs: 65_000 }]);
    expect(k.bridge.callsOf('consult.hangup')).toEqual([]);
  });

  it('a session that ends while waiting withdraws the request and finishes nothing', async () => {
    const { k } = await openConsult();
    await requestCall(k);
    k.bridge.emit({ type: 'session.ended', reason: 'idle' });
    await settle();
    expect(k.bridge.callsOf('consult.cancel')).toEqual([{ consultationId: ID }]);
    expect(k.bridge.callsOf('consult.finish')).toEqual([]);
  });

  it('a call never runs without a screen: leaving the route hangs up', async () => {
    const { k, fake } = await openConsult();
    const { link } = await connect(k, fake);
    await k.router.push({ name: 'welcome' });
    await settle();
    expect(k.bridge.callsOf('consult.hangup')).toEqual([{ consultationId: ID }]);
    expect(link.closed).toBe(true);
    expect(k.bridge.callsOf('consult.finish')).toEqual([{ consultationId: ID, rating: null, recordingDurationMs: 65_000 }]);
  });
});
