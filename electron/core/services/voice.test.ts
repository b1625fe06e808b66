import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from './logger.ts';
import { createEspeakVoice, createMemoryVoice, fixWavSizes, unavailableVoice, withVoiceLog } from './voice.ts';
import { decimalToChinese, integerToChinese, toEnglishSpeech, toSpeechPinyin } from './voice-text.ts';

describe('numbers to Chinese words', () => {
  it.each([
    ['0', '零'],
    ['15', '十五'],
    ['101', '一百零一'],
    ['110', '一百一十'],
    ['123', '一百二十三'],
    ['1010', '一千零一十'],
    ['10005', '一万零五'],
    ['100015', '十万零一十五'],
    ['100010000', '一亿零一万'],
  ])('%s -> %s', (digits, words) => expect(integerToChinese(digits)).toBe(words));

  it('reads decimals with 点 and the fraction digit by digit', () => {
    expect(decimalToChinese('123.45')).toBe('一百二十三点四五');
    expect(decimalToChinese('0.5')).toBe('零点五');
  });
});

describe('text to pinyin for espeak-ng', () => {
  it('reads a hotline number digit by digit', () => {
    expect(toSpeechPinyin('请拨打12348。')).toBe('qing3 bo1 da3 yi1 er4 san1 si4 ba1.');
  });

  it('reads amounts as quantities, with their decimal point', () => {
    expect(toSpeechPinyin('123.45元')).toBe('yi4 bai3 er4 shi2 san1 dian3 si4 wu3 yuan2');
    expect(toSpeechPinyin('共50000元')).toBe('gong4 wu3 wan4 yuan2');
    expect(toSpeechPinyin('12%')).toBe('bai3 fen1 zhi1 shi2 er4');
  });

  it('reads years and leading zeros digit by digit', () => {
    expect(toSpeechPinyin('2024年')).toBe('er4 ling2 er4 si4 nian2');
    expect(toSpeechPinyin('0571')).toBe('ling2 wu3 qi1 yi1');
  });

  it('keeps punctuation as pauses, drops symbols, writes ü as v and the neutral tone as 5', () => {
    expect(toSpeechPinyin('您好，《法律》！是吗？')).toBe('nin2 hao3, fa3 lv4! shi4 ma5?');
    expect(toSpeechPinyin('好。。。')).toBe('hao3.');
  });
});

describe('voice renderers', () => {
  it('patches the sizes espeak leaves as placeholders when writing to a pipe', () => {
    const wav = createWav(100);
    const fixed = fixWavSizes(wav)!;
    const view = new DataView(fixed.buffer);
    expect(view.getUint32(4, true)).toBe(136);
    expect(view.getUint32(40, true)).toBe(100);
    expect(fixWavSizes(new Uint8Array(10))).toBeNull();
  });

  it('answers unavailable without an engine, also for a missing binary', async () => {
    expect(await unavailableVoice.render('你好')).toEqual({ ok: false, error: { kind: 'unavailable' } });
    const missing = createEspeakVoice({ binary: '/nonexistent/espeak-ng' });
    expect(await missing.render('你好')).toEqual({ ok: false, error: { kind: 'unavailable' } });
  });

  it('logs length and duration, never the text', async () => {
    const lines: string[] = [];
    const logger: Logger = { ...silentLogger, info: (event, fields) => lines.push(JSON.stringify({ event, ...fields })) };
    const memory = createMemoryVoice();
    const result = await withVoiceLog(memory, logger).render('张三您好');
    expect(result.ok).toBe(true);
    expect(memory.rendered).toEqual(['张三您好']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"chars":4');
    expect(lines[0]).not.toContain('张三');
  });

  it.skipIf(!existsSync('/usr/bin/espeak-ng'))('renders a WAV with espeak-ng and serves repeats from memory', async () => {
    const voice = createEspeakVoice({ binary: '/usr/bin/espeak-ng' });
    const first = await voice.render('请拨打12348法律援助热线。');
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.mime).toBe('audio/wav');
    expect(String.fromCharCode(...first.value.bytes.subarray(0, 4))).toBe('RIFF');
    const again = await voice.render('请拨打12348法律援助热线。');
    expect(again.ok && again.value).toBe(first.value);
  });
});

function createWav(dataBytes: number): Uint8Array {
  const wav = new Uint8Array(44 + dataBytes);
  const put = (at: number, tag: string) => wav.set(new TextEncoder().encode(tag), at);
  put(0, 'RIFF');
  put(8, 'WAVE');
  put(12, 'fmt ');
  put(36, 'data');
  new DataView(wav.buffer).setUint32(40, 0x7ffff000, true);
  return wav;
}

describe('English speech text', () => {
  it('reads hotlines digit by digit and a Chinese name as pinyin the English voice can say', () => {
    expect(toEnglishSpeech('Call the 12348 hotline.')).toBe('Call the 1 2 3 4 8 hotline.');
    expect(toEnglishSpeech('Hello, 张三')).toBe('Hello, zhang san');
    expect(toEnglishSpeech('Step 3 of 12')).toBe('Step 3 of 12');
  });
});
