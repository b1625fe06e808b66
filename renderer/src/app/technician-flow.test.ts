import { afterEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../../domain/result';
import { MockBridge } from '../bridge/mock-bridge';
import { citizenSession, mountKiosk, settle, type MountedKiosk } from '../testing/mount-kiosk';

const TOKEN = 'tech-token-0123456789abcdef';
const GOOD_PIN = '2468';

let kiosk: MountedKiosk | null = null;
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
});

function technicianBridge() {
  return new MockBridge({ technicianLongPressMs: 3000 })
    .handle('technician.unlock', ({ pin }) => (pin === GOOD_PIN ? ok({ token: TOKEN }) : err({ code: 'wrong_pin', message: 'wrong pin' })))
    .handle('technician.status', () =>
      ok({
        version: '1.2.3',
        uptimeSeconds: 42,
        reader: { state: 'ready', port: '/dev/ttyUSB0', simulated: false, samId: '05.01-20240101-42', lastError: { code: 'timeout', at: '2025-03-01T08:00:00Z' } },
        photoDecoder: 'vendor',
        sessionActive: false,
        centre: { url: null, kioskId: null },
        lastSyncAt: null,
        station: { stationName: '测试服务站', regionCode: '440106' },
      }),
    )
    .handle('technician.selfTest', () =>
      ok({
        ok: false,
        steps: [
          { name: 'port_open', ok: true, detail: 'opened' },
          { name: 'find_card', ok: false, detail: 'no card' },
        ],
      }),
    );
}

function press(k: MountedKiosk, type: 'pointerdown' | 'pointerup'): void {
  k.get('tech-corner').dispatchEvent(new Event(type, { bubbles: true }));
}

async function typePin(k: MountedKiosk, pin: string): Promise<void> {
  for (const d of pin) await k.click(`pin-digit-${d}`);
}

describe('technician entrance', () => {
  it('a short press on the corner does nothing', async () => {
    const k = (kiosk = await mountKiosk({ bridge: technicianBridge() }));
    press(k, 'pointerdown');
    await k.advance(2_000);
    press(k, 'pointerup');
    await k.advance(5_000);
    expect(k.find('pin-pad')).toBeNull();
  });

  it('long press -> PIN pad; a wrong PIN is refused in words; the right one opens the panel', async () => {
    const bridge = technicianBridge();
    const k = (kiosk = await mountKiosk({ bridge }));
    press(k, 'pointerdown');
    await k.advance(3_000);
    expect(k.find('pin-pad')).not.toBeNull();

    await typePin(k, '1111');
    expect(k.get('pin-display').querySelectorAll('.pin-dot')).toHaveLength(4);
    expect(k.get('pin-pad').textContent).not.toContain('1111');
    await k.click('pin-ok');
    expect(bridge.callsOf('technician.unlock')).toEqual([{ pin: '1111' }]);
    expect(k.get('pin-error').textContent).toContain('密码不正确');
    expect(k.find('tech-panel')).toBeNull();

    await typePin(k, GOOD_PIN);
    expect(k.find('pin-error')).toBeNull();
    await k.click('pin-ok');
    expect(k.find('pin-pad')).toBeNull();
    expect(k.find('tech-panel')).not.toBeNull();
    expect(k.get('tech-version').textContent).toContain('1.2.3');
    expect(k.get('tech-sam-id').textContent).toContain('05.01-20240101-42');
    expect(k.get('tech-last-error').textContent).toContain('timeout');
  });

  it('locked_out has its own message', async () => {
    const bridge = technicianBridge().fail('technician.unlock', 'locked_out');
    const k = (kiosk = await mountKiosk({ bridge }));
    press(k, 'pointerdown');
    await k.advance(3_000);
    await typePin(k, '9999');
    await k.click('pin-ok');
    expect(k.get('pin-error').textContent).toContain('错误次数太多');
  });

  it('entering ends the citizen session first; self-test shows each step; exit locks and returns home', async () => {
    const bridge = technicianBridge();
    const k = (kiosk = await mountKiosk({ bridge }));
    bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    press(k, 'pointerdown');
    await k.advance(3_000);
    await typePin(k, GOOD_PIN);
    await k.click('pin-ok');
    expect(bridge.callsOf('session.end')).toHaveLength(1);
    expect(k.host.textContent).not.toContain('张三');
    expect(k.find('end-session')).toBeNull();

    await k.click('tech-self-test');
    const result = k.get('tech-self-test-result').textContent ?? '';
    expect(result).toContain('自检未通过');
    expect(k.get('tech-self-test-step-port_open').textContent).toContain('通过');
    expect(k.get('tech-self-test-step-find_card').textContent).toContain('未通过');

    await k.click('tech-exit');
    expect(bridge.callsOf('technician.lock')).toEqual([{ token: TOKEN }]);
    expect(k.find('tech-panel')).toBeNull();
    expect(k.find('home')).not.toBeNull();
  });

  it('an unattended technician page times out and locks', async () => {
    const bridge = technicianBridge();
    const k = (kiosk = await mountKiosk({ bridge }));
    press(k, 'pointerdown');
    await k.advance(3_000);
    await typePin(k, GOOD_PIN);
    await k.click('pin-ok');
    expect(k.find('tech-panel')).not.toBeNull();
    await k.advance(120_000 + 30_000);
    expect(bridge.callsOf('technician.lock')).toEqual([{ token: TOKEN }]);
    expect(k.find('home')).not.toBeNull();
  });

  it('a PIN pad left open on the home screen closes by itself', async () => {
    const k = (kiosk = await mountKiosk({ bridge: technicianBridge() }));
    press(k, 'pointerdown');
    await k.advance(3_000);
    await typePin(k, '12');
    await k.advance(120_000);
    expect(k.find('idle-prompt')).not.toBeNull();
    await k.advance(30_000);
    expect(k.find('pin-pad')).toBeNull();
    expect(k.find('idle-prompt')).toBeNull();
    expect(k.find('home')).not.toBeNull();
  });
});

describe('connecting the kiosk to its centre', () => {
  it('a kiosk not yet enrolled says so; the technician types the address and the one-time code and enrols', async () => {
    const bridge = technicianBridge().handle('technician.enrol', () => ok({ kioskId: 'kiosk-1', centreName: '中心' }));
    const k = (kiosk = await mountKiosk({ bridge }));
    press(k, 'pointerdown');
    await k.advance(3_000);
    await typePin(k, GOOD_PIN);
    await k.click('pin-ok');
    expect(k.get('tech-enrol-status').textContent).toContain('还没有接入');
    await k.click('tech-enrol-open');
    expect((k.get('tech-enrol-submit') as HTMLButtonElement).disabled).toBe(true);
    await k.click('kb-key-c');
    await k.click('tech-enrol-field-code');
    for (const d of '12345678') await k.click(`kb-key-${d}`);
    expect(k.get('tech-enrol-field-code').textContent).toContain('12345678');
    await k.click('tech-enrol-submit');
    expect(bridge.callsOf('technician.enrol')).toEqual([{ token: TOKEN, centreUrl: 'http://c', code: '12345678' }]);
  });
});
