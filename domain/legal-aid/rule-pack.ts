/**
 * The legal-aid rule pack: everything a province may change (matters, no-test circumstances, waiver
 * statuses, materials, hardship standard, centres, pledge texts) is data, not code. The law lets
 * provinces extend the matter list (法律援助法 第三十一条第九项) and set the hardship standard
 * (第三十四条), so the kiosk loads a national pack plus an optional province extension from
 * resources/legal-aid/ and merges them here. Every application records the merged `version` it was
 * decided under, so a later audit can reproduce the decision.
 *
 * Nothing here reads files: callers pass the parsed JSON in.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../result.ts';

/** 援助方式 on the application form; a matter lists the typical ones. */
export const AID_FORMS = [
  'criminal_defence', // 刑事辩护
  'victim_representation', // 被害人（自诉人、附带民事诉讼原告人）代理
  'civil_litigation', // 民事诉讼代理
  'administrative_litigation', // 行政诉讼代理
  'arbitration', // 仲裁代理（劳动争议仲裁等）
  'non_litigation', // 非诉讼代理（如国家赔偿申请、工伤认定、行政复议）
  'notarisation', // 公证
  'mediation', // 调解
] as const;
export const AidFormSchema = z.enum(AID_FORMS);
export type AidForm = z.infer<typeof AidFormSchema>;

/** Which eligibility path an application follows: 第三十二条 no test, 第四十二条 waived on proof, 第四十一条 statement. */
export const BRANCHES = ['no_test', 'waived', 'statement'] as const;
export const BranchSchema = z.enum(BRANCHES);
export type Branch = z.infer<typeof BranchSchema>;

const IdSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are snake_case ASCII');
const TextSchema = z.string().trim().min(1);
/** GB/T 2260 administrative division code: 6 digits ('000000' = nationwide / unknown). */
export const RegionCodeSchema = z.string().regex(/^\d{6}$/, 'region codes are 6 digits (GB/T 2260)');
/** A prefix of a region code: '' (everywhere), '44' (province), '4401' (city), '440106' (county). */
const RegionPrefixSchema = z.string().regex(/^(\d{2}){0,3}$/, 'region prefixes are 0, 2, 4 or 6 digits');
/** Article reference as printed, e.g. 第三十一条第五项 (法律援助法 unless another law is named). */
const ArticleSchema = TextSchema;
const MatterRefsSchema = z.union([z.literal('all'), z.array(IdSchema).min(1)]);

export const MatterSchema = z.object({
  id: IdSchema,
  /** Statute wording, used on the printed form. */
  label: TextSchema,
  /** Everyday words for a big button. */
  plainLabel: TextSchema,
  article: ArticleSchema,
  /** Litigation matters go to the centre where the case-handling body sits (第三十八条). */
  litigation: z.boolean(),
  aidForms: z.array(AidFormSchema).min(1),
  /**
   * Set on matters the pack lists only to say, honestly and early, that legal aid does not cover
   * them (e.g. business disputes); the kiosk then offers the alternatives. A province may override.
   */
  notCoveredReason: TextSchema.nullable().default(null),
  /**
   * The 其他 / 不知道 entry (第三十一条第九项): the person may still apply, but the pre-check can only
   * say 'unclear' because coverage depends on regulations the centre applies.
   */
  catchAll: z.boolean().default(false),
});
export type Matter = z.infer<typeof MatterSchema>;

/** 第三十二条: the economic condition does not apply at all. */
export const CircumstanceSchema = z.object({
  id: IdSchema,
  label: TextSchema,
  plainLabel: TextSchema,
  article: ArticleSchema,
  matters: MatterRefsSchema,
  /** Optional document showing the circumstance (e.g. 告诫书 for domestic violence); never a precondition. */
  proofMaterialId: IdSchema.nullable().default(null),
});
export type Circumstance = z.infer<typeof CircumstanceSchema>;

/** 第四十二条: the hardship check is waived when the applicant proves the status. */
export const WaiverStatusSchema = CircumstanceSchema.extend({
  /** The material that proves the status (a document photo; the centre may instead check by data sharing). */
  proofMaterialId: IdSchema,
});
export type WaiverStatus = z.infer<typeof WaiverStatusSchema>;

export const MaterialSchema = z.object({
  id: IdSchema,
  label: TextSchema,
  /** What counts, in plain words. */
  hint: TextSchema,
  matters: MatterRefsSchema,
  branches: z.union([z.literal('all'), z.array(BranchSchema).min(1)]),
  /** Required materials missing at submission are listed all at once (一次性告知, 第四十三条). */
  required: z.boolean(),
  /** Only asked for when someone applies on another's behalf (第四十条). */
  onBehalfOnly: z.boolean().default(false),
});
export type Material = z.infer<typeof MaterialSchema>;

/** A region whose standard differs from the pack's default (e.g. each city's 低保 standard). */
export const RegionalHardshipSchema = z.object({
  regionPrefix: RegionPrefixSchema,
  monthlyIncomePerMember: z.number().nonnegative().multipleOf(0.01),
  basis: TextSchema,
});
export type RegionalHardship = z.infer<typeof RegionalHardshipSchema>;

/** 第三十四条: the province sets the economic-hardship standard. Money in yuan with at most 2 decimals. */
export const HardshipStandardSchema = z.object({
  monthlyIncomePerMember: z.number().nonnegative().multipleOf(0.01),
  /** What the figure is, e.g. 当地最低生活保障标准的2倍. */
  basis: TextSchema,
  article: ArticleSchema,
  /** Narrower regions first or last does not matter: the longest matching prefix wins. */
  regional: z.array(RegionalHardshipSchema).default([]),
});
export type HardshipStandard = z.infer<typeof HardshipStandardSchema>;

export const CentreSchema = z.object({
  /** Region code of the area it serves, e.g. '440106'. */
  code: RegionCodeSchema,
  name: TextSchema,
  phone: z.string().regex(/^[\d-]{5,20}$/, 'digits and hyphens'),
  address: TextSchema,
  /**
   * Region-code prefixes this centre serves; the longest matching prefix over all centres wins. Empty
   * for a catch-all entry (such as the 12348 hotline) that is reached only as the default.
   */
  serves: z.array(RegionPrefixSchema),
});
export type Centre = z.infer<typeof CentreSchema>;

/** 人群类别 on the application form (残疾人, 老年人, 农民工 ...); provinces add their own. */
export const PopulationGroupSchema = z.object({ id: IdSchema, label: TextSchema, plainLabel: TextSchema });
export type PopulationGroup = z.infer<typeof PopulationGroupSchema>;

/** A text read aloud and printed: a title and short paragraphs, each spoken separately. */
export const ReadAloudTextSchema = z.object({ title: TextSchema, paragraphs: z.array(TextSchema).min(1) });
export type ReadAloudText = z.infer<typeof ReadAloudTextSchema>;

/** The statement branch's documents (第四十一条, 告知承诺制) and the fraud warning (第六十四条). */
export const PledgeTextsSchema = z.object({
  commitment: ReadAloudTextSchema, // 告知承诺书
  hardshipStatement: ReadAloudTextSchema, // 经济困难状况说明
  verificationAuthorisation: ReadAloudTextSchema, // 核查授权书
  fraudWarning: ReadAloudTextSchema, // 虚假申请的法律后果
});
export type PledgeTexts = z.infer<typeof PledgeTextsSchema>;
export const PLEDGE_TEXT_KEYS = ['commitment', 'hardshipStatement', 'verificationAuthorisation', 'fraudWarning'] as const;

const VersionSchema = z.string().regex(/^[0-9A-Za-z.+@_-]+$/, 'version: letters, digits and . + @ _ -');

const rulePackShape = {
  id: z.string().min(1),
  version: VersionSchema,
  province: z.string().regex(/^\d{2}$/).nullable(),
  matters: z.array(MatterSchema).min(1),
  circumstances: z.array(CircumstanceSchema),
  statuses: z.array(WaiverStatusSchema),
  materials: z.array(MaterialSchema),
  groups: z.array(PopulationGroupSchema),
  hardship: HardshipStandardSchema,
  centres: z.array(CentreSchema).min(1),
  defaultCentreCode: RegionCodeSchema,
  pledge: PledgeTextsSchema,
};

/** A merged, validated pack: every reference inside it resolves. */
export const RulePackSchema = z.object(rulePackShape).superRefine((pack, ctx) => {
  for (const issue of referenceIssues(pack)) ctx.addIssue({ code: 'custom', message: issue });
});
export type RulePack = z.infer<typeof RulePackSchema>;

/** The national default is itself a complete pack (province null). */
export const NationalPackSchema = RulePackSchema;

/** A province extension: adds or overrides entries by id; scalar sections replace the national ones. */
export const ExtensionPackSchema = z.object({
  id: z.string().min(1),
  version: VersionSchema,
  province: z.string().regex(/^\d{2}$/),
  /** The national pack id it was written against. */
  extends: z.string().min(1),
  matters: z.array(MatterSchema).default([]),
  circumstances: z.array(CircumstanceSchema).default([]),
  statuses: z.array(WaiverStatusSchema).default([]),
  materials: z.array(MaterialSchema).default([]),
  groups: z.array(PopulationGroupSchema).default([]),
  hardship: HardshipStandardSchema.optional(),
  centres: z.array(CentreSchema).default([]),
  defaultCentreCode: RegionCodeSchema.optional(),
  pledge: PledgeTextsSchema.partial().optional(),
});
export type ExtensionPack = z.infer<typeof ExtensionPackSchema>;

function duplicateIds(what: string, ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const issues: string[] = [];
  for (const id of ids) {
    if (seen.has(id)) issues.push(`${what}: duplicate id "${id}"`);
    seen.add(id);
  }
  return issues;
}

/** Cross-references a zod object schema cannot express on its own. */
function referenceIssues(pack: z.infer<z.ZodObject<typeof rulePackShape>>): string[] {
  const issues = [
    ...duplicateIds('matters', pack.matters.map((m) => m.id)),
    ...duplicateIds('circumstances', pack.circumstances.map((c) => c.id)),
    ...duplicateIds('statuses', pack.statuses.map((s) => s.id)),
    ...duplicateIds('materials', pack.materials.map((m) => m.id)),
    ...duplicateIds('groups', pack.groups.map((g) => g.id)),
    ...duplicateIds('centres', pack.centres.map((c) => c.code)),
  ];
  const matterIds = new Set(pack.matters.map((m) => m.id));
  const materialIds = new Set(pack.materials.map((m) => m.id));
  const checkMatters = (where: string, refs: 'all' | string[]) => {
    if (refs === 'all') return;
    for (const id of refs) if (!matterIds.has(id)) issues.push(`${where}: unknown matter "${id}"`);
  };
  for (const c of pack.circumstances) checkMatters(`circumstance ${c.id}`, c.matters);
  for (const s of pack.statuses) {
    checkMatters(`status ${s.id}`, s.matters);
  }
  for (const p of [...pack.circumstances, ...pack.statuses]) {
    if (p.proofMaterialId !== null && !materialIds.has(p.proofMaterialId)) {
      issues.push(`${p.id}: unknown proof material "${p.proofMaterialId}"`);
    }
  }
  for (const m of pack.materials) checkMatters(`material ${m.id}`, m.matters);
  if (!pack.centres.some((c) => c.code === pack.defaultCentreCode)) {
    issues.push(`defaultCentreCode "${pack.defaultCentreCode}" is not one of the centres`);
  }
  return issues;
}

function formatZodIssues(source: string, error: z.ZodError): string[] {
  return error.issues.map((i) => `${source}${i.path.length > 0 ? `.${i.path.join('.')}` : ''}: ${i.message}`);
}

/** Extension entries replace national ones with the same id (keeping national order), new ones append. */
function mergeById<T>(base: readonly T[], extra: readonly T[], key: (item: T) => string): T[] {
  const overrides = new Map(extra.map((item) => [key(item), item]));
  const merged = base.map((item) => overrides.get(key(item)) ?? item);
  const baseKeys = new Set(base.map(key));
  return [...merged, ...extra.filter((item) => !baseKeys.has(key(item)))];
}

/**
 * Validates the national pack and the optional province extension and merges them. The merged
 * version names both, e.g. `cn-national@2026.1+44@2026.1`, so a recorded application says exactly
 * which rules applied.
 */
export function mergeRulePacks(national: unknown, extension?: unknown): Result<RulePack, { issues: string[] }> {
  const base = NationalPackSchema.safeParse(national);
  if (!base.success) return err({ issues: formatZodIssues('national', base.error) });
  if (base.data.province !== null) return err({ issues: ['national: province must be null'] });
  if (extension === undefined) return ok({ ...base.data, version: `${base.data.id}@${base.data.version}` });

  const ext = ExtensionPackSchema.safeParse(extension);
  if (!ext.success) return err({ issues: formatZodIssues('extension', ext.error) });
  const n = base.data;
  const e = ext.data;
  if (e.extends !== n.id) return err({ issues: [`extension: extends "${e.extends}" but the national pack is "${n.id}"`] });

  const merged = {
    id: `${n.id}+${e.province}`,
    version: `${n.id}@${n.version}+${e.province}@${e.version}`,
    province: e.province,
    matters: mergeById(n.matters, e.matters, (m) => m.id),
    circumstances: mergeById(n.circumstances, e.circumstances, (c) => c.id),
    statuses: mergeById(n.statuses, e.statuses, (s) => s.id),
    materials: mergeById(n.materials, e.materials, (m) => m.id),
    groups: mergeById(n.groups, e.groups, (g) => g.id),
    hardship: e.hardship ?? n.hardship,
    centres: mergeById(n.centres, e.centres, (c) => c.code),
    defaultCentreCode: e.defaultCentreCode ?? n.defaultCentreCode,
    pledge: { ...n.pledge, ...e.pledge },
  };
  // Re-validate the result: an extension may reference national entries or break a reference.
  const checked = RulePackSchema.safeParse(merged);
  return checked.success ? ok(checked.data) : err({ issues: formatZodIssues('merged', checked.error) });
}

/** Lookups used by the eligibility, materials and describe modules. */
export function findMatter(pack: RulePack, id: string): Matter | undefined {
  return pack.matters.find((m) => m.id === id);
}

/** True when a matters reference ('all' or a list) covers the matter; null matter matches only 'all'. */
export function refsInclude(refs: 'all' | readonly string[], matterId: string | null): boolean {
  return refs === 'all' || (matterId !== null && refs.includes(matterId));
}
