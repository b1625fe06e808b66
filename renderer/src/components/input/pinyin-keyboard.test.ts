/** The pinyin keyboard as a person uses it: tap letters, tap a candidate, see the text. */
import { afterEach, describe, expect, it } from 'vitest';
import { PinyinIndex } from '../../services/pinyin/candidate-index';
import { flush, mountInput } from './mount-input.test-helper';
import PinyinKeyboard from './PinyinKeyboard.vue';

// A small word list with the real data's shape, so the test is fast and its ranking is known.
const WORDS = {
  身份证: ['shēn fèn zhèng', 7e-10],
  身份: ['shēn fèn', 3e-9],
  身: ['shēn', 2e-8],
  深: ['shēn', 1e-8],
  申: ['shēn', 5e-9],
  伸: ['shēn', 2e-9],
  绅: ['shēn', 4e-10],
  参: ['shēn', 3e-10],
  呻: ['shēn', 1e-10],
  张: ['zhāng', 2.4e-8],
  掌: ['zhǎng', 4e-9],
  三: ['sān', 3e-8],
  你: ['nǐ', 5e-8],
  好: ['hǎo', 4e-8],
  律师: ['lǜ shī', 1.8e-9],
} as const;
const index = PinyinIndex.fromData(WORDS);
const loadIndex = async () => ({ index });

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
  document.body.innerHTML = '';
});

async function keyboard(props: Record<string, unknown> = {}) {
  const values: string[] = [];
  const m = mountInput(PinyinKeyboard, {
    props: { modelValue: '', loadIndex, 'onUpdate:modelValue': (v: string) => values.push(v), ...props },
  });
  unmount = () => m.wrapper.unmount();
  await flush();
  const type = async (letters: string) => {
    for (const l of letters) await m.tap(`kb-key-${l}`);
  };
  const text = () => m.get('kb-text').querySelector('.kin-committed')?.textContent ?? '';
  const candidates = () => [...document.querySelectorAll<HTMLElement>('[data-testid^="kb-candidate-"]')].filter((b) => /kb-candidate-\d+$/.test(b.dataset.testid ?? '')).map((b) => b.textContent?.trim());
  return { ...m, values, type, text, candidates };
}

describe('PinyinKeyboard', () => {
  it('typing pinyin shows candidates, most frequent first; tapping one inserts it', async () => {
    const k = await keyboard();
    await k.type('sfz');
    expect(k.get('kb-composing').textContent).toBe('sfz');
    expect(k.candidates()[0]).toBe('身份证');
    await k.tap('kb-candidate-0');
    expect(k.text()).toBe('身份证');
    expect(k.find('kb-composing')).toBeNull();
    expect(k.values.at(-1)).toBe('身份证');
  });

  it('a phrase made of characters, and a character at a time: nihao -> 你好; zhang san -> 张三', async () => {
    const k = await keyboard();
    await k.type('nihao');
    expect(k.candidates()[0]).toBe('你好');
    // choosing 你 alone keeps "hao" for the next choice
    const ni = k.candidates().indexOf('你');
    await k.tap(`kb-candidate-${ni}`);
    expect(k.text()).toBe('你');
    expect(k.get('kb-composing').textContent).toBe('hao');
    await k.tap('kb-candidate-0');
    expect(k.text()).toBe('你好');
    await k.type('zhang');
    await k.tap('kb-key-space'); // space takes the first candidate
    await k.type('san');
    await k.tap('kb-candidate-0');
    expect(k.values.at(-1)).toBe('你好张三');
  });

  it('pages the candidates with 后一页 / 前一页', async () => {
    const k = await keyboard({ pageSize: 3 });
    await k.type('shen');
    expect(k.candidates()).toEqual(['身', '深', '申']);
    expect((k.get('kb-candidates-prev') as HTMLButtonElement).disabled).toBe(true);
    await k.tap('kb-candidates-next');
    expect(k.candidates()).toEqual(['伸', '绅', '参']);
    await k.tap('kb-candidates-next');
    expect(k.candidates()).toEqual(['呻']); // 身份 is no match: fen does not start with n
    expect((k.get('kb-candidates-next') as HTMLButtonElement).disabled).toBe(true);
    await k.tap('kb-candidates-prev');
    await k.tap('kb-candidate-2');
    expect(k.text()).toBe('参');
  });

  it('backspace removes a pinyin letter first, then the last character', async () => {
    const k = await keyboard({ modelValue: '律师' });
    await k.type('zh');
    await k.tap('kb-key-backspace');
    expect(k.get('kb-composing').textContent).toBe('z');
    await k.tap('kb-key-backspace');
    expect(k.find('kb-composing')).toBeNull();
    await k.tap('kb-key-backspace');
    expect(k.text()).toBe('律');
  });

  it('says so when a pinyin has no candidates', async () => {
    const k = await keyboard();
    await k.type('qqq');
    expect(k.get('kb-no-candidates').textContent).toContain('没有找到');
  });

  it('modes: 英文字母 types letters (大写 too), 数字 digits, 标点 punctuation; the mode shows as pressed', async () => {
    const k = await keyboard();
    await k.tap('kb-mode-en');
    expect(k.get('kb-mode-en').getAttribute('aria-pressed')).toBe('true');
    expect(k.get('kb-mode-zh').getAttribute('aria-pressed')).toBe('false');
    await k.type('li');
    await k.tap('kb-key-shift');
    await k.tap('kb-key-M');
    await k.tap('kb-mode-num');
    await k.type('138');
    await k.tap('kb-mode-punct');
    await k.tap('kb-key-，');
    expect(k.text()).toBe('liM138，');
    expect(k.find('kb-candidates-next')).toBeNull();
  });

  it('换行 adds a new line; a single-line keyboard has no 换行 key', async () => {
    const k = await keyboard({ modelValue: '一' });
    await k.tap('kb-key-enter');
    expect(k.values.at(-1)).toBe('一\n');
    k.wrapper.unmount();
    const single = await keyboard({ multiline: false });
    expect(single.find('kb-key-enter')).toBeNull();
  });

  it('maxLength: counts characters, refuses more with a message', async () => {
    const k = await keyboard({ maxLength: 4, modelValue: '律师' });
    expect(k.get('kb-counter').textContent).toContain('已输入 2 字，最多 4 字');
    await k.type('sfz');
    await k.tap('kb-candidate-0');
    expect(k.text()).toBe('律师身份');
    expect(k.get('kb-full').textContent).toContain('已经写满 4 个字');
    expect(k.get('kb-counter').textContent).toContain('已输入 4 字');
    await k.tap('kb-mode-num');
    await k.tap('kb-key-1');
    expect(k.text()).toBe('律师身份');
  });

  it('clear-all asks first; 不清除 keeps the text, 清除全部 empties it', async () => {
    const k = await keyboard({ modelValue: '张三' });
    await k.tap('kb-clear');
    expect(k.get('kb-clear-confirm').textContent).toContain('要清除已经输入的全部文字吗');
    await k.tap('kb-clear-no');
    expect(k.text()).toBe('张三');
    expect(k.find('kb-clear-confirm')).toBeNull();
    await k.tap('kb-clear');
    await k.tap('kb-clear-yes');
    expect(k.text()).toBe('');
    expect(k.values.at(-1)).toBe('');
  });

  it('while the word index loads, letters still compose and the bar says to wait', async () => {
    let release: (v: { index: PinyinIndex }) => void = () => undefined;
    const slow = () => new Promise<{ index: PinyinIndex }>((resolve) => (release = resolve));
    const k = await keyboard({ loadIndex: slow });
    await k.type('ni');
    expect(k.find('kb-loading')).not.toBeNull();
    release({ index });
    await flush();
    expect(k.candidates()[0]).toBe('你');
  });

  it('every key is a labelled button', async () => {
    const k = await keyboard();
    const keys = [...document.querySelectorAll<HTMLElement>('.kin-keys .hg-button')];
    expect(keys.length).toBeGreaterThan(28);
    for (const key of keys) {
      expect(key.tagName).toBe('BUTTON');
      expect(key.getAttribute('aria-label') ?? key.textContent?.trim()).toBeTruthy();
    }
    expect(k.get('kb-key-backspace').getAttribute('aria-label')).toBe('删除');
  });
});
