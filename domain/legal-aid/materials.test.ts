import { describe, expect, it } from 'vitest';
import { missingMaterials, requiredMaterials, type MaterialsQuery } from './materials.ts';
import { guangdongPack, nationalPack } from './testing/packs.ts';

const national = nationalPack();
const ids = (q: MaterialsQuery, pack = national) => requiredMaterials(pack, q).map((m) => m.id);

describe('requiredMaterials', () => {
  it.each<[string, MaterialsQuery, string[]]>([
    ['migrant worker wage claim: labour evidence and the migrant proof, required first', { matterId: 'labour_pay', branch: 'waived', statusId: 'migrant_worker' }, ['labour_evidence', 'proof_migrant_worker', 'case_documents']],
    ['wage claim by statement: no certificates asked (告知承诺制)', { matterId: 'labour_pay', branch: 'statement', statusId: null }, ['labour_evidence', 'case_documents']],
    ['traffic accident: medical records and the police report', { matterId: 'traffic_accident', branch: 'statement', statusId: null }, ['injury_records', 'accident_report', 'case_documents']],
    ['work injury: the injury decision is optional', { matterId: 'work_injury', branch: 'statement', statusId: null }, ['injury_records', 'case_documents', 'work_injury_decision']],
    ['acquittal compensation: the acquittal judgment', { matterId: 'state_compensation', branch: 'no_test', statusId: null, circumstanceId: 'retrial_acquittal' }, ['compensation_basis', 'proof_acquittal', 'case_documents']],
    ['domestic violence: its evidence is optional', { matterId: 'maintenance', branch: 'no_test', statusId: null, circumstanceId: 'abuse_victim' }, ['family_relation', 'case_documents', 'proof_abuse']],
    ['a status chosen but the branch is statement: no proof asked', { matterId: 'labour_pay', branch: 'statement', statusId: 'migrant_worker' }, ['labour_evidence', 'case_documents']],
    ['the catch-all matter: only the general documents', { matterId: 'other', branch: 'statement', statusId: null }, ['case_documents']],
  ])('%s', (_name, query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('applying for someone else adds the proof of relationship, required (第四十条)', () => {
    const list = requiredMaterials(national, { matterId: 'maintenance', branch: 'statement', statusId: null, onBehalf: true });
    expect(list[0]).toMatchObject({ id: 'agent_authority', required: true });
    expect(ids({ matterId: 'maintenance', branch: 'statement', statusId: null })).not.toContain('agent_authority');
  });

  it('a proof of another status never appears', () => {
    const list = ids({ matterId: 'labour_pay', branch: 'waived', statusId: 'assistance_recipient' });
    expect(list).toContain('proof_assistance');
    expect(list).not.toContain('proof_migrant_worker');
    expect(list).not.toContain('proof_no_fixed_income');
  });

  it('Guangdong’s extra matter uses the materials it extended', () => {
    expect(ids({ matterId: 'labour_compensation', branch: 'statement', statusId: null }, guangdongPack())).toEqual(['labour_evidence', 'case_documents']);
  });

  it('every material has a plain-language hint', () => {
    for (const m of national.materials) expect(m.hint.length, m.id).toBeGreaterThan(8);
  });
});

describe('missingMaterials (一次性告知)', () => {
  const required = requiredMaterials(national, { matterId: 'labour_pay', branch: 'waived', statusId: 'migrant_worker' });

  it('lists every required material not captured, all at once', () => {
    expect(missingMaterials(required, []).map((m) => m.id)).toEqual(['labour_evidence', 'proof_migrant_worker']);
  });

  it('a material with zero pages is still missing', () => {
    expect(missingMaterials(required, [{ materialId: 'labour_evidence', pages: 0 }]).map((m) => m.id)).toEqual(['labour_evidence', 'proof_migrant_worker']);
  });

  it('nothing missing once every required material has a page; optional ones never count', () => {
    const captured = [
      { materialId: 'labour_evidence', pages: 3 },
      { materialId: 'proof_migrant_worker', pages: 1 },
    ];
    expect(missingMaterials(required, captured)).toEqual([]);
  });

  it('pages of a material not asked for do not stand in for a missing one', () => {
    expect(missingMaterials(required, [{ materialId: 'accident_report', pages: 2 }, { materialId: 'labour_evidence', pages: 1 }]).map((m) => m.id)).toEqual(['proof_migrant_worker']);
  });
});
