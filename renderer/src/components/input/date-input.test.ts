/** Date entry: impossible dates cannot be typed, limits are explained, the form gets YYYY-MM-DD. */
import { afterEach, describe, expect, it } from 'vitest';
import { checkDate, pressDateKey } from './date-rules';
import DateInput from './DateInput.vue';
import { mountInput } from './mount-input.test-helper';

afterEach(() => {
  document.body.innerHTML = '';
});

const typeAll = (keys: string) => [...keys].reduce(pressDateKey, '');

describe('date rules', () => {
  it('no 2月30日, no 4月31日, no 13th month; 29 February only in a leap year', () => {
    expect(typeAll('20250230')).toBe('2025023');
    expect(typeAll('20250431')).toBe('2025043');
    expect(typeAll('20251')).toBe('20251');
    expect(typeAll('202513')).toBe('20251');
    expect(typeAll('20240229')).toBe('20240229');
    expect(typeAll('20250229')).toBe('2025022');
    expect(typeAll('3')).toBe('');
  });

  it('a month or day that can only have one digit gets its leading zero', () => {
    expect(typeAll('19503')).toBe('195003');
    expect(typeAll('1950037')).toBe('19500307');
  });

  it('complete dates within min/max become YYYY-MM-DD', () => {
    expect(checkDate('19500307')).toEqual({ value: '1950-03-07', problem: null });
    expect(checkDate('1950030')).toEqual({ value: null, problem: null });
    expect(checkDate('19000101', '1900-01-02').problem).toBe('beforeMin');
    expect(checkDate('20990101', null, '2025-06-01').problem).toBe('afterMax');
  });
});

describe('DateInput', () => {
  it('fills in 年 月 日 as digits are tapped and hands on the date when complete', async () => {
    const values: string[] = [];
    const m = mountInput(DateInput, { props: { modelValue: '', 'onUpdate:modelValue': (v: string) => values.push(v) } });
    for (const d of '19503') await m.tap(`date-key-${d}`);
    expect(m.get('date-display').textContent?.replace(/\s/g, '')).toBe('1950年03月__日');
    expect(values).toEqual([]);
    for (const d of '07') await m.tap(`date-key-${d}`);
    expect(m.get('date-display').getAttribute('aria-label')).toBe('1950年3月7日');
    expect(values.at(-1)).toBe('1950-03-07');
    await m.tap('date-backspace');
    expect(values.at(-1)).toBe('');
    expect(m.get('date-day').textContent).toBe('0_');
  });

  it('explains a date after the maximum and hands nothing on', async () => {
    const values: string[] = [];
    const m = mountInput(DateInput, { props: { modelValue: '', max: '2025-06-01', 'onUpdate:modelValue': (v: string) => values.push(v) } });
    for (const d of '20250701') await m.tap(`date-key-${d}`);
    expect(m.get('date-error').textContent).toContain('日期不能晚于 2025-06-01');
    expect(values).toEqual([]);
    await m.tap('date-clear');
    expect(m.get('date-year').textContent).toBe('____');
  });

  it('shows an existing answer', () => {
    const m = mountInput(DateInput, { props: { modelValue: '2024-02-29' } });
    expect(m.get('date-display').getAttribute('aria-label')).toBe('2024年2月29日');
  });
});
