import { afterEach, describe, expect, it } from 'vitest';
import { ok } from '../../../../domain/result';
import starter from '../../../../resources/education/bundle.json';
import { MockBridge } from '../../bridge/mock-bridge';
import { citizenSession, mountKiosk, type MountedKiosk } from '../../testing/mount-kiosk';
import { EducationBundleSchema } from '../../../../domain/education/bundle';
import { useEducationStore } from '../../stores/education';

let kiosk: MountedKiosk | null = null;
afterEach(() => {
  kiosk?.unmount();
  kiosk = null;
});

const bundle = EducationBundleSchema.parse(starter);
const svg = btoa('<svg xmlns="http://www.w3.org/2000/svg"/>');

async function start(catalogue: 'ok' | 'missing' = 'ok') {
  const bridge = new MockBridge();
  if (catalogue === 'ok') bridge.handle('education.catalogue', () => ok({ bundle, source: 'built-in' as const, attract: { afterSeconds: 30, everySeconds: 8 } }));
  else bridge.handle('education.catalogue', () => ({ ok: false, error: { code: 'not_available', message: 'none' } }));
  bridge.handle('education.media', () => ok({ mime: 'image/svg+xml', base64: svg }));
  kiosk = await mountKiosk({ bridge });
  return kiosk;
}

describe('attract loop', () => {
  it('shows after the configured time untouched, moves on every few seconds, and a tap ends it without opening a tile', async () => {
    const k = await start();
    await k.advance(29_000);
    expect(k.find('attract-loop')).toBeNull();
    await k.advance(1_500);
    expect(k.get('attract-item').dataset.itemId).toBe('labour-written-contract');
    expect(k.get('attract-loop').textContent).toContain('轻触屏幕开始');
    await k.advance(8_000);
    expect(k.get('attract-item').dataset.itemId).toBe('labour-unpaid-wages');
    expect(k.bridge.callsOf('voice.render')).toEqual([]);
    await k.click('attract-loop');
    expect(k.find('attract-loop')).toBeNull();
    expect(k.router.currentRoute.value.name).toBe('home');
  });

  it('a touch anywhere restarts the wait', async () => {
    const k = await start();
    await k.advance(20_000);
    document.dispatchEvent(new Event('pointerdown'));
    await k.advance(20_000);
    expect(k.find('attract-loop')).toBeNull();
    await k.advance(11_000);
    expect(k.find('attract-loop')).not.toBeNull();
  });

  it('never shows during a session', async () => {
    const k = await start();
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await k.advance(1);
    await k.router.push('/');
    await k.advance(60_000);
    expect(k.find('attract-loop')).toBeNull();
  });

  it('stays away when the kiosk has no bundle', async () => {
    const k = await start('missing');
    await k.advance(120_000);
    expect(k.find('attract-loop')).toBeNull();
  });
});

describe('education screen', () => {
  it('topics -> items -> an item with citations and its service; back goes up one level', async () => {
    const k = await start();
    await k.click('tile-education');
    expect(k.get('education-screen').dataset.level).toBe('topics');
    await k.click('education-topic-support');
    await k.click('education-item-support-elderly-parents');
    expect(k.get('education-item-title').textContent).toBe('子女必须赡养父母');
    expect(k.get('education-citations').textContent).toContain('《民法典》第一千零六十七条第二款');
    expect(k.bridge.callsOf('voice.render').at(-1)).toMatchObject({ text: expect.stringContaining('成年子女要赡养父母') });
    await k.click('education-back');
    expect(k.get('education-screen').dataset.level).toBe('topic');
    await k.click('education-item-support-child-maintenance');
    await k.click('education-related-service');
    expect(k.router.currentRoute.value.name).toBe('card');
  });

  it('shows an item\'s video with controls (never autoplaying) when the bundle has one', async () => {
    const withVideo = EducationBundleSchema.parse(JSON.parse(JSON.stringify(starter)));
    withVideo.topics[0]!.items[0]!.video = 'contract.mp4';
    const bridge = new MockBridge();
    bridge.handle('education.catalogue', () => ok({ bundle: withVideo, source: 'centre' as const, attract: { afterSeconds: 30, everySeconds: 8 } }));
    bridge.handle('education.media', ({ name }) => ok({ mime: name.endsWith('.mp4') ? 'video/mp4' : 'image/svg+xml', base64: svg }));
    const k = (kiosk = await mountKiosk({ bridge }));
    await k.click('tile-education');
    await k.click('education-topic-labour');
    await k.click('education-item-labour-written-contract');
    const video = k.get('education-video') as HTMLVideoElement;
    expect(video.getAttribute('src')).toMatch(/^data:video\/mp4;base64,/);
    expect(video.hasAttribute('controls')).toBe(true);
    expect(video.hasAttribute('autoplay')).toBe(false);
  });

  it('remembers the document to draft only for this visit', async () => {
    const k = await start();
    await k.click('tile-education');
    await k.click('education-topic-labour');
    await k.click('education-item-labour-arbitration-deadline');
    await k.click('education-related-service');
    expect(k.router.currentRoute.value.name).toBe('card');
    const education = useEducationStore(k.pinia);
    expect(education.suggestedDocumentId).toBe('labour-arbitration');
    k.bridge.emit({ type: 'card.read', session: citizenSession() });
    await k.advance(1);
    expect(education.suggestedDocumentId).toBe('labour-arbitration');
    k.bridge.emit({ type: 'session.ended', reason: 'user' });
    await k.advance(1);
    expect(education.suggestedDocumentId).toBeNull();
  });

  it('says so plainly when there is no content', async () => {
    const k = await start('missing');
    await k.click('tile-education');
    expect(k.get('education-unavailable').textContent).toContain('12348');
  });
});
