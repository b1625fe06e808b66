import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubmitApplicationInput } from './kiosk-store.ts';

/** Shared by the store's unit tests, integration tests and benchmark: a temp dir and sample input. */
export const makeStoreDir = (prefix = 'kiosk-store-') => {
  const root = mkdtempSync(join(tmpdir(), prefix));
  return { root, dbFile: join(root, 'kiosk.db'), attachmentsDir: join(root, 'attachments') };
};

/** The personal data a real application carries; tests look for these bytes on disk. */
export const samplePerson = {
  name: '张三',
  idNumber: '110105199001011234',
  address: '北京市朝阳区建国路88号',
  phone: '13800138000',
};

export const sampleInput = (
  overrides: Partial<SubmitApplicationInput> & { attachmentBytes?: Uint8Array[] } = {},
): SubmitApplicationInput => {
  const { attachmentBytes, ...rest } = overrides;
  const photos = attachmentBytes ?? [randomBytes(2000), randomBytes(1500)];
  return {
    applicationId: randomUUID(),
    buildPayload: (issued) => ({ ...issued, applicant: samplePerson, facts: `${samplePerson.name}的工资被拖欠` }),
    summary: { matterId: 'wage_arrears', centreCode: 'BJ-CY', configVersion: '2026.1', decisionDueBy: '2026-12-01', urgentDeadline: null },
    attachments: photos.map((bytes, i) =>
      i === photos.length - 1
        ? { kind: 'signature' as const, materialId: null, page: 0, mime: 'image/png' as const, bytes }
        : { kind: 'material' as const, materialId: 'id_card', page: i + 1, mime: 'image/jpeg' as const, bytes },
    ),
    ...rest,
  };
};
