/**
 * Every answer of an application in words, grouped into sections. One description feeds the review
 * screen, the spoken review and the printed A4 form, so what the person hears is what they sign.
 *
 * Values are plain strings: the caller escapes them for HTML or PDF (the facts are free text and may
 * be hostile). ID numbers are masked unless the caller asks otherwise (the printed form does; a
 * screen in a public hall and the voice do not).
 */
import { maskIdNumber } from '../idcard/mask.ts';
import type { ApplicationAnswers, ApplicationRecord, Party } from './application.ts';
import { assessHardship, formatYuan, yuanToFen } from './hardship.ts';
import { findMatter, type RulePack } from './rule-pack.ts';
import { findCentre } from './routing.ts';

/** Label lookup, e.g. `(key) => legalAidLabelsZhCN[key] ?? key`. */
export type LabelLookup = (key: string) => string;

export interface DescribedRow {
  /** Stable key naming the answer (e.g. 'phone', 'household.members'), for jumping back to edit it. */
  readonly key: string;
  readonly label: string;
  readonly value: string;
}
export interface DescribedSection {
  readonly title: string;
  readonly rows: DescribedRow[];
}
export interface ApplicationDescription {
  readonly sections: DescribedSection[];
}

export interface DescribeOptions {
  /** Show ID numbers in full (the printed form); default masked. */
  readonly fullIdNumbers?: boolean;
}

type DescribeInput = ApplicationRecord | { applicant: Party; agent: Party | null; answers: ApplicationAnswers };

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

function isRecord(input: DescribeInput): input is ApplicationRecord {
  return 'localNumber' in input;
}

export function describeApplication(
  input: DescribeInput,
  pack: RulePack,
  t: LabelLookup,
  options: DescribeOptions = {},
): ApplicationDescription {
  const a = input.answers;
  const row = (key: string, field: string, value: string): DescribedRow => ({ key, label: t(`legalAid.field.${field}`), value });
  const word = (group: string, value: string) => t(`legalAid.${group}.${value}`);
  const yesNo = (b: boolean) => t(b ? 'legalAid.value.yes' : 'legalAid.value.no');
  const none = t('legalAid.value.none');
  const orNone = (s: string | null) => (s === null || s.trim() === '' ? none : s);
  const date = (iso: string) =>
    fill(t('legalAid.value.date'), { y: iso.slice(0, 4), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) });
  const yuan = (amount: number) => fill(t('legalAid.value.yuan'), { amount: formatYuan(yuanToFen(amount)) });
  const idNumber = (id: string) => (options.fullIdNumbers ? id : maskIdNumber(id));

  const party = (p: Party, prefix: string): DescribedRow[] => [
    row(`${prefix}.name`, 'name', p.name),
    row(`${prefix}.sex`, 'sex', word('sex', p.sex)),
    row(`${prefix}.birthDate`, 'birthDate', date(p.birthDate)),
    row(`${prefix}.nation`, 'nation', orNone(p.nation)),
    row(`${prefix}.cardType`, 'cardType', word('cardType', p.cardType)),
    row(`${prefix}.idNumber`, 'idNumber', idNumber(p.idNumber)),
    row(`${prefix}.address`, 'address', orNone(p.address)),
  ];

  const groupLabel = (id: string) => pack.groups.find((g) => g.id === id)?.label ?? id;
  const applicant: DescribedSection = {
    title: t('legalAid.section.applicant'),
    rows: [
      ...party(input.applicant, 'applicant'),
      row('phone', 'phone', a.phone),
      row('occupation', 'occupation', orNone(a.occupation)),
      row('education', 'education', word('education', a.education)),
      row('health', 'health', word('health', a.health)),
      row('groups', 'groups', a.groups.length === 0 ? none : a.groups.map(groupLabel).join('、')),
    ],
  };

  const sections: DescribedSection[] = [applicant];
  if (a.onBehalf !== null) {
    sections.push({
      title: t('legalAid.section.agent'),
      rows: [
        ...(input.agent === null ? [] : party(input.agent, 'agent')),
        row('onBehalf.relationship', 'relationship', word('relationship', a.onBehalf.relationship)),
        row('onBehalf.note', 'onBehalfNote', orNone(a.onBehalf.note)),
      ],
    });
  }

  const matter = findMatter(pack, a.matterId);
  const place = a.placeCentreCode === null ? null : findCentre(pack, a.placeCentreCode);
  sections.push({
    title: t('legalAid.section.matter'),
    rows: [
      row('matterId', 'matter', matter === undefined ? a.matterId : `${matter.label}（${matter.article}）`),
      row('legalStatus', 'legalStatus', word('legalStatus', a.legalStatus)),
      row('aidForm', 'aidForm', word('aidForm', a.aidForm)),
      row('stage', 'stage', word('stage', a.stage)),
      row(
        'opposingParty',
        'opposingParty',
        a.opposingParty === null
          ? none
          : fill(t('legalAid.value.opposing'), { name: a.opposingParty.name, kind: word('opposingKind', a.opposingParty.kind) }),
      ),
      row(
        'placeCentreCode',
        'place',
        a.placeCentreCode === null ? t('legalAid.value.unknownPlace') : (place?.name ?? a.placeCentreCode),
      ),
      row('priorApplication', 'priorApplication', yesNo(a.priorApplication)),
      row(
        'urgent',
        'urgent',
        a.urgent === null ? none : fill(t('legalAid.value.urgent'), { reason: word('urgentReason', a.urgent.reason), date: date(a.urgent.deadline) }),
      ),
      row('facts', 'facts', a.facts),
    ],
  });

  sections.push({ title: t('legalAid.section.eligibility'), rows: eligibilityRows(input, pack, t, { row, word, none, yuan }) });

  const materialLabel = (id: string) => pack.materials.find((m) => m.id === id)?.label ?? id;
  sections.push({
    title: t('legalAid.section.materials'),
    rows:
      a.materials.length === 0
        ? [{ key: 'materials', label: t('legalAid.section.materials'), value: none }]
        : a.materials.map((m) => ({
            key: `materials.${m.materialId}`,
            label: materialLabel(m.materialId),
            value: m.pages > 0 ? fill(t('legalAid.value.pages'), { n: m.pages }) : t('legalAid.value.notProvided'),
          })),
  });

  const signatureRows = [row('signature', 'signature', word('signature', a.signature.method))];
  if (isRecord(input)) signatureRows.push(row('verification', 'verification', word('verification', input.verification.method)));
  sections.push({ title: t('legalAid.section.signature'), rows: signatureRows });

  if (isRecord(input)) {
    const centre = findCentre(pack, input.centreCode);
    sections.push({
      title: t('legalAid.section.record'),
      rows: [
        row('localNumber', 'localNumber', input.localNumber),
        row('submittedAt', 'submittedAt', input.submittedAt),
        row('centreCode', 'centre', centre === undefined ? input.centreCode : `${centre.name}（${centre.phone}）`),
        row('decisionDueBy', 'decisionDueBy', date(input.decisionDueBy)),
        row('missingMaterialIds', 'missingMaterials', input.missingMaterialIds.length === 0 ? none : input.missingMaterialIds.map(materialLabel).join('、')),
        row('configVersion', 'configVersion', input.configVersion),
      ],
    });
  }
  return { sections };
}

interface RowHelpers {
  row: (key: string, field: string, value: string) => DescribedRow;
  word: (group: string, value: string) => string;
  none: string;
  yuan: (amount: number) => string;
}

function eligibilityRows(input: DescribeInput, pack: RulePack, t: LabelLookup, h: RowHelpers): DescribedRow[] {
  const a = input.answers;
  const rows = [h.row('branch', 'branch', h.word('branch', a.branch))];
  if (a.circumstanceId !== null) {
    const c = pack.circumstances.find((x) => x.id === a.circumstanceId);
    rows.push(h.row('circumstanceId', 'circumstance', c === undefined ? a.circumstanceId : `${c.label}（${c.article}）`));
  }
  if (a.statusId !== null) {
    const s = pack.statuses.find((x) => x.id === a.statusId);
    rows.push(h.row('statusId', 'status', s === undefined ? a.statusId : `${s.label}（${s.article}）`));
  }
  if (a.household !== null) {
    const regionCode = isRecord(input) ? input.centreCode : a.placeCentreCode;
    const assessed = assessHardship(pack, { members: a.household.members, monthlyIncome: a.household.monthlyIncome, regionCode });
    const comparison = fill(t(assessed.withinStandard ? 'legalAid.value.withinStandard' : 'legalAid.value.aboveStandard'), {
      standard: formatYuan(yuanToFen(assessed.standard)),
    });
    rows.push(
      h.row('household.members', 'householdMembers', fill(t('legalAid.value.people'), { n: a.household.members })),
      h.row('household.monthlyIncome', 'householdIncome', h.yuan(a.household.monthlyIncome)),
      h.row('household.perMember', 'perMemberIncome', `${h.yuan(assessed.perMember)}${comparison}`),
      h.row('household.property', 'property', a.household.property.trim() === '' ? h.none : a.household.property),
    );
  }
  if (a.pledge !== null) {
    const key = !a.pledge.accepted ? 'pledgeNotAccepted' : a.pledge.readAloud ? 'pledgeReadAloud' : 'pledgeAccepted';
    rows.push(h.row('pledge', 'pledge', t(`legalAid.value.${key}`)));
  }
  return rows;
}
