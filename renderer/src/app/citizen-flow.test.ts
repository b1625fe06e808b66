import { afterEach, describe, expect, it } from 'vitest';
import { useCardStore } from '../stores/card';
import { usePreferencesStore } from '../stores/preferences';
import { useSessionStore } from '../stores/session';
import { citizenSession, mountKiosk, settle, type MountedKiosk } from '../testing/mount-kiosk';
import { LOST_CONNECTION_WIPE_MS } from './controller';

let kiosk: MountedKiosk | null = null;
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
});

async function start(config = {}) {
  kiosk = await mountKiosk({ config });
  return kiosk;
}

describe('home', () => {
  it('shows the title, station, five tiles and the card invitation', async () => {
    const k = await start();
    expect(k.get('home').textContent).toContain('公共法律服务自助终端');
    expect(k.get('home').textContent).toContain('测试社区法律服务站');
    for (const id of ['legal-aid', 'video', 'status', 'documents', 'education']) expect(k.find(`tile-${id}`)).not.toBeNull();
    expect(k.get('card-invite').textContent).toContain('请将身份证放在感应区');
    expect(k.find('end-session')).toBeNull();
  });

  it('a tile without a session asks for the card', async () => {
    const k = await start();
    await k.click('tile-legal-aid');
    expect(k.find('card-prompt')).not.toBeNull();
    expect(k.get('card-prompt').textContent).toContain('请将身份证放在感应区');
  });
});

describe('reading a card', () => {
  it('card.placed anywhere shows the reading state; card.read greets by name with the masked ID', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.placed' });
    await settle();
    expect(k.get('card-status').textContent).toContain('正在读取，请不要移动身份证');

    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    expect(k.get('welcome-name').textContent).toContain('张三，您好');
    expect(k.get('welcome-masked-id').textContent).toBe('110101********123X');
    expect(k.find('end-session')).not.toBeNull();
    expect(k.find('welcome-photo')).toBeNull();
  });

  it('shows the photo when the core sends one', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.read', session: citizenSession({ photo: { mime: 'image/png', base64: 'iVBORw0KGgo=' }, photoStatus: 'ok' }) });
    await settle();
    expect(k.get('welcome-photo').getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });

  it('an expired card is explained in plain words with what to do next', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.refused', reason: 'expired' });
    await settle();
    const message = k.get('card-error-message').textContent ?? '';
    expect(message).toContain('身份证已过期');
    expect(message).toContain('请使用有效证件，或拨打12348咨询');
    expect(message).not.toContain('expired');
    expect(k.get('card-retry').textContent).toContain('换一张证件');
  });

  it('a read failure offers to try again, and retry clears the message', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.error', code: 'read_failed' });
    await settle();
    expect(k.get('card-error-message').textContent).toContain('请把身份证平放在感应区，不要移动，再试一次');
    await k.click('card-retry');
    expect(k.find('card-error-message')).toBeNull();
    expect(k.get('card-status').textContent).toContain('正在等待您放入身份证');
  });

  it('a SAM fault offers no pointless retry, only the way out', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.error', code: 'sam_fault' });
    await settle();
    expect(k.get('card-error-message').textContent).toContain('12348');
    expect(k.find('card-retry')).toBeNull();
    expect(k.find('card-back')).not.toBeNull();
  });

  it('legal education opens without a card; the other services ask for the card first', async () => {
    const k = await start();
    await k.click('tile-education');
    expect(k.find('education-screen')).not.toBeNull();
    const again = await start();
    await again.click('tile-documents');
    expect(again.find('card-prompt')).not.toBeNull();
  });
});

describe('a service chosen before the card', () => {
  const route = (k: MountedKiosk) => k.router.currentRoute.value.name;

  it('is named on the card screen, and the read goes straight on to it without the greeting', async () => {
    const k = await start();
    await k.click('tile-documents');
    expect(k.get('card-for-service').textContent).toContain('法律文书');
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    expect(route(k)).toBe('documents');
    expect(k.find('welcome-name')).toBeNull();
  });

  it('a service on the person’s own records goes through the identity check first', async () => {
    const k = await start();
    await k.click('tile-status');
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    expect(route(k)).toBe('identity');
  });

  it('survives a failed read, and is used once only', async () => {
    const k = await start();
    await k.click('tile-video');
    k.bridge.emit({ type: 'card.error', code: 'read_failed' });
    await settle();
    await k.click('card-retry');
    expect(k.get('card-for-service').textContent).toContain('视频咨询律师');
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    expect(route(k)).not.toBe('welcome');
    // The next person, whose card is placed on the home screen, is greeted and chooses.
    await k.click('end-session');
    await settle();
    k.bridge.emit({ type: 'card.read', session: { ...citizenSession(), id: 'session-2' } });
    await settle();
    expect(route(k)).toBe('welcome');
  });

  it('is forgotten when the person goes back home', async () => {
    const k = await start();
    await k.click('tile-legal-aid');
    await k.click('card-back');
    expect(route(k)).toBe('home');
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    expect(route(k)).toBe('welcome');
    expect(k.find('card-for-service')).toBeNull();
  });
});

describe('forgetting the person', () => {
  it('session.ended removes the name from the DOM and wipes every store', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    usePreferencesStore(k.pinia).toggleLargeText();
    await settle();
    expect(document.documentElement.classList.contains('large-text')).toBe(true);
    expect(k.host.textContent).toContain('张三');

    k.bridge.emit({ type: 'session.ended', reason: 'idle' });
    await settle();
    expect(k.host.textContent).not.toContain('张三');
    expect(k.host.textContent).not.toContain('123X');
    expect(k.find('home')).not.toBeNull();
    expect(k.find('end-session')).toBeNull();
    expect(useSessionStore(k.pinia).current).toBeNull();
    expect(useCardStore(k.pinia).failure).toBeNull();
    expect(usePreferencesStore(k.pinia).largeText).toBe(false);
    expect(document.documentElement.classList.contains('large-text')).toBe(false);
    expect(k.router.currentRoute.value.name).toBe('home');
  });

  it('结束并清除 tells the core, wipes, goes home and confirms', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    await k.click('end-session');
    expect(k.bridge.callsOf('session.end')).toEqual([{ reason: 'user' }]);
    expect(k.host.textContent).not.toContain('张三');
    expect(k.find('home')).not.toBeNull();
    expect(k.get('wipe-notice').textContent).toContain('您的信息已清除');
    await k.advance(5000);
    expect(k.find('wipe-notice')).toBeNull();
  });

  it('a hello without a session after a reconnect wipes a session the core has ended', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    k.bridge.setConnection('lost');
    k.bridge.hello();
    await settle();
    expect(k.host.textContent).not.toContain('张三');
    expect(useSessionStore(k.pinia).current).toBeNull();
  });
});

describe('idle', () => {
  it('prompts after idleSeconds, counts down, then ends the session with reason idle and wipes', async () => {
    const k = await start({ idleSeconds: 60, countdownSeconds: 20 });
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    await k.advance(59_000);
    expect(k.find('idle-prompt')).toBeNull();
    await k.advance(1_000);
    expect(k.get('idle-prompt').textContent).toContain('还在吗');
    expect(k.get('idle-countdown').textContent).toBe('20');
    await k.advance(5_000);
    expect(k.get('idle-countdown').textContent).toBe('15');
    await k.advance(15_000);
    expect(k.find('idle-prompt')).toBeNull();
    expect(k.bridge.callsOf('session.end')).toEqual([{ reason: 'idle' }]);
    expect(k.host.textContent).not.toContain('张三');
    expect(k.find('home')).not.toBeNull();
  });

  it('我还在 keeps the session', async () => {
    const k = await start({ idleSeconds: 60, countdownSeconds: 20 });
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    await k.advance(65_000);
    await k.click('idle-continue');
    expect(k.find('idle-prompt')).toBeNull();
    await k.advance(30_000);
    expect(k.bridge.callsOf('session.end')).toEqual([]);
    expect(k.get('welcome-name').textContent).toContain('张三');
  });

  it('touches reset the timer and are reported to the core at most every 15 s', async () => {
    const k = await start({ idleSeconds: 60, countdownSeconds: 20 });
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    const touch = () => document.body.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    for (let i = 0; i < 6; i++) {
      await k.advance(50_000);
      touch();
    }
    expect(k.find('idle-prompt')).toBeNull();
    // 6 touches 50 s apart: each is reported. Then 3 quick touches: only the first of them counts.
    expect(k.bridge.callsOf('session.activity')).toHaveLength(6);
    await k.advance(20_000);
    touch();
    touch();
    touch();
    expect(k.bridge.callsOf('session.activity')).toHaveLength(7);
  });

  it('does not run on the home screen without a session', async () => {
    const k = await start({ idleSeconds: 60, countdownSeconds: 20 });
    await k.advance(10 * 60_000);
    expect(k.find('idle-prompt')).toBeNull();
  });
});

describe('devices and connection', () => {
  it('the reader banner comes and goes with the reader status', async () => {
    const k = await start();
    expect(k.find('reader-banner')).toBeNull();
    const reader = { state: 'disconnected', port: '/dev/ttyUSB0', simulated: false, samId: null, lastError: null } as const;
    k.bridge.emit({ type: 'device.status', reader });
    await settle();
    expect(k.get('reader-banner').textContent).toContain('读卡器暂时无法使用');
    expect(k.get('reader-banner').textContent).toContain('12348');
    k.bridge.emit({ type: 'device.status', reader: { ...reader, state: 'ready' } });
    await settle();
    expect(k.find('reader-banner')).toBeNull();
  });

  it('the connection overlay appears only after the channel is lost for a few seconds', async () => {
    const k = await start();
    k.bridge.setConnection('lost');
    await k.advance(1_000);
    expect(k.find('connection-lost')).toBeNull();
    await k.advance(3_000);
    expect(k.get('connection-lost').textContent).toContain('系统正在恢复，请稍候');
    k.bridge.hello();
    await settle();
    expect(k.find('connection-lost')).toBeNull();
  });

  it('the dev dock exists only with the simulator', async () => {
    const k = await start();
    expect(k.find('dev-dock')).toBeNull();
  });

  it('the dev dock lists demo cards and drives the simulator', async () => {
    const { MockBridge } = await import('../bridge/mock-bridge');
    const { ok } = await import('../../../domain/result');
    const bridge = new MockBridge({ simulator: true }).handle('sim.catalogue', () =>
      ok({ cards: [{ id: 'elderly-woman', label: '有效身份证（老年女性）' }] }),
    );
    kiosk = await mountKiosk({ bridge });
    // Folded by default so it never covers the citizen's screen; a tap anywhere on it unfolds it.
    expect(kiosk.get('dev-card-elderly-woman').closest<HTMLElement>('.dev-dock-body')?.style.display).toBe('none');
    await kiosk.click('dev-dock');
    expect(kiosk.get('dev-card-elderly-woman').closest<HTMLElement>('.dev-dock-body')?.style.display).toBe('');
    await kiosk.click('dev-card-elderly-woman');
    expect(bridge.callsOf('sim.placeCard')).toEqual([{ cardId: 'elderly-woman' }]);
    await kiosk.click('dev-unplug');
    expect(bridge.callsOf('sim.unplug')).toHaveLength(1);
    const select = kiosk.get('dev-fault') as HTMLSelectElement;
    select.value = 'checksum';
    select.dispatchEvent(new Event('change'));
    await settle();
    expect(bridge.callsOf('sim.setFault')).toEqual([{ fault: 'checksum' }]);
  });
});

describe('losing the core', () => {
  it('forgets the person when the core stays unreachable, and not before', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    k.bridge.setConnection('lost');
    await k.advance(LOST_CONNECTION_WIPE_MS - 1000);
    expect(k.find('welcome-name')).not.toBeNull();
    await k.advance(1500);
    expect(k.find('welcome-name')).toBeNull();
    expect(useSessionStore().active).toBe(false);
  });

  it('a short stall keeps the person', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    k.bridge.setConnection('lost');
    await k.advance(3000);
    k.bridge.setConnection('open');
    await k.advance(LOST_CONNECTION_WIPE_MS * 2);
    expect(k.get('welcome-name').textContent).toContain('张三');
  });
});
