/**
 * Maps a stored application to what is printed: the 80 mm receipt (number, QR code, what happens
 * next and by when, what is missing, the centre), the A4 application form, and for the statement
 * branch the signed pledge. The documents use the same described rows as the review screen, so
 * the paper says what the person heard; the form shows the full ID number, the receipt does not.
 */
import type { ApplicationRecord } from '../../../domain/legal-aid/application.ts';
import { describeApplication } from '../../../domain/legal-aid/describe.ts';
import { legalAidLabelsZhCN } from '../../../domain/legal-aid/labels/zh-CN.ts';
import { pledgeTexts } from '../../../domain/legal-aid/pledge.ts';
import type { RulePack } from '../../../domain/legal-aid/rule-pack.ts';
import type { PrintResult as ScreenPrintResult, ReceiptScreen } from '../api/contract.ts';
import type { PrintService } from '../printing/print-service.ts';
import type { FormView, ReceiptView } from '../printing/views.ts';
import { printTextsZhCN as T } from './print-texts.zh-CN.ts';

export interface PrintedDocument {
  document: ScreenPrintResult['document'];
  outcome: ScreenPrintResult['outcome'];
  queue: string;
  jobId: string | null;
}

export interface ApplicationPrinter {
  /** `acceptanceNumber`: the centre's number when the upload was confirmed before this print. */
  printApplication(input: { record: ApplicationRecord; receipt: ReceiptScreen; signaturePng: Uint8Array | null; acceptanceNumber?: string | null }): Promise<PrintedDocument[]>;
  testPage(): Promise<PrintedDocument[]>;
  /** A guide with the reason and the other kinds of help, for a matter legal aid may not cover. */
  printGuide(input: { matterLabel: string | null; reason: string; centre: { name: string; phone: string; address: string } }): Promise<PrintedDocument[]>;
}

const fill = (template: string, vars: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (w, k: string) => (k in vars ? String(vars[k]) : w));
const chineseDate = (iso: string) => fill(T.date, { y: iso.slice(0, 4), m: Number(iso.slice(5, 7)), d: Number(iso.slice(8, 10)) });
/** 张三 -> 张*, 欧阳娜娜 -> 欧***: enough for the person to know it is theirs, not enough to identify them. */
export const maskName = (name: string) => {
  const chars = [...name];
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
};
/**
 * The wall-clock time as the store wrote it (local time of the kiosk's zone, with its offset), not
 * re-read in the process's zone: a kiosk's OS clock zone may be UTC.
 */
export const localDateTime = (iso: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}` : iso;
};

export function receiptView(record: ApplicationRecord, receipt: ReceiptScreen, stationName: string, acceptanceNumber: string | null = null): ReceiptView {
  return {
    title: T.receiptTitle,
    stationName,
    localNumber: receipt.localNumber,
    acceptanceNumber,
    shortCode: receipt.shortCode,
    statusUrl: receipt.statusUrl,
    submittedAt: localDateTime(receipt.submittedAt),
    matterLabel: receipt.matterLabel,
    applicantLabel: maskName(record.applicant.name),
    nextSteps: [...T.nextSteps],
    decisionDueBy: fill(T.decisionDueBy, { date: chineseDate(receipt.decisionDueBy) }),
    urgent: receipt.urgentDeadline ? fill(T.urgent, { date: chineseDate(receipt.urgentDeadline) }) : null,
    missingMaterials: receipt.missingMaterials,
    centre: receipt.centre,
    footer: [...T.footer],
  };
}

export function formViews(record: ApplicationRecord, pack: RulePack, signaturePng: Uint8Array | null): FormView[] {
  const described = describeApplication(record, pack, (key) => legalAidLabelsZhCN[key] ?? key, { fullIdNumbers: true });
  const signature = {
    imagePngBase64: record.answers.signature.method === 'touch' && signaturePng ? Buffer.from(signaturePng).toString('base64') : null,
    signerLabel: record.agent ? T.signerAgent : T.signerApplicant,
    dateText: chineseDate(record.submittedAt.slice(0, 10)),
  };
  const views: FormView[] = [
    {
      title: T.formTitle,
      subtitle: fill(T.formSubtitle, { number: record.localNumber }),
      sections: described.sections.map((s) => ({ title: s.title, rows: s.rows.map(({ label, value }) => ({ label, value })) })),
      signature,
      footer: [...T.formFooter],
    },
  ];
  if (record.answers.branch === 'statement') {
    const eligibility = described.sections.find((s) => s.title === legalAidLabelsZhCN['legalAid.section.eligibility']);
    views.push({
      title: T.pledgeTitle,
      subtitle: fill(T.pledgeSubtitle, { number: record.localNumber }),
      sections: eligibility ? [{ title: T.pledgeStatementSection, rows: eligibility.rows.map(({ label, value }) => ({ label, value })) }] : [],
      paragraphs: pledgeTexts(pack).flatMap((text) => [`【${text.title}】`, ...text.paragraphs]),
      signature,
      footer: [...T.formFooter],
    });
  }
  return views;
}

export function createApplicationPrinter(deps: {
  service: PrintService;
  pack: RulePack;
  stationName: string;
  queues: { receipt: string; a4: string };
}): ApplicationPrinter {
  const { service, queues } = deps;
  const toPrinted = (document: PrintedDocument['document'], r: { kind: string; outcome: PrintedDocument['outcome']; jobId: string | null }): PrintedDocument => ({
    document,
    outcome: r.outcome,
    queue: r.kind === 'form' ? queues.a4 : queues.receipt,
    jobId: r.jobId,
  });
  return {
    async printApplication({ record, receipt, signaturePng, acceptanceNumber = null }) {
      const forms = formViews(record, deps.pack, signaturePng);
      const results = await service.print([
        { kind: 'receipt', view: receiptView(record, receipt, deps.stationName, acceptanceNumber) },
        ...forms.map((view) => ({ kind: 'form' as const, view })),
      ]);
      return results.map((r, i) => toPrinted(i === 0 ? 'receipt' : i === 1 ? 'form' : 'pledge', r));
    },
    async printGuide({ matterLabel, reason, centre }) {
      const view: FormView = {
        title: T.guideTitle,
        subtitle: matterLabel ? fill(T.guideMatter, { matter: matterLabel }) : null,
        sections: [{ title: T.guideCentre, rows: (['name', 'phone', 'address'] as const).map((k) => ({ label: T.guideRows[k], value: centre[k] })) }],
        paragraphs: [reason, ...T.guideOther],
        signature: null,
        footer: [...T.guideFooter],
      };
      const results = await service.print([{ kind: 'form', view }]);
      return results.map((r) => toPrinted('guide', r));
    },
    async testPage() {
      const results = await service.testPage('both');
      return results.map((r) => toPrinted('test', r));
    },
  };
}
