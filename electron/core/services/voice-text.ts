/**
 * Chinese text -> what espeak-ng's `cmn-latn-pinyin` voice reads correctly: pinyin syllables with
 * tone numbers, separated by spaces, with ASCII punctuation as pauses. Debian's `cmn` voice reads
 * Chinese characters badly, and the pinyin voice reads digits in English, so numbers become Chinese
 * words first (subsystems.md, "Voice").
 */
import { pinyin } from 'pinyin-pro';

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
/** Digit-by-digit readings bypass pinyin-pro so tone sandhi (一 -> yi2/yi4) never applies to them. */
const DIGIT_PINYIN = ['ling2', 'yi1', 'er4', 'san1', 'si4', 'wu3', 'liu4', 'qi1', 'ba1', 'jiu3'] as const;

/** Measure words after which a long number is still a quantity (50000元), not a code to spell. */
const QUANTITY_UNITS = /^[元块角分万亿个人位天年月日岁次件条张米斤克里%]/;

/**
 * 0..9999 as Chinese words. `inner`: a group after 万/亿, which reads a gap as 零 (一万零五) and keeps
 * the 一 of 一十 (一万零一十五); at the start of a number 15 is 十五.
 */
const underTenThousand = (n: number, inner: boolean): string => {
  const units = ['千', '百', '十', ''];
  let out = '';
  let gap = false;
  let started = false;
  String(n)
    .padStart(4, '0')
    .split('')
    .map(Number)
    .forEach((d, i) => {
      if (d === 0) {
        if (started) gap = true;
        return;
      }
      if (gap || (!started && inner && i > 0)) out += '零';
      gap = false;
      out += d === 1 && i === 2 && !started && !inner ? '十' : `${DIGITS[d]}${units[i]}`;
      started = true;
    });
  return out;
};

/** A non-negative integer (up to 16 digits) as Chinese words: 123 -> 一百二十三, 10005 -> 一万零五. */
export const integerToChinese = (digits: string): string => {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  if (/^0*$/.test(trimmed)) return '零';
  const groups: number[] = [];
  for (let end = trimmed.length; end > 0; end -= 4) groups.unshift(Number(trimmed.slice(Math.max(0, end - 4), end)));
  const bigUnits = ['', '万', '亿', '万亿'];
  let out = '';
  let zeroGap = false;
  groups.forEach((group, i) => {
    const unit = bigUnits[groups.length - 1 - i]!;
    if (group === 0) {
      zeroGap = out !== '';
      return;
    }
    const inner = out !== '';
    if (zeroGap && group >= 1000) out += '零';
    zeroGap = false;
    out += underTenThousand(group, inner) + unit;
  });
  return out;
};

/** A decimal quantity: 123.45 -> 一百二十三点四五 (the fraction is read digit by digit). */
export const decimalToChinese = (text: string): string => {
  const [whole = '0', fraction] = text.split('.');
  const head = integerToChinese(whole);
  return fraction ? `${head}点${fraction.split('').map((d) => DIGITS[Number(d)]).join('')}` : head;
};

/** Digits read one by one (phone numbers, 12348, ID numbers, years) as pinyin syllables. */
export const digitsToPinyin = (digits: string): string => digits.split('').map((d) => DIGIT_PINYIN[Number(d)]).join(' ');

/**
 * Whether a digit run is read digit by digit: hotlines and codes (12348), numbers with a leading
 * zero, and years (2024年). Long runs followed by a measure word stay quantities (50000元).
 */
const readAsDigits = (digits: string, following: string): boolean => {
  if (digits.length > 1 && digits.startsWith('0')) return true;
  if (digits.length === 4 && following.startsWith('年')) return true;
  return digits.length >= 5 && !QUANTITY_UNITS.test(following);
};

/** Chinese punctuation -> ASCII, so espeak pauses (a comma briefly, a full stop longer). */
const PAUSES: Readonly<Record<string, string>> = {
  '，': ',', '、': ',', '；': ',', '：': ',', ',': ',', ';': ',', ':': ',',
  '。': '.', '！': '!', '？': '?', '.': '.', '!': '!', '?': '?', '…': '.',
};

const chineseToPinyin = (text: string): string[] => {
  const out: string[] = [];
  for (const token of pinyin(text, { toneType: 'num', type: 'array', nonZh: 'consecutive', v: true })) {
    for (const part of token.split(/(\s+)/)) {
      if (part.trim() === '') continue;
      const pause = PAUSES[part];
      if (pause) {
        out.push(pause);
      } else if (/^[a-z]+[0-5]$/.test(part)) {
        // pinyin-pro writes the neutral tone as 0 (espeak's pinyin voice expects 5) and ü as v.
        out.push(part.replace(/0$/, '5'));
      } else {
        // Latin letters and the like: keep only what the voice can say; drop symbols (quotes,
        // brackets, 《》) that would otherwise be spelled out.
        const kept = [...part].map((ch) => PAUSES[ch] ?? (/[a-zA-Z]/.test(ch) ? ch.toLowerCase() : ' ')).join('').trim();
        if (kept) out.push(kept);
      }
    }
  }
  return out;
};

/**
 * The whole pipeline: numbers to Chinese words (or digit readings), Chinese to pinyin with tone
 * numbers, punctuation to pauses. Returns one line of ASCII for espeak-ng's stdin.
 */
export const toSpeechPinyin = (text: string): string => {
  const parts: string[] = [];
  let pendingChinese = '';
  const flush = () => {
    if (pendingChinese) parts.push(...chineseToPinyin(pendingChinese));
    pendingChinese = '';
  };
  const numberPattern = /(\d+(?:\.\d+)?)(%|％)?/g;
  let last = 0;
  for (let match = numberPattern.exec(text); match; match = numberPattern.exec(text)) {
    pendingChinese += text.slice(last, match.index);
    last = match.index + match[0].length;
    const [, number = '', percent] = match;
    const following = text.slice(last);
    if (!number.includes('.') && !percent && readAsDigits(number, following)) {
      flush();
      parts.push(digitsToPinyin(number));
    } else {
      // Quantities go through pinyin-pro with their context, so 一 gets its tone sandhi (一百 yi4).
      pendingChinese += percent ? `百分之${decimalToChinese(number)}` : decimalToChinese(number);
    }
  }
  pendingChinese += text.slice(last);
  flush();
  // Pauses attach to the previous syllable; collapse repeats so "。。" is one pause.
  return parts
    .join(' ')
    .replace(/\s+([,.!?])/g, '$1')
    .replace(/([,.!?])[,.!?]+/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
};

/**
 * A line for espeak-ng's English voice: Chinese characters (a name or a place inside an English
 * sentence) become toneless pinyin the English voice can at least pronounce, instead of being
 * spelled out as "Chinese letter"; everything else is English text espeak reads itself.
 */
export const toEnglishSpeech = (text: string): string =>
  text
    // Hotlines, numbers and codes (12348, LA20261123-0001) are read digit by digit, as in Chinese.
    .replace(/\d{5,}/g, (digits) => ` ${digits.split('').join(' ')} `)
    .replace(/\p{Script=Han}+/gu, (han) => ` ${pinyin(han, { toneType: 'none', type: 'array' }).join(' ')} `)
    .replace(/\s+/g, ' ')
    .trim();
