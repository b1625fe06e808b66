/**
 * Turns a citizen's answers into a stored legal-aid application, and prints what they take home.
 *
 * The identity is never typed: the applicant (and, on behalf, the agent) come from the card reads
 * held in the session. The rule pack decides the centre (第三十八条), the materials still missing
 * (一次性告知) and the 7-day decision date (第四十三条); the answers are checked again here, because
 * the renderer is only a screen.
 */
import { randomUUID } from 'node:crypto';
import type { IdCardData } from '../../../domain/idcard/types.ts';
import {
  ApplicationRecordSchema,
  type ApplicationAnswers,
  type ApplicationRecord,
  type Party,
} from '../../../domain/legal-aid/application.ts';
import { findMatter, type RulePack } from '../../../domain/legal-aid/rule-pack.ts';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { ApiError, PrintResult, ReceiptScreen, SubmittedApplication } from '../api/contract.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { SessionService } from './session.ts';
import type { LegalAidRules } from './legal-aid-rules.ts';
import type { KioskStore } from '../store/kiosk-store.ts';
import type { ApplicationPrinter } from './application-printing.ts';

export interface ApplicationServiceDeps {
  readonly sessions: SessionService;
  readonly rules: LegalAidRules;
  readonly store: KioskStore;
  readonly printer: ApplicationPrinter;
  /**
   * Public status page base, asked at each receipt (enrolment may change it); the receipt's QR code
   * is `<base>/<localNumber>?c=<shortCode>` (no personal data).
   */
  readonly statusBaseUrl: () => string;
  readonly qrSvg: (text: string) => Promise<string>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Told after each stored application (the upload worker starts at once instead of at its next poll). */
  readonly onSubmitted?: () => void;
}

const fail = (code: ApiError['code'], message: string) => err<ApiError>({ code, message });

export const partyFromCard = (card: IdCardData): Party => ({
  name: card.name,
  sex: card.sex,
  birthDate: card.birthDate,
  nation: card.nation,
  idNumber: card.idNumber,
  address: card.address,
  cardType: card.cardType,
});

export class ApplicationService {
  readonly #deps: ApplicationServiceDeps;

  constructor(deps: ApplicationServiceDeps) {
    this.#deps = deps;
  }

  async submit(answers: ApplicationAnswers): Promise<Result<SubmittedApplication, ApiError>> {
    const { sessions, rules, store, clock, logger } = this.#deps;
    const card = sessions.card();
    const session = sessions.view();
    if (!card || !session) return fail('no_session', 'no citizen session is active');
    const applicantCard = sessions.applicantCard();
    if ((answers.onBehalf !== null) !== (applicantCard !== null)) {
      return fail('invalid_input', 'an on-behalf application needs the applicant card, and only then');
    }
    const checked = rules.check(answers);
    if (!checked.ok) return fail('invalid_input', checked.error);

    const attachments = sessions.attachments();
    if (answers.signature.method === 'touch' && !attachments.some((a) => a.kind === 'signature')) {
      return fail('invalid_input', 'a touch signature was chosen but none was captured');
    }
    const pagesByMaterial = new Map<string, number>();
    for (const a of attachments) if (a.kind === 'material' && a.materialId) pagesByMaterial.set(a.materialId, (pagesByMaterial.get(a.materialId) ?? 0) + 1);
    // What the person says they brought is what was actually captured, not what the screen claims.
    const materials = [...pagesByMaterial].map(([materialId, pages]) => ({ materialId, pages }));
    const finalAnswers: ApplicationAnswers = { ...answers, materials };
    const today = clock.today();
    const centre = rules.centreFor(finalAnswers.placeCentreCode);
    const missing = rules.missingMaterials(finalAnswers);
    const decisionDueBy = rules.decisionDueBy(today);
    const applicationId = randomUUID();
    const pageCounters = new Map<string, number>();

    let record: ApplicationRecord | null = null;
    const stored = store.submitApplication({
      applicationId,
      buildPayload: (issued) => {
        record = ApplicationRecordSchema.parse({
          localNumber: issued.localNumber,
          shortCode: issued.shortCode,
          submittedAt: issued.submittedAt,
          configVersion: rules.pack.version,
          centreCode: centre.code,
          applicant: partyFromCard(applicantCard ?? card),
          agent: applicantCard ? partyFromCard(card) : null,
          verification: { method: session.verification?.method ?? 'card_only' },
          answers: finalAnswers,
          decisionDueBy,
          missingMaterialIds: missing.map((m) => m.id),
        } satisfies ApplicationRecord);
        return record;
      },
      summary: {
        matterId: finalAnswers.matterId,
        centreCode: centre.code,
        configVersion: rules.pack.version,
        decisionDueBy,
        urgentDeadline: finalAnswers.urgent?.deadline ?? null,
      },
      attachments: attachments.map((a) => {
        const key = `${a.kind}:${a.materialId ?? ''}`;
        const page = (pageCounters.get(key) ?? 0) + 1;
        pageCounters.set(key, page);
        return { kind: a.kind, materialId: a.materialId, page, mime: a.mime, bytes: a.bytes };
      }),
    });
    if (!stored.ok) {
      logger.error('application.submit_failed', { code: stored.error.code });
      return stored.error.code === 'disk_full'
        ? fail('disk_full', 'the kiosk disk is full; nothing was saved')
        : fail('storage_error', `the application could not be saved (${stored.error.code})`);
    }
    sessions.markSubmitted(applicationId);
    this.#deps.onSubmitted?.();
    logger.info('application.submitted', {
      matterId: finalAnswers.matterId,
      branch: finalAnswers.branch,
      attachments: attachments.length,
      missing: missing.length,
      urgent: finalAnswers.urgent !== null,
    });
    const receipt = await this.#receipt(record!);
    return ok({ applicationId, receipt });
  }

  /** Prints the receipt, the application form and (statement branch) the signed pledge. */
  async print(applicationId: string, origin: 'citizen' | 'technician'): Promise<Result<{ results: PrintResult[] }, ApiError>> {
    const { sessions, store } = this.#deps;
    if (origin === 'citizen' && !sessions.submittedHere(applicationId)) return fail('no_session', 'not an application of this session');
    const stored = store.getApplication(applicationId);
    if (!stored || stored.purged) return fail('invalid_input', 'no such application on this kiosk');
    const parsed = ApplicationRecordSchema.safeParse(stored.payload);
    if (!parsed.success) return fail('storage_error', 'the stored application could not be read');
    const record = parsed.data;
    const signatureRef = stored.attachments.find((a) => a.kind === 'signature');
    let signaturePng: Uint8Array | null = null;
    if (signatureRef) {
      const read = store.readAttachment(signatureRef.id);
      if (read.ok) signaturePng = read.value;
    }
    const receipt = await this.#receipt(record);
    const results = await this.#deps.printer.printApplication({ record, receipt, signaturePng, acceptanceNumber: stored.acceptanceNumber });
    for (const r of results) {
      if (r.document === 'test' || r.document === 'guide' || r.document === 'status') continue;
      store.recordPrintJob({
        applicationId,
        document: r.document,
        queue: r.queue,
        jobId: r.jobId,
        state: r.outcome === 'out_of_paper' ? 'printer_offline' : r.outcome,
        detail: r.outcome,
      });
    }
    return ok({ results: results.map(({ document, outcome }) => ({ document, outcome })) });
  }

  async #receipt(record: ApplicationRecord): Promise<ReceiptScreen> {
    const { rules } = this.#deps;
    const statusUrl = `${this.#deps.statusBaseUrl().replace(/\/$/, '')}/${encodeURIComponent(record.localNumber)}?c=${encodeURIComponent(record.shortCode)}`;
    const centre = rules.centreByCode(record.centreCode);
    return {
      localNumber: record.localNumber,
      shortCode: record.shortCode,
      statusUrl,
      qrSvg: await this.#deps.qrSvg(statusUrl),
      submittedAt: record.submittedAt,
      matterLabel: findMatter(rules.pack, record.answers.matterId)?.label ?? record.answers.matterId,
      decisionDueBy: record.decisionDueBy,
      urgentDeadline: record.answers.urgent?.deadline ?? null,
      missingMaterials: record.missingMaterialIds.map((id) => rules.pack.materials.find((m) => m.id === id)?.label ?? id),
      centre: { name: centre.name, phone: centre.phone, address: centre.address },
    };
  }
}

export type { RulePack };
