import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_VOLUME_STEP, usePreferencesStore, VOLUME_STEPS } from './preferences';

beforeEach(() => setActivePinia(createPinia()));

describe('preferences', () => {
  it('start at the defaults: normal print, normal contrast, a comfortable volume, Chinese', () => {
    const p = usePreferencesStore();
    expect([p.largeText, p.highContrast, p.volumeStep, p.locale, p.isDefault]).toEqual([false, false, DEFAULT_VOLUME_STEP, 'zh-CN', true]);
    expect(p.volume).toBeCloseTo(0.8);
  });

  it('keep the volume within its steps', () => {
    const p = usePreferencesStore();
    expect(p.stepVolume(1)).toBe(true);
    expect(p.stepVolume(1)).toBe(false);
    expect(p.volumeStep).toBe(VOLUME_STEPS);
    for (let i = 0; i < 10; i += 1) p.stepVolume(-1);
    expect(p.volumeStep).toBe(0);
    expect(p.volume).toBe(0);
  });

  it('reset every choice at once', () => {
    const p = usePreferencesStore();
    p.toggleLargeText();
    p.toggleHighContrast();
    p.stepVolume(-1);
    p.setLocale('en');
    expect(p.isDefault).toBe(false);
    p.reset();
    expect([p.largeText, p.highContrast, p.volumeStep, p.locale, p.isDefault]).toEqual([false, false, DEFAULT_VOLUME_STEP, 'zh-CN', true]);
  });
});
