import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, type App } from 'vue';
import { err, ok } from '../../../domain/result';
import { BRIDGE } from '../app/keys';
import { MockBridge } from '../bridge/mock-bridge';
import { settle } from '../testing/mount-kiosk';
import { SPEECH_AUDIO_ID, useSpeech } from './speech';

/** Mounts a screen that uses speech and hands back its speak/hint. */
const mountSpeaker = (bridge: MockBridge | null) => {
  let api!: ReturnType<typeof useSpeech>;
  const app: App = createApp(
    defineComponent({
      setup() {
        api = useSpeech();
        return () => h('div');
      },
    }),
  );
  if (bridge) app.provide(BRIDGE, bridge);
  const host = document.createElement('div');
  document.body.append(host);
  app.mount(host);
  return { ...api, unmount: () => app.unmount() };
};

const player = () => document.getElementById(SPEECH_AUDIO_ID) as HTMLAudioElement | null;

let play: ReturnType<typeof vi.spyOn>;
let pause: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  // happy-dom has no audio output: record what would have played.
  play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('useSpeech', () => {
  it('asks the core to render the text and plays the WAV it returns', async () => {
    const bridge = new MockBridge().handle('voice.render', () => ok({ mime: 'audio/wav', base64: 'UklGRg==' }));
    const { speak } = mountSpeaker(bridge);
    speak('请问是否同意人脸比对？');
    await settle();
    expect(bridge.callsOf('voice.render')).toEqual([{ text: '请问是否同意人脸比对？' }]);
    expect(player()?.getAttribute('src')).toBe('data:audio/wav;base64,UklGRg==');
    expect(play).toHaveBeenCalledTimes(1);
  });

  it('stays silent, without throwing, when the core has no voice or fails', async () => {
    const bridge = new MockBridge().fail('voice.render', 'not_available');
    const { speak } = mountSpeaker(bridge);
    expect(() => speak('您好')).not.toThrow();
    await settle();
    expect(bridge.callsOf('voice.render')).toHaveLength(1);
    expect(play).not.toHaveBeenCalled();

    bridge.handle('voice.render', () => ok({ mime: 'audio/wav', base64: 'UklGRg==' }));
    play.mockRejectedValueOnce(new Error('NotAllowedError'));
    speak('再说一遍');
    await settle();
    expect(player()?.dataset.state).toBe('failed');
  });

  it('is silent without a bridge', async () => {
    const { speak } = mountSpeaker(null);
    expect(() => speak('您好')).not.toThrow();
    await settle();
    expect(play).not.toHaveBeenCalled();
  });

  it('a newer prompt wins over a render still on its way; unmounting stops speech', async () => {
    let answer: ((value: ReturnType<typeof ok<{ mime: 'audio/wav'; base64: string }>>) => void) | null = null;
    const bridge = new MockBridge();
    // The first render is slow; the second answers at once.
    const slow = new Promise<ReturnType<typeof ok<{ mime: 'audio/wav'; base64: string }>>>((resolve) => (answer = resolve));
    let calls = 0;
    bridge.call = ((name: string, input: unknown) => {
      bridge.calls.push({ name: name as 'voice.render', input });
      calls += 1;
      return calls === 1 ? slow : Promise.resolve(ok({ mime: 'audio/wav' as const, base64: 'U0VDT05E' }));
    }) as MockBridge['call'];
    const { speak, unmount } = mountSpeaker(bridge);
    speak('第一句');
    speak('第二句');
    await settle();
    answer!(ok({ mime: 'audio/wav', base64: 'RklSU1Q=' }));
    await settle();
    expect(play).toHaveBeenCalledTimes(1);
    expect(player()?.getAttribute('src')).toBe('data:audio/wav;base64,U0VDT05E');
    unmount();
    expect(pause).toHaveBeenCalled();
    expect(player()?.dataset.state).toBe('stopped');
  });

  it('hint repeats the same text only after a pause', async () => {
    const bridge = new MockBridge().handle('voice.render', () => err({ code: 'not_available', message: 'x' }));
    const { hint } = mountSpeaker(bridge);
    hint('请正对摄像头');
    hint('请正对摄像头');
    await settle();
    expect(bridge.callsOf('voice.render')).toHaveLength(1);
  });
});
