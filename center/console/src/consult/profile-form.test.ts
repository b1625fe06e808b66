import { describe, expect, it } from 'vitest';
import { bodyOf, formFor, regionList } from './profile-form.ts';

const lawyer = {
  accountId: '11111111-1111-4111-8111-111111111111',
  username: 'lawyer.zhao',
  accountDisplayName: '赵律师',
  disabled: false,
  profile: null,
};

describe('the lawyer profile form', () => {
  it('reads region codes however they were separated, once each', () => {
    expect(regionList('440106, 440103，440104、440106\n440105')).toEqual(['440106', '440103', '440104', '440105']);
    expect(regionList('   ')).toEqual([]);
  });

  it('starts from the account name and Mandarin for a lawyer without a profile', () => {
    expect(formFor(lawyer)).toEqual({ displayName: '赵律师', organisation: '', regions: '', matterCategories: [], languages: ['zh'] });
  });

  it('accepts a complete profile and refuses one without regions or matters, or with a bad code', () => {
    const ok = bodyOf({ displayName: ' 赵律师 ', organisation: '广州某律师事务所', regions: '440106 440103', matterCategories: ['labour'], languages: ['zh'] });
    expect(ok.success && ok.data).toEqual({ displayName: '赵律师', organisation: '广州某律师事务所', regionCodes: ['440106', '440103'], matterCategories: ['labour'], languages: ['zh'] });
    expect(bodyOf({ displayName: '赵', organisation: '', regions: '', matterCategories: ['labour'], languages: ['zh'] }).success).toBe(false);
    expect(bodyOf({ displayName: '赵', organisation: '', regions: '440106', matterCategories: [], languages: ['zh'] }).success).toBe(false);
    expect(bodyOf({ displayName: '赵', organisation: '', regions: '4401<script>', matterCategories: ['labour'], languages: ['zh'] }).success).toBe(false);
    expect(bodyOf({ displayName: '长'.repeat(61), organisation: '', regions: '440106', matterCategories: ['labour'], languages: ['zh'] }).success).toBe(false);
    const eleven = Array.from({ length: 11 }, (_, i) => String(440101 + i)).join(' ');
    expect(bodyOf({ displayName: '赵', organisation: '', regions: eleven, matterCategories: ['labour'], languages: ['zh'] }).success).toBe(false);
  });
});
