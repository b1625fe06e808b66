import { describe, expect, it } from 'vitest';
import type { ApplicationRecord } from '../../../domain/legal-aid/application.ts';
import { applicant, sampleRecord, statementClaim, wageClaim } from '../../../domain/legal-aid/testing/answers.ts';
import { guangdongPack } from '../../../domain/legal-aid/testing/packs.ts';
import type { ReceiptScreen } from '../api/contract.ts';
import { formViews, localDateTime, maskName, receiptView } from './application-printing.ts';

const pack = guangdongPack();
const record = (answers = wageClaim()): ApplicationRecord =>
  sampleRecord({ configVersion: pack.version, answers, missingMaterialIds: ['proof_migrant_worker'] });
const receipt: ReceiptScreen = {
  localNumber: 'LA20261123-0007',
  shortCode: 'ZEQWW3',
  statusUrl: 'http://127.0.0.1:8740/s/LA20261123-0007?c=ZEQWW3',
  qrSvg: '<svg/>',
  submittedAt: '2026-11-23T23:30:05+08:00',
  matterLabel: '请求确认劳动关系或者支付劳动报酬',
  decisionDueBy: '2026-11-30',
  urgentDeadline: null,
  missingMaterials: ['进城务工的证明'],
  centre: { name: '广州市天河区法律援助处', phone: '020-12348', address: '天河区' },
};

describe('what is printed', () => {
  it('the receipt names the person only masked, and the time as the kiosk wrote it', () => {
    const view = receiptView(record(), receipt, '演示服务站');
    expect(view.applicantLabel).toBe('李*');
    expect(view.submittedAt).toBe('2026年11月23日 23:30');
    expect(view.decisionDueBy).toBe('2026年11月30日前');
    expect(JSON.stringify(view)).not.toContain(applicant.idNumber);
    expect(view.missingMaterials).toEqual(['进城务工的证明']);
    expect(view.acceptanceNumber).toBeNull();
    expect(receiptView(record(), receipt, '演示服务站', '440106-2026-000042').acceptanceNumber).toBe('440106-2026-000042');
  });

  it('the form carries the full ID number; the pledge only on the statement branch; the signature image only when signed on screen', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const waived = formViews(record(), pack, png);
    expect(waived).toHaveLength(1);
    expect(JSON.stringify(waived[0])).toContain(applicant.idNumber);
    expect(waived[0]!.signature?.imagePngBase64).toBe(Buffer.from(png).toString('base64'));

    const statement = formViews(record(statementClaim({ signature: { method: 'paper' } })), pack, png);
    expect(statement.map((v) => v.title)).toEqual(['法律援助申请表', '法律援助经济困难状况告知承诺书']);
    expect(statement[1]!.paragraphs?.join('')).toContain('三千元');
    expect(statement.every((v) => v.signature?.imagePngBase64 === null)).toBe(true);
  });

  it('masks names of any length', () => {
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('王')).toBe('王');
    expect(localDateTime('not a date')).toBe('not a date');
  });
});
