import { describe, expect, it } from 'vitest';
import { silentLogger } from './logger.ts';
import { TechnicianAccess } from './technician.ts';

const setup = () => {
  let now = 0;
  const access = new TechnicianAccess({
    pin: '246810',
    clock: { now: () => now, today: () => '2026-11-23' },
    logger: silentLogger,
    maxAttempts: 3,
    lockoutMs: 60_000,
    tokenIdleMs: 10_000,
  });
  return { access, advance: (ms: number) => (now += ms) };
};

describe('TechnicianAccess', () => {
  it('issues a token for the right PIN only', () => {
    const { access } = setup();
    expect(access.unlock('000000')).toEqual({ ok: false, error: 'wrong_pin' });
    const unlocked = access.unlock('246810');
    expect(unlocked.ok).toBe(true);
    if (unlocked.ok) expect(access.check(unlocked.value)).toBe(true);
    expect(access.check('f'.repeat(48))).toBe(false);
  });

  it('locks out after repeated wrong PINs, even for the right one, until the lockout passes', () => {
    const { access, advance } = setup();
    access.unlock('1');
    access.unlock('2');
    expect(access.unlock('3')).toEqual({ ok: false, error: 'locked_out' });
    expect(access.unlock('246810')).toEqual({ ok: false, error: 'locked_out' });
    advance(60_001);
    expect(access.unlock('246810').ok).toBe(true);
  });

  it('tokens expire when unused and die on lock', () => {
    const { access, advance } = setup();
    const a = access.unlock('246810');
    const b = access.unlock('246810');
    if (!a.ok || !b.ok) throw new Error('unlock failed');
    advance(9_000);
    expect(access.check(a.value)).toBe(true);
    advance(9_000);
    expect(access.check(a.value)).toBe(true);
    expect(access.check(b.value)).toBe(false);
    access.lock(a.value);
    expect(access.check(a.value)).toBe(false);
  });
});
