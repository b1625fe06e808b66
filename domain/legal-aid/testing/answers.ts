/** Test helper: a complete, valid application a migrant worker might make (第四十二条 branch). */
import type { ApplicationAnswers, ApplicationRecord, Party } from '../application.ts';

export const applicant: Party = {
  name: '李四',
  sex: 'male',
  birthDate: '1880-01-01',
  nation: '壮族',
  idNumber: '440524188001010014',
  address: '广西壮族自治区南宁市青秀区民族大道1号',
  cardType: 'resident',
};

export function wageClaim(overrides: Partial<ApplicationAnswers> = {}): ApplicationAnswers {
  return {
    onBehalf: null,
    matterId: 'labour_pay',
    branch: 'waived',
    circumstanceId: null,
    statusId: 'migrant_worker',
    phone: '13800138000',
    occupation: '建筑工人',
    education: 'junior_secondary',
    health: 'healthy',
    groups: ['migrant_worker'],
    legalStatus: 'applicant',
    aidForm: 'arbitration',
    stage: 'not_started',
    opposingParty: { kind: 'organisation', name: '某某建筑劳务有限公司' },
    facts: '在工地干了八个月，老板欠我工资三万二千元，一直不给。',
    placeCentreCode: '440106',
    household: null,
    urgent: null,
    priorApplication: false,
    pledge: null,
    signature: { method: 'touch' },
    materials: [
      { materialId: 'labour_evidence', pages: 3 },
      { materialId: 'proof_migrant_worker', pages: 1 },
    ],
    ...overrides,
  };
}

/** The same person applying by statement (第四十一条): household and pledge are required. */
export function statementClaim(overrides: Partial<ApplicationAnswers> = {}): ApplicationAnswers {
  return wageClaim({
    branch: 'statement',
    statusId: null,
    household: { members: 3, monthlyIncome: 4500, property: '老家一间平房' },
    pledge: { accepted: true, readAloud: true },
    materials: [{ materialId: 'labour_evidence', pages: 2 }],
    ...overrides,
  });
}

/** A whole record as the kiosk stores and uploads it: the wage claim above, numbers issued. */
export function sampleRecord(overrides: Partial<ApplicationRecord> = {}): ApplicationRecord {
  return {
    localNumber: 'LA20261123-0007',
    shortCode: 'ZEQWW3',
    submittedAt: '2026-11-23T23:30:05+08:00',
    configVersion: 'test-1',
    centreCode: '440106',
    applicant,
    agent: null,
    verification: { method: 'card_only' },
    answers: wageClaim(),
    decisionDueBy: '2026-11-30',
    missingMaterialIds: [],
    ...overrides,
  };
}
