import { describe, expect, it } from 'vitest';
import { localCompactDate, localTimestamp } from './local-time.ts';

describe('local time of the kiosk', () => {
  it('is Beijing time whatever the host zone: 16:00 UTC is already the next day', () => {
    expect(localCompactDate(Date.UTC(2026, 10, 23, 15, 59, 59), 'Asia/Shanghai')).toBe('20261123');
    expect(localCompactDate(Date.UTC(2026, 10, 23, 16, 0, 0), 'Asia/Shanghai')).toBe('20261124');
  });

  it('prints ISO 8601 with the zone offset', () => {
    expect(localTimestamp(Date.UTC(2026, 10, 23, 6, 5, 7, 999), 'Asia/Shanghai')).toBe('2026-11-23T14:05:07+08:00');
    expect(localTimestamp(Date.UTC(2026, 0, 1, 0, 0, 0), 'UTC')).toBe('2026-01-01T00:00:00+00:00');
    expect(localTimestamp(Date.UTC(2026, 0, 1, 12, 0, 0), 'America/New_York')).toBe('2026-01-01T07:00:00-05:00');
  });
});
