/** The digit pad: what a person can type, how it reads back, and what the form receives. */
import { afterEach, describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { checkDigits, formatDigits, pressDigitKey } from './digit-rules';
import DigitPad from './DigitPad.vue';
import { flush, mountInput } from './mount-input.test-helper';

afterEach(() => {
  document.body.innerHTML = '';
});

const typeAll = (kind: 'phone' | 'money' | 'count', keys: string, maxLength?: number) => [...keys].reduce((raw, key) => pressDigitKey(kind, raw, key, maxLength), '');

describe('digit rules', () => {
  it('phone: 11 digits at most, valid only as 1 followed by 10 digits, shown 3-4-4', () => {
    expect(typeAll('phone', '138123456789')).toBe('13812345678');
    expect(typeAll('phone', '1.3')).toBe('13');
    expect(checkDigits('phone', '13812345678')).toEqual({ value: '13812345678', problem: null });
    expect(checkDigits('phone', '23812345678').problem).toBe('phoneInvalid');
    expect(checkDigits('phone', '1381234').problem).toBe('phoneInvalid');
    expect(formatDigits('phone', '13812345678')).toBe('138 1234 5678');
    expect(formatDigits('phone', '1381')).toBe('138 1');
  });

  it('money: one decimal point, two decimals, no leading zeros; handed on as a plain number', () => {
    expect(typeAll('money', '12.345')).toBe('12.34');
    expect(typeAll('money', '1..5')).toBe('1.5');
    expect(typeAll('money', '.5')).toBe('0.5');
    expect(typeAll('money', '007')).toBe('7');
    expect(checkDigits('money', '12.')).toEqual({ value: '12', problem: null });
    expect(checkDigits('money', '12.50')).toEqual({ value: '12.5', problem: null });
    expect(checkDigits('money', '50', 100, 5000).problem).toBe('belowMin');
    expect(checkDigits('money', '5000.01', 0, 5000).problem).toBe('aboveMax');
  });

  it('count: whole numbers within min/max and maxLength', () => {
    expect(typeAll('count', '1.2')).toBe('12');
    expect(typeAll('count', '1234567')).toBe('123456');
    expect(typeAll('count', '123', 2)).toBe('12');
    expect(checkDigits('count', '0', 1, 20).problem).toBe('belowMin');
    expect(checkDigits('count', '3', 1, 20)).toEqual({ value: '3', problem: null });
    expect(checkDigits('count', '')).toEqual({ value: null, problem: null });
  });
});

async function pad(props: Record<string, unknown>) {
  const raw = ref('');
  const valid: Array<string | null> = [];
  const m = mountInput(DigitPad, {
    props: {
      modelValue: '',
      'onUpdate:modelValue': async (v: string) => {
        raw.value = v;
        await m.setProps({ modelValue: v });
      },
      onValid: (v: string | null) => valid.push(v),
      ...props,
    },
  });
  await flush();
  const type = async (keys: string) => {
    for (const key of keys) await m.tap(key === '.' ? 'dp-key-point' : `dp-key-${key}`);
  };
  return { ...m, raw, valid, type };
}

describe('DigitPad', () => {
  it('a phone number: grouped on screen, the form gets it only when complete and valid', async () => {
    const p = await pad({ kind: 'phone' });
    await p.type('1381234');
    expect(p.get('dp-display').textContent).toContain('138 1234');
    expect(p.get('dp-hint').textContent).toContain('11 位');
    expect(p.valid.at(-1)).toBeNull();
    await p.type('56789');
    expect(p.get('dp-display').textContent).toContain('138 1234 5678');
    expect(p.valid.at(-1)).toBe('13812345678');
    expect(p.find('dp-key-point')).toBeNull();
  });

  it('a phone number not starting with 1 is refused with a reason', async () => {
    const p = await pad({ kind: 'phone' });
    await p.type('23812345678');
    expect(p.get('dp-error').textContent).toContain('1 开头的 11 位数字');
    expect(p.valid.at(-1)).toBeNull();
  });

  it('money with decimals, above the maximum says so; backspace and clear', async () => {
    const p = await pad({ kind: 'money', max: 5000 });
    await p.type('6000.5');
    expect(p.get('dp-display').textContent).toContain('6000.5元');
    expect(p.get('dp-error').textContent).toContain('不能大于 5000');
    await p.tap('dp-backspace');
    await p.tap('dp-backspace');
    await p.tap('dp-backspace');
    await p.tap('dp-backspace');
    await p.type('2.55');
    expect(p.raw.value).toBe('602.55');
    expect(p.valid.at(-1)).toBe('602.55');
    expect(p.find('dp-error')).toBeNull();
    await p.tap('dp-clear');
    expect(p.raw.value).toBe('');
    expect(p.valid.at(-1)).toBeNull();
  });

  it('a count below the minimum is not handed on', async () => {
    const p = await pad({ kind: 'count', min: 1, max: 20 });
    await p.type('0');
    expect(p.get('dp-error').textContent).toContain('不能小于 1');
    await p.type('3');
    expect(p.valid.at(-1)).toBe('3');
  });
});
