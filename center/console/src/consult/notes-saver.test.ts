import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotesSaver, RETRY_MS, type SaveState } from './notes-saver.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const setup = (save: (notes: string, version: number | undefined) => Promise<{ version?: number } | void>) => {
  const states: SaveState[] = [];
  const saver = new NotesSaver({ save, onState: (s) => states.push(s), delayMs: 1000, isConflict: (e) => e === 'conflict' });
  return { saver, states };
};

describe('notes autosave', () => {
  it('saves once after typing pauses, with the version the centre gave back', async () => {
    const calls: [string, number | undefined][] = [];
    let version = 0;
    const { saver, states } = setup(async (notes, v) => {
      calls.push([notes, v]);
      version += 1;
      return { version };
    });
    saver.changed('工');
    saver.changed('工资');
    saver.changed('工资拖欠三个月');
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual([['工资拖欠三个月', undefined]]);
    saver.changed('工资拖欠三个月，有考勤记录');
    await saver.flush();
    expect(calls[1]).toEqual(['工资拖欠三个月，有考勤记录', 1]);
    expect(states[states.length - 1]).toBe('saved');
  });

  it('keeps the text after a failed save and tries again by itself', async () => {
    let fail = true;
    const saved: string[] = [];
    const { saver, states } = setup(async (notes) => {
      if (fail) throw new Error('network');
      saved.push(notes);
    });
    saver.changed('要点');
    await vi.advanceTimersByTimeAsync(1000);
    expect(states[states.length - 1]).toBe('failed');
    fail = false;
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(saved).toEqual(['要点']);
    expect(states[states.length - 1]).toBe('saved');
  });

  it('stops on a version conflict and says so instead of overwriting', async () => {
    let calls = 0;
    const { saver, states } = setup(async () => {
      calls += 1;
      throw 'conflict';
    });
    saver.changed('要点');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(RETRY_MS * 3);
    expect(calls).toBe(1);
    expect(states[states.length - 1]).toBe('conflict');
  });

  it('never runs two saves at once, and the newest text is saved last', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const { saver } = setup(
      (notes) =>
        new Promise<void>((resolve) => {
          order.push(`start:${notes}`);
          release = () => {
            order.push(`end:${notes}`);
            resolve();
          };
        }),
    );
    saver.changed('一');
    await vi.advanceTimersByTimeAsync(1000);
    saver.changed('一二');
    const done = saver.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['start:一']);
    release();
    await vi.advanceTimersByTimeAsync(0);
    release();
    await done;
    expect(order).toEqual(['start:一', 'end:一', 'start:一二', 'end:一二']);
  });
});
