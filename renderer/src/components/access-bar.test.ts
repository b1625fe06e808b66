/**
 * The accessibility bar and the prompt registry in the whole kiosk app (MockBridge, FakeClock):
 * what each control changes, what the screens send to voice.render, and that the next person
 * starts from the defaults.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ok } from '../../../domain/result';
import { currentPrompt } from '../composables/screen-prompt';
import { SPEECH_AUDIO_ID } from '../composables/speech';
import { usePreferencesStore } from '../stores/preferences';
import { MockBridge } from '../bridge/mock-bridge';
import { citizenSession, mountKiosk, settle, type MountedKiosk } from '../testing/mount-kiosk';

let k: MountedKiosk | null = null;
beforeEach(() => {
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
});
afterEach(() => {
  k?.unmount();
  k = null;
  vi.restoreAllMocks();
});

const start = async () => {
  const bridge = new MockBridge().handle('voice.render', () => ok({ mime: 'audio/wav' as const, base64: 'UklGRg==' }));
  k = await mountKiosk({ bridge });
  await settle();
  return k;
};
const renders = (kiosk: MountedKiosk) => kiosk.bridge.callsOf('voice.render') as Array<{ text: string; locale?: string; key?: string; cacheable?: boolean }>;
const player = () => document.getElementById(SPEECH_AUDIO_ID) as HTMLAudioElement | null;

describe('the accessibility bar', () => {
  it('replays the prompt of the screen on top, as table parts with their keys', async () => {
    const kiosk = await start();
    // Home between visitors: declared but not said into an empty room.
    expect(renders(kiosk)).toEqual([]);
    expect(currentPrompt.value?.text).toContain('请将身份证放在感应区');
    await kiosk.click('access-replay');
    await settle();
    expect(renders(kiosk)[0]).toEqual({ text: '请将身份证放在感应区，开始办理', key: 'home.invite', cacheable: true });
  });

  it('the welcome prompt says 您好 and never the name, and nothing personal is marked cacheable', async () => {
    const kiosk = await start();
    kiosk.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    expect(kiosk.host.textContent).toContain('张三');
    const said = renders(kiosk);
    expect(said.map((r) => r.text)).toContain('您好');
    expect(said.some((r) => r.text.includes('张三'))).toBe(false);
  });

  it('volume steps apply to the shared player and are announced; 0 is silence', async () => {
    const kiosk = await start();
    await kiosk.click('volume-down');
    await settle();
    expect(player()?.volume).toBeCloseTo(0.6);
    expect(renders(kiosk).at(-1)).toEqual({ text: '音量3级', cacheable: true });
    for (let i = 0; i < 5; i += 1) await kiosk.click('volume-down');
    expect(usePreferencesStore(kiosk.pinia).volumeStep).toBe(0);
    expect(player()?.volume).toBe(0);
    expect(kiosk.get('volume-down').hasAttribute('disabled')).toBe(true);
  });

  it('English switches the tables and the voice; care mode and contrast switch the page classes', async () => {
    const kiosk = await start();
    await kiosk.click('locale-toggle');
    await kiosk.click('access-replay');
    await settle();
    expect(kiosk.get('tile-legal-aid').textContent).toContain('Apply for legal aid');
    // The first part plays while the next one renders (happy-dom never ends a clip).
    expect(renders(kiosk).slice(-2)).toEqual([
      { text: 'Place your ID card on the reader to begin', locale: 'en', key: 'home.invite', cacheable: true },
      { text: 'Apply for legal aid', locale: 'en', key: 'tiles.legalAid', cacheable: true },
    ]);
    await kiosk.click('care-toggle');
    await kiosk.click('contrast-toggle');
    expect(document.documentElement.classList.contains('large-text')).toBe(true);
    expect(document.documentElement.classList.contains('high-contrast')).toBe(true);
  });

  it('every choice returns to the default with the wipe, and after a minute of nobody at the home screen', async () => {
    const kiosk = await start();
    const preferences = usePreferencesStore(kiosk.pinia);
    kiosk.bridge.emit({ type: 'card.read', session: citizenSession() });
    await settle();
    for (const id of ['care-toggle', 'contrast-toggle', 'volume-up', 'locale-toggle']) await kiosk.click(id);
    expect(preferences.isDefault).toBe(false);
    kiosk.bridge.emit({ type: 'session.ended', reason: 'user' });
    await settle();
    expect(preferences.isDefault).toBe(true);
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(kiosk.get('tile-legal-aid').textContent).toContain('法律援助申请');

    // Nobody with a card: someone switched to English and walked away.
    await kiosk.click('locale-toggle');
    await kiosk.advance(59_000);
    expect(preferences.locale).toBe('en');
    await kiosk.advance(2_000);
    expect(preferences.locale).toBe('zh-CN');
  });
});
