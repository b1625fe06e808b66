import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

/** Every leaf key path of a table: `apply.who.title`, `apply.intro.points.0`, ... */
const leaves = (value: unknown, prefix = ''): string[] =>
  typeof value === 'string'
    ? [prefix]
    : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));

const zhKeys = new Set(leaves(zhCN));
const enKeys = new Set(leaves(en));
const area = (key: string) => key.split('.')[0]!;
/** Areas other helpers own and translate; the rest of the citizen flow is complete here. */
const OTHERS = new Set(['consult', 'education', 'documents', 'fees']);

describe('the English table', () => {
  it('has every zh-CN key of the kiosk screens, the interview, the keyboards, status and provisioning', () => {
    const missing = [...zhKeys].filter((k) => !enKeys.has(k) && !OTHERS.has(area(k)));
    expect(missing).toEqual([]);
  });

  it('has no key that zh-CN lacks (a typo would silently fall back to Chinese)', () => {
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  it('has every key of the other areas too (their owners keep them complete)', () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k) && OTHERS.has(area(k)))).toEqual([]);
  });

  it('shows no Chinese characters in the areas it completes, except the way back to Chinese', () => {
    const han = [...enKeys]
      .filter((k) => !OTHERS.has(area(k)) && k !== 'access.otherLanguage')
      .filter((k) => /\p{Script=Han}/u.test(k.split('.').reduce<unknown>((v, part) => (v as Record<string, unknown>)[part], en) as string));
    expect(han).toEqual([]);
  });

  it('keeps the same interpolation names as zh-CN, so no value goes missing on screen', () => {
    const at = (table: unknown, key: string) => key.split('.').reduce<unknown>((v, part) => (v as Record<string, unknown>)[part], table) as string;
    const names = (text: string) => [...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((m) => m[1]).sort();
    const differ = [...enKeys].filter((k) => zhKeys.has(k) && names(at(en, k)).join() !== names(at(zhCN, k)).join());
    expect(differ).toEqual([]);
  });
});
