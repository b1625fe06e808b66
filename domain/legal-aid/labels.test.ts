import { describe, expect, it } from 'vitest';
import {
  CARD_TYPES,
  EDUCATION_LEVELS,
  HEALTH_STATES,
  LEGAL_STATUSES,
  ON_BEHALF_RELATIONSHIPS,
  SIGNATURE_METHODS,
  STAGES,
  URGENT_REASONS,
  VERIFICATION_METHODS,
} from './application.ts';
import { legalAidLabelsEn } from './labels/en.ts';
import { legalAidLabelsZhCN } from './labels/zh-CN.ts';
import { AID_FORMS, BRANCHES } from './rule-pack.ts';

const enums: Record<string, readonly string[]> = {
  relationship: ON_BEHALF_RELATIONSHIPS,
  education: EDUCATION_LEVELS,
  health: HEALTH_STATES,
  legalStatus: LEGAL_STATUSES,
  stage: STAGES,
  urgentReason: URGENT_REASONS,
  signature: SIGNATURE_METHODS,
  verification: VERIFICATION_METHODS,
  cardType: CARD_TYPES,
  aidForm: AID_FORMS,
  branch: BRANCHES,
  sex: ['male', 'female'],
  opposingKind: ['person', 'organisation'],
};

describe('label tables', () => {
  it.each(Object.entries(enums))('zh-CN has words for every %s value', (group, values) => {
    for (const v of values) expect(legalAidLabelsZhCN[`legalAid.${group}.${v}`], `${group}.${v}`).toMatch(/[\u4e00-\u9fff]/);
  });

  it('English has exactly the same keys as zh-CN', () => {
    expect(Object.keys(legalAidLabelsEn).sort()).toEqual(Object.keys(legalAidLabelsZhCN).sort());
  });

  it('placeholders match between the two languages', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, zh] of Object.entries(legalAidLabelsZhCN)) expect(holes(legalAidLabelsEn[key] ?? ''), key).toEqual(holes(zh));
  });
});
