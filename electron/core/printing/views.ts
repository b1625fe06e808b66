/**
 * What the printed documents show. The application layer maps its records to these views; the
 * templates know nothing about applications, so they stay small and testable. All strings are
 * display text (dates already formatted, names already masked) and are escaped when rendered.
 */
export interface ReceiptView {
  /** e.g. '法律援助申请回执' */
  title: string;
  stationName: string;
  localNumber: string;
  /** 受理编号: the centre's number, on a receipt printed again after the upload was confirmed. */
  acceptanceNumber?: string | null;
  shortCode: string;
  /** Encoded in the QR code so the applicant can follow the application. */
  statusUrl: string;
  /** Display text. */
  submittedAt: string;
  matterLabel: string;
  /** Masked name, e.g. '张**'. */
  applicantLabel: string;
  nextSteps: string[];
  /** Display text, e.g. '2026年11月30日前'. */
  decisionDueBy: string;
  urgent: string | null;
  missingMaterials: string[];
  centre: { name: string; phone: string; address: string };
  footer: string[];
}

export interface FormRow {
  label: string;
  value: string;
}

export interface FormSection {
  title: string;
  rows: FormRow[];
}

export interface FormSignature {
  /** PNG as base64 (no data: prefix); null = print-and-sign, the form leaves a signing line. */
  imagePngBase64: string | null;
  signerLabel: string;
  dateText: string;
}

/** An A4 document: the application form (申请表) or the signed pledge (承诺书). */
export interface FormView {
  title: string;
  subtitle: string | null;
  sections: FormSection[];
  signature: FormSignature | null;
  /** Running text such as the pledge. */
  paragraphs?: string[];
  footer: string[];
}

/** The 80 mm status slip from the kiosk's status look-up (查询申请进度): no ID number, no name. */
export interface StatusSlipView {
  title: string;
  stationName: string;
  /** e.g. { label: '受理编号', value: 'FY2026-000123' } */
  number: { label: string; value: string };
  /** Label/value rows in order (submitted on, matter, lawyer ...). */
  rows: FormRow[];
  status: { label: string; what: string; nextLabel: string; next: string };
  decisionDue: { label: string; value: string } | null;
  materials: { label: string; items: string[]; due: string | null } | null;
  printedAt: string;
  footer: string[];
}
