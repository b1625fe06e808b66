/**
 * Document drafting in the core (issue 7): the renderer sends the answers, the core fills the
 * citizen's own block from the card it holds (address and full ID number never go to the screen),
 * checks every answer again, and renders the document for the screen (ID number masked) or for
 * paper (in full). Nothing is stored: the answers live in the renderer's session store and go with
 * the session; the printed PDF is deleted once spooled (printing/README.md).
 */
import { checkAnswers, type AnswerIssue, type Answers } from '../../../domain/documents/answers.ts';
import { documentText, renderTemplate, totalFen, type CitizenParty, type DraftedDocument } from '../../../domain/documents/render.ts';
import { qrParts } from '../../../domain/documents/qr-text.ts';
import type { DocumentTemplate } from '../../../domain/documents/template.ts';
import type { IdCardData } from '../../../domain/idcard/types.ts';
import { maskIdNumber } from '../../../domain/idcard/index.ts';
import { err, ok, type Result } from '../../../domain/result.ts';
import type { DraftedDocumentView } from '../printing/document-template.ts';
import type { PrintOutcome } from '../printing/print-service.ts';
import type { Logger } from '../services/logger.ts';
import { documentPrintTextsZhCN as T } from './print-texts.zh-CN.ts';

export interface DocumentPreview {
  /** Empty when the document can be shown and printed. */
  readonly issues: AnswerIssue[];
  readonly document: DraftedDocument | null;
  /** The document as plain text (ID number masked), for reading aloud. */
  readonly text: string | null;
  /** The amount the fee calculator starts from (a property case), in fen. */
  readonly feeClaimFen: number | null;
  /** How many QR codes the printed text needs. */
  readonly qrCodes: number;
}

export type DraftingError = 'no_session' | 'unknown_template' | 'invalid_answers' | 'not_available';

export interface DocumentDraftingDeps {
  readonly templates: readonly DocumentTemplate[];
  /** The card of the session's citizen, or null when nobody is there. */
  readonly card: () => IdCardData | null;
  readonly today: () => string;
  readonly qrSvg: (text: string) => Promise<string>;
  /** Prints on the A4 printer through the print service; null when the kiosk cannot print. */
  readonly print: ((view: DraftedDocumentView) => Promise<PrintOutcome>) | null;
  readonly logger: Logger;
}

const qrNote = (count: number) => (count > 1 ? T.qrNoteMany.replace('{count}', String(count)) : T.qrNoteOne);

const partyOf = (card: IdCardData, idNumber: string): CitizenParty => ({
  name: card.name,
  sex: card.sex,
  nation: card.nation,
  birthDate: card.birthDate,
  address: card.address,
  idNumber,
});

export class DocumentDrafting {
  readonly #deps: DocumentDraftingDeps;

  constructor(deps: DocumentDraftingDeps) {
    this.#deps = deps;
  }

  templates(): readonly DocumentTemplate[] {
    return this.#deps.templates;
  }

  #prepare(templateId: string, answers: Answers): Result<{ template: DocumentTemplate; card: IdCardData; answers: Answers } | { template: DocumentTemplate; issues: AnswerIssue[] }, DraftingError> {
    const card = this.#deps.card();
    if (!card) return err('no_session');
    const template = this.#deps.templates.find((t) => t.id === templateId);
    if (!template) return err('unknown_template');
    const checked = checkAnswers(template, answers, this.#deps.today());
    return ok(checked.ok ? { template, card, answers: checked.answers } : { template, issues: checked.issues });
  }

  preview(templateId: string, answers: Answers): Result<DocumentPreview, DraftingError> {
    const prepared = this.#prepare(templateId, answers);
    if (!prepared.ok) return prepared;
    if ('issues' in prepared.value) return ok({ issues: prepared.value.issues, document: null, text: null, feeClaimFen: null, qrCodes: 0 });
    const { template, card } = prepared.value;
    const document = renderTemplate(template, prepared.value.answers, { citizen: partyOf(card, maskIdNumber(card.idNumber)), today: this.#deps.today() });
    const text = documentText(document);
    const feeClaimFen = template.fee ? totalFen(template, prepared.value.answers, template.fee.amountQuestion) : null;
    return ok({ issues: [], document, text, feeClaimFen, qrCodes: qrParts(text).length });
  }

  async print(templateId: string, answers: Answers): Promise<Result<PrintOutcome, DraftingError>> {
    if (!this.#deps.print) return err('not_available');
    const prepared = this.#prepare(templateId, answers);
    if (!prepared.ok) return prepared;
    if ('issues' in prepared.value) return err('invalid_answers');
    const { template, card } = prepared.value;
    const today = this.#deps.today();
    // Paper: the full ID number, as the court requires. QR codes: the masked one (qr-text.ts).
    const paper = renderTemplate(template, prepared.value.answers, { citizen: partyOf(card, card.idNumber), today });
    const screen = renderTemplate(template, prepared.value.answers, { citizen: partyOf(card, maskIdNumber(card.idNumber)), today });
    const parts = qrParts(documentText(screen));
    const qrCodes = await Promise.all(parts.map((part) => this.#deps.qrSvg(part)));
    const outcome = await this.#deps.print({ document: paper, qrCodes, qrHeading: T.qrHeading, qrNote: qrNote(parts.length) });
    this.#deps.logger.info('documents.printed', { template: template.id, qrCodes: parts.length, outcome });
    return ok(outcome);
  }
}
