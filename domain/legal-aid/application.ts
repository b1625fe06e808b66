/**
 * What a legal-aid application records (legal-aid-rules.md, "What an application records").
 *
 * The kiosk collects `ApplicationAnswers`; the applicant's and agent's identities are added by the
 * core from the card read (never typed), and the core turns both into an `ApplicationRecord` at
 * submission. Both schemas are strict: an unknown key is a bug, not data to carry along.
 */
import { z } from 'zod';
import { isValidIdNumber } from '../idcard/id-number.ts';
import { isIsoDate } from '../time/iso-date.ts';
import { AidFormSchema, BranchSchema, RegionCodeSchema } from './rule-pack.ts';

export const IsoDateSchema = z.string().refine(isIsoDate, 'a real date as YYYY-MM-DD');

/** 第四十条: who may apply for someone else. */
export const ON_BEHALF_RELATIONSHIPS = ['legal_representative', 'close_relative', 'other_by_law'] as const;

export const EDUCATION_LEVELS = [
  'none', // 未上学
  'primary', // 小学
  'junior_secondary', // 初中
  'senior_secondary', // 高中/中专
  'college', // 大专
  'bachelor', // 本科
  'postgraduate', // 研究生
] as const;

export const HEALTH_STATES = ['healthy', 'ill', 'seriously_ill', 'disabled'] as const;

/** 法律地位 on the form: civil, administrative/arbitration and criminal roles. */
export const LEGAL_STATUSES = [
  'plaintiff', // 原告
  'defendant', // 被告
  'third_party', // 第三人
  'applicant', // 申请人（仲裁、复议、国家赔偿等）
  'respondent', // 被申请人
  'criminal_suspect', // 犯罪嫌疑人
  'criminal_defendant', // 被告人
  'victim', // 被害人
  'private_prosecutor', // 自诉人
  'petitioner', // 申诉人/再审申请人
  'close_relative', // 近亲属
] as const;

export const STAGES = [
  'not_started', // 未进入程序
  'first_instance', // 一审
  'second_instance', // 二审
  'retrial', // 再审
  'arbitration', // 仲裁
  'reconsideration', // 复议
  'enforcement', // 执行
] as const;

/** 第四十四条: why the application is urgent. */
export const URGENT_REASONS = ['limitation', 'procedural_deadline', 'preservation'] as const;

export const SIGNATURE_METHODS = ['touch', 'paper'] as const;
export const VERIFICATION_METHODS = ['face', 'card_only', 'lawyer', 'counter'] as const;
export const CARD_TYPES = ['resident', 'hmt_residence', 'foreign_pr_2017', 'foreign_pr_2023'] as const;

/** Mainland mobile (11 digits, 1[3-9]…), landline with area code (0 + 9–11 digits) or a local number (7–8 digits). */
export function isPhoneNumber(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value) || /^0\d{9,11}$/.test(value) || /^[2-9]\d{6,7}$/.test(value);
}

const IdRefSchema = z.string().min(1).max(64);

export const ApplicationAnswersSchema = z
  .strictObject({
    onBehalf: z
      .strictObject({ relationship: z.enum(ON_BEHALF_RELATIONSHIPS), note: z.string().max(200) })
      .nullable(),
    matterId: IdRefSchema,
    branch: BranchSchema,
    circumstanceId: IdRefSchema.nullable(),
    statusId: IdRefSchema.nullable(),
    phone: z.string().refine(isPhoneNumber, 'a mainland mobile or landline number, digits only'),
    occupation: z.string().max(100),
    education: z.enum(EDUCATION_LEVELS),
    health: z.enum(HEALTH_STATES),
    /** 人群类别 ids from the pack's groups. */
    groups: z.array(IdRefSchema).max(30),
    legalStatus: z.enum(LEGAL_STATUSES),
    aidForm: AidFormSchema,
    stage: z.enum(STAGES),
    opposingParty: z.strictObject({ kind: z.enum(['person', 'organisation']), name: z.string().min(1).max(200) }).nullable(),
    /** Free text as typed; stored as is and escaped wherever it is printed or shown. */
    facts: z.string().min(1).max(10_000),
    /** Centre where the case or dispute is (第三十八条); null = 不清楚, the kiosk's default applies. */
    placeCentreCode: RegionCodeSchema.nullable(),
    household: z
      .strictObject({
        members: z.int().min(1).max(30),
        monthlyIncome: z.number().nonnegative().max(100_000_000).multipleOf(0.01),
        property: z.string().max(500),
      })
      .nullable(),
    urgent: z.strictObject({ deadline: IsoDateSchema, reason: z.enum(URGENT_REASONS) }).nullable(),
    priorApplication: z.boolean(),
    pledge: z.strictObject({ accepted: z.boolean(), readAloud: z.boolean() }).nullable(),
    signature: z.strictObject({ method: z.enum(SIGNATURE_METHODS) }),
    materials: z.array(z.strictObject({ materialId: IdRefSchema, pages: z.int().min(0).max(200) })).max(100),
  })
  .superRefine((a, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const statement = a.branch === 'statement';
    if (statement && a.household === null) issue('household', 'the statement branch needs the household situation');
    if (!statement && a.household !== null) issue('household', 'household is asked only in the statement branch');
    if (statement && a.pledge === null) issue('pledge', 'the statement branch needs the pledge');
    if (statement && a.pledge !== null && !a.pledge.accepted) issue('pledge', 'the pledge must be accepted to apply');
    if (!statement && a.pledge !== null) issue('pledge', 'the pledge belongs to the statement branch only');
    if ((a.branch === 'no_test') !== (a.circumstanceId !== null)) {
      issue('circumstanceId', 'a circumstance is given exactly when the branch is no_test');
    }
    if ((a.branch === 'waived') !== (a.statusId !== null)) {
      issue('statusId', 'a status is given exactly when the branch is waived');
    }
    const seen = new Set<string>();
    for (const m of a.materials) {
      if (seen.has(m.materialId)) issue('materials', `material "${m.materialId}" listed twice`);
      seen.add(m.materialId);
    }
  });
export type ApplicationAnswers = z.infer<typeof ApplicationAnswersSchema>;

/** A person as read from the ID card (the applicant or the agent). */
export const PartySchema = z.strictObject({
  name: z.string().min(1).max(100),
  sex: z.enum(['male', 'female']),
  birthDate: IsoDateSchema,
  nation: z.string().min(1).max(40).nullable(),
  idNumber: z.string().refine(isValidIdNumber, 'a valid ID number'),
  address: z.string().max(200).nullable(),
  cardType: z.enum(CARD_TYPES),
});
export type Party = z.infer<typeof PartySchema>;

export const ApplicationRecordSchema = z
  .strictObject({
    /** Issued by the kiosk at submission, before upload. */
    localNumber: z.string().min(1).max(40),
    /** Short code printed on the receipt for status look-ups. */
    shortCode: z.string().min(1).max(16),
    submittedAt: z.iso.datetime({ offset: true }),
    /** The merged rule-pack version the application was decided under. */
    configVersion: z.string().min(1),
    centreCode: RegionCodeSchema,
    applicant: PartySchema,
    agent: PartySchema.nullable(),
    verification: z.strictObject({ method: z.enum(VERIFICATION_METHODS) }),
    answers: ApplicationAnswersSchema,
    decisionDueBy: IsoDateSchema,
    missingMaterialIds: z.array(IdRefSchema),
  })
  .superRefine((r, ctx) => {
    if ((r.answers.onBehalf !== null) !== (r.agent !== null)) {
      ctx.addIssue({ code: 'custom', path: ['agent'], message: 'an agent is recorded exactly when applying on behalf (第四十条)' });
    }
  });
export type ApplicationRecord = z.infer<typeof ApplicationRecordSchema>;
