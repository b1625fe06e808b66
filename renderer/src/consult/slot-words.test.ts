import { describe, expect, it } from 'vitest';
import { createKioskI18n } from '../i18n';
import { slotInWords } from './slot-words';

const i18n = createKioskI18n();
const t = (key: string, values?: Record<string, unknown>) => (values ? i18n.global.t(key, values) : i18n.global.t(key));
const at = (dayOffset: number, hour: number, minute: number) => new Date(2026, 10, 23 + dayOffset, hour, minute).toISOString();
const now = new Date(2026, 10, 23, 10, 5).getTime();

describe('callback slot in words', () => {
  it('says today, tomorrow or the date, with the part of the day and half hours', () => {
    expect(slotInWords(at(0, 15, 0), at(0, 15, 30), now, t)).toBe('今天下午3点到下午3点半');
    expect(slotInWords(at(1, 9, 30), at(1, 10, 0), now, t)).toBe('明天上午9点半到上午10点');
    expect(slotInWords(at(3, 12, 0), at(3, 12, 30), now, t)).toBe('11月26日中午12点到中午12点半');
    expect(slotInWords(at(0, 19, 15), at(0, 19, 45), now, t)).toBe('今天晚上7点15分到晚上7点45分');
  });

  it('gives nothing for a slot it cannot read, rather than a wrong time', () => {
    expect(slotInWords('not a time', at(0, 15, 0), now, t)).toBeNull();
    expect(slotInWords(at(0, 16, 0), at(0, 15, 0), now, t)).toBeNull();
  });
});
