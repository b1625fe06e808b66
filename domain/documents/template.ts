/**
 * A document template as data (resources/documents/*.json): the questions a person answers, one a
 * screen, and the document's standard structure with placeholders. The templates are legal text a
 * lawyer can review and a province can adjust without touching code, so everything about wording
 * lives in the JSON; this schema only guarantees the shape every template must have.
 *
 * Placeholders in texts: `{questionId}` (the answer as given), `{questionId|capital}` (money in
 * 大写, 人民币叁万贰仟元整), `{questionId|figures}` (money as 32,000.00), `{questionId|date}`
 * (2026年3月1日), `{questionId.name}` etc. for the parts of a party answer.
 */
import { z } from 'zod';

const Id = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'a short camelCase id');
const Text = z.string().min(1).max(2000);

/** Shown only when another answer has one of these values (e.g. the powers of a 特别授权). */
export const ConditionSchema = z.object({ question: Id, equals: z.array(z.string().min(1)).min(1) }).strict();
export type Condition = z.infer<typeof ConditionSchema>;

const ChoiceSchema = z.object({ value: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), label: z.string().min(1).max(60), text: z.string().max(400).optional() }).strict();

const QuestionBase = {
  id: Id,
  /** The question as asked on screen and aloud, e.g. 老板一共欠您多少工资？ */
  label: z.string().min(1).max(80),
  hint: z.string().max(200).optional(),
  optional: z.boolean().default(false),
  when: ConditionSchema.optional(),
};

export const QuestionSchema = z.discriminatedUnion('kind', [
  z.object({ ...QuestionBase, kind: z.literal('text'), maxLength: z.number().int().min(1).max(3000), multiline: z.boolean().default(false) }).strict(),
  z.object({ ...QuestionBase, kind: z.literal('number'), min: z.number().int().min(0), max: z.number().int().max(1_000_000), unit: z.string().max(4) }).strict(),
  /** Yuan with up to two decimals; `max` keeps a mistyped extra zero from becoming a claim. */
  z.object({ ...QuestionBase, kind: z.literal('money'), min: z.number().min(0), max: z.number().max(100_000_000_000) }).strict(),
  z.object({ ...QuestionBase, kind: z.literal('date'), notAfterToday: z.boolean().default(true) }).strict(),
  z.object({ ...QuestionBase, kind: z.literal('choice'), choices: z.array(ChoiceSchema).min(2).max(8) }).strict(),
  /**
   * The other side (被告, 被申请人) or the agent (受托人): a person or an organisation, asked over a
   * few screens (which kind, name, then the details of that kind).
   */
  z
    .object({
      ...QuestionBase,
      kind: z.literal('party'),
      kinds: z.array(z.enum(['person', 'organisation'])).min(1),
      /** What to call this party in the questions, e.g. 被告, 受托人. */
      role: z.string().min(1).max(10),
      /** Also ask a person's birth date (a child's, in a 抚养费 complaint). */
      birthDate: z.boolean().default(false),
    })
    .strict(),
]);
export type Question = z.infer<typeof QuestionSchema>;
export type QuestionKind = Question['kind'];

/** A line of a section: printed only when its condition holds and every placeholder it uses is answered. */
const LineSchema = z.object({ text: Text, when: ConditionSchema.optional() }).strict();
export type TemplateLine = z.infer<typeof LineSchema>;

export const SectionSchema = z
  .object({
    /** e.g. 诉讼请求, 事实与理由, 证据和证据来源、证人姓名和住所 */
    heading: z.string().min(1).max(40),
    /** numbered: 1. 2. 3. (claims); paragraphs: indented running text. */
    style: z.enum(['numbered', 'paragraphs']),
    lines: z.array(LineSchema).min(1).max(30),
  })
  .strict();
export type TemplateSection = z.infer<typeof SectionSchema>;

export const DocumentTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/),
    version: z.string().regex(/^\d{4}\.\d+$/),
    /** e.g. 民事起诉状 */
    title: z.string().min(2).max(20),
    /** e.g. （追索劳动报酬纠纷）; null for documents without a cause. */
    subtitle: z.string().max(30).nullable(),
    /** The tile on the choice screen and its plain explanation. */
    menu: z.object({ label: z.string().min(2).max(30), hint: z.string().max(120) }).strict(),
    /** What the person should know before starting (read aloud on the first screen). */
    intro: z.array(z.string().min(1).max(200)).min(1).max(6),
    /** The law that sets the document's contents, shown on screen and in the README. */
    basis: z.array(z.object({ law: z.string().min(2).max(40), article: z.string().min(2).max(30), about: z.string().max(80) }).strict()).min(1),
    /** The citizen from the card: 原告, 申请人, 委托人, or 法定代理人 for a child. */
    citizenRole: z.string().min(1).max(10),
    /** Added to the citizen's block, e.g. 系原告之{relation}. */
    citizenSuffix: z.string().max(60).nullable().default(null),
    questions: z.array(QuestionSchema).min(1).max(40),
    /** The parties' blocks in order: `citizen` (from the card) and party questions. */
    parties: z.array(Id).min(1).max(5),
    /** Money answers added up (e.g. the losses of an injury claim), usable as placeholders. */
    totals: z.array(z.object({ id: Id, of: z.array(Id).min(2) }).strict()).default([]),
    /** At least one of these must be answered (the claims of an arbitration application). */
    oneOf: z.array(Id).default([]),
    sections: z.array(SectionSchema).min(1).max(8),
    /** 此致 <addressee>: a placeholder text, e.g. {court}. Null: no addressee (授权委托书). */
    addressee: Text.nullable(),
    /** Signature lines left blank for the hand signature, e.g. 具状人；授权委托书 has two. */
    signatures: z.array(z.string().min(1).max(16)).min(1).max(3),
    /** After the date, e.g. 附：本诉状副本 份. */
    appendix: z.array(LineSchema).max(6).default([]),
    /** The litigation-fee calculator can start from this document's amount (a property case). */
    fee: z.object({ kind: z.literal('property'), amountQuestion: Id }).strict().nullable().default(null),
  })
  .strict()
  .superRefine((t, ctx) => {
    const ids = new Set<string>();
    for (const q of t.questions) {
      if (ids.has(q.id)) ctx.addIssue({ code: 'custom', message: `question ${q.id} twice` });
      ids.add(q.id);
    }
    const byId = new Map<string, { kind: string; when?: unknown }>(t.questions.map((q) => [q.id, q]));
    for (const total of t.totals) {
      for (const id of total.of) if (byId.get(id)?.kind !== 'money') ctx.addIssue({ code: 'custom', message: `total ${total.id} adds ${id}, not a money question` });
      byId.set(total.id, { kind: 'money' });
    }
    for (const id of t.oneOf) if (!byId.has(id)) ctx.addIssue({ code: 'custom', message: `oneOf names unknown ${id}` });
    if (!t.parties.includes('citizen')) ctx.addIssue({ code: 'custom', message: 'the citizen is a party' });
    for (const q of t.questions) {
      if (q.when && !byId.has(q.when.question)) ctx.addIssue({ code: 'custom', message: `question ${q.id} depends on unknown ${q.when.question}` });
    }
    for (const p of t.parties) {
      if (p !== 'citizen' && byId.get(p)?.kind !== 'party') ctx.addIssue({ code: 'custom', message: `${p} is not a party question` });
    }
    if (t.fee && byId.get(t.fee.amountQuestion)?.kind !== 'money') ctx.addIssue({ code: 'custom', message: 'fee.amountQuestion must be a money question' });
    const texts = [...t.sections.flatMap((s) => s.lines), ...t.appendix].map((l) => l.text);
    if (t.addressee) texts.push(t.addressee);
    if (t.citizenSuffix) texts.push(t.citizenSuffix);
    for (const text of texts) {
      for (const ref of placeholders(text)) {
        if (ref.question === 'citizen') continue;
        if (!byId.has(ref.question)) ctx.addIssue({ code: 'custom', message: `placeholder {${ref.raw}} names no question` });
      }
    }
  });
export type DocumentTemplate = z.infer<typeof DocumentTemplateSchema>;

export interface PlaceholderRef {
  readonly raw: string;
  readonly question: string;
  /** A party's part (name, address ...), or null for the whole answer. */
  readonly part: string | null;
  readonly format: 'plain' | 'capital' | 'figures' | 'date';
}

const PLACEHOLDER = /\{([a-zA-Z0-9.|]+)\}/g;

/** The placeholders a text uses, in order. */
export function placeholders(text: string): PlaceholderRef[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => {
    const raw = m[1]!;
    const [path = '', format = 'plain'] = raw.split('|');
    const [question = '', part = null] = path.split('.');
    return { raw, question, part, format: (['capital', 'figures', 'date'].includes(format) ? format : 'plain') as PlaceholderRef['format'] };
  });
}
