import { describe, expect, it } from 'vitest';
import { sampleRecord, statementClaim } from '../../../../domain/legal-aid/testing/answers.ts';
import { materialChecklist, materialLabel, matterLabel, packForRecord } from './packs.ts';

describe('rule-pack words in the console', () => {
  it('picks the pack the centre would: the recorded version, else the centre’s province', () => {
    expect(packForRecord({ configVersion: 'cn-national@2026.1', centreCode: '440106' }).province).toBeNull();
    expect(packForRecord({ configVersion: 'unknown-1', centreCode: '440106' }).province).toBe('44');
    expect(packForRecord({ configVersion: 'unknown-1', centreCode: '110101' }).province).toBeNull();
  });

  it('names matters and materials with the pack’s own words, and unknown ids as themselves', () => {
    expect(matterLabel('labour_pay')).toContain('劳动报酬');
    expect(materialLabel('no_such_material')).toBe('no_such_material');
  });

  it('offers every material the matter and branch need for the one-time request, plus any the record says is missing', () => {
    const record = sampleRecord({ missingMaterialIds: ['proof_migrant_worker', 'retired_material'] });
    const ids = materialChecklist(record, packForRecord(record)).map((m) => m.id);
    expect(ids).toContain('labour_evidence');
    expect(ids).toContain('proof_migrant_worker');
    expect(ids).toContain('retired_material');
    // The statement branch never asks for the migrant-worker proof (第四十一条 replaces it with the pledge).
    const statement = sampleRecord({ answers: statementClaim() });
    expect(materialChecklist(statement, packForRecord(statement)).map((m) => m.id)).not.toContain('proof_migrant_worker');
  });
});
