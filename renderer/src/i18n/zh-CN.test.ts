import { describe, expect, it } from 'vitest';
import { CardRefusalCodeSchema, ReaderErrorCodeSchema, SimFaultSchema } from '../bridge/contract';
import zhCN from './zh-CN';

describe('zh-CN messages', () => {
  // A new code in the contract must come with words for the citizen, or this fails.
  it.each(CardRefusalCodeSchema.options)('card refusal %s has what happened and what to do', (code) => {
    const entry = (zhCN.cardErrors.refused as Record<string, { what: string; next: string } | undefined>)[code];
    expect(entry?.what).toMatch(/\p{Script=Han}/u);
    expect(entry?.next).toMatch(/\p{Script=Han}/u);
  });

  it.each(ReaderErrorCodeSchema.options)('reader error %s has what happened and what to do', (code) => {
    const entry = (zhCN.cardErrors.reader as Record<string, { what: string; next: string } | undefined>)[code];
    expect(entry?.what).toMatch(/\p{Script=Han}/u);
    expect(entry?.next).toMatch(/\p{Script=Han}/u);
  });

  it.each(SimFaultSchema.options)('simulator fault %s has a label', (fault) => {
    expect((zhCN.dev.faults as Record<string, string | undefined>)[fault]).toBeTruthy();
  });

  it('contains no characters vue-i18n would treat as syntax', () => {
    const walk = (value: unknown): string[] =>
      typeof value === 'string' ? [value] : Object.values(value as Record<string, unknown>).flatMap(walk);
    for (const text of walk(zhCN)) expect(text.replace(/\{[a-zA-Z]+\}/g, '')).not.toMatch(/[@|{}]/);
  });
});
