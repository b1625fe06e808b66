/**
 * The centre's tables as Kysely sees them. Portable column types only (text, integer): timestamps
 * are ISO-8601 UTC strings and JSON is text, so the same queries run on SQLite and PostgreSQL.
 */
export interface KiosksTable {
  id: string;
  /** Ed25519 public key, SPKI DER, base64. */
  public_key: string;
  station_name: string;
  region_code: string;
  enrolled_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  /** Last heartbeat body (HeartbeatRequest JSON) and when it came. */
  health: string | null;
  health_at: string | null;
}

export interface EnrolmentCodesTable {
  /** SHA-256 hex of the code: a leaked database does not leak usable codes. */
  code_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  kiosk_id: string | null;
}

export interface ApplicationsTable {
  application_id: string;
  acceptance_number: string;
  kiosk_id: string;
  /** The validated ApplicationRecord, JSON. */
  record: string;
  /** SHA-256 of the canonical commit content: tells a replay from a conflicting reuse of the id. */
  content_sha256: string;
  local_number: string;
  received_at: string;
}

export interface AttachmentsTable {
  attachment_id: string;
  application_id: string;
  kind: 'material' | 'signature';
  material_id: string | null;
  page: number;
  mime: 'image/jpeg' | 'image/png';
  sha256: string;
  size: number;
  object_key: string;
}

/** tus bookkeeping: which kiosk created an upload and for which attachment. */
export interface UploadsTable {
  upload_id: string;
  kiosk_id: string;
  application_id: string;
  attachment_id: string;
  created_at: string;
}

export interface AcceptanceSequencesTable {
  region_code: string;
  year: number;
  last_value: number;
}

export type AccountRole = 'admin' | 'staff' | 'lawyer' | 'technician';

export interface AccountsTable {
  id: string;
  username: string;
  display_name: string;
  role: AccountRole;
  /** PHC string of a memory-hard hash (argon2id). */
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
  /** Consecutive failures; reset on success. */
  failed_logins: number;
  locked_until: string | null;
}

/** Console sessions: the cookie holds a random token, the table only its SHA-256. */
export interface AccountSessionsTable {
  token_hash: string;
  account_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export type CaseStatus = 'received' | 'materials_requested' | 'granted' | 'assigned' | 'refused' | 'withdrawn';

/**
 * The review of one application (the intake row stays as the kiosk sent it). Dates ending in `_on`
 * are IsoDate (YYYY-MM-DD, China time); `_at` are ISO-8601 UTC instants. JSON in text columns.
 */
export interface CasesTable {
  application_id: string;
  status: CaseStatus;
  /** HMAC-SHA-256 of the applicant's ID number under the centre's lookup key: the kiosk's status look-up by card. */
  applicant_key: string | null;
  /** The same HMAC of the agent's ID number when someone applied on the applicant's behalf (第四十条). */
  agent_key: string | null;
  received_on: string;
  /** The application's arrival instant (copied from applications: the work list sorts on it without a join). */
  received_at: string;
  /** 0/1: provisional aid (第四十四条) asked for. */
  urgent: number;
  deadline: string | null;
  /** Days spent supplementing materials: not counted toward the 7 days. */
  supplement_days: number;
  decision_due_on: string;
  materials_requested_at: string | null;
  materials_due_on: string | null;
  /** JSON string[] of material ids asked for, all at once (一次性告知). */
  requested_materials: string | null;
  materials_note: string | null;
  materials_received_at: string | null;
  decided_at: string | null;
  decided_by: string | null;
  refusal_reasons: string | null;
  assignment_due_on: string | null;
  lawyer_id: string | null;
  assigned_at: string | null;
  updated_at: string;
  /** Optimistic concurrency: two staff deciding at once, one wins. */
  version: number;
}

/** Who saw and did what. `detail` is JSON without personal data (ids, statuses, counts). */
export interface AuditEventsTable {
  id: string;
  at: string;
  actor_kind: 'account' | 'kiosk' | 'public' | 'system';
  actor_id: string | null;
  action: string;
  subject_kind: string;
  subject_id: string | null;
  detail: string | null;
}

/** Issue 6: a lawyer's dispatch profile. JSON string[] in the list columns. */
export interface LawyerProfilesTable {
  account_id: string;
  display_name: string;
  organisation: string;
  /** JSON string[] of GB/T 2260 codes the lawyer serves (the first is their home county). */
  region_codes: string;
  /** JSON MatterCategory[]. */
  matter_categories: string;
  /** JSON string[] ('zh', 'en', ...). */
  languages: string;
  updated_at: string;
}

export type ConsultationPhase = 'ringing' | 'queued' | 'connected' | 'ended' | 'cancelled';

/** Issue 6: one video consultation. No citizen name or ID number is stored here. */
export interface ConsultationsTable {
  id: string;
  kiosk_id: string;
  station_name: string;
  region_code: string;
  matter_category: string;
  language: string;
  requested_at: string;
  phase: ConsultationPhase;
  /** Set once, by the accept that won (a conditional update: the first accept wins). */
  lawyer_account_id: string | null;
  answered_tier: string | null;
  /** Milliseconds from the request to the winning accept. */
  answer_ms: number | null;
  connected_at: string | null;
  ended_at: string | null;
  end_reason: string | null;
  identity_verified_by_lawyer: number;
  notes: string;
  notes_version: number;
  rating: number | null;
  recording_sha256: string | null;
  recording_bytes: number | null;
  recording_duration_ms: number | null;
  committed_at: string | null;
  /** SHA-256 of the canonical commit body: a replay with other content is a conflict. */
  commit_sha256: string | null;
}

/** Issue 6: the dispatch timeline of a consultation (domain/dispatch TimelineEntry), in order. */
export interface ConsultationEventsTable {
  consultation_id: string;
  seq: number;
  kind: string;
  at: string;
  since_request_ms: number;
  tier: string | null;
  /** JSON detail without personal data (lawyer account ids, reasons). */
  detail: string | null;
}

export interface ConsultationPushesTable {
  push_id: string;
  consultation_id: string;
  at: string;
  pushed_by: string;
  kind: string;
  title: string;
  body: string;
  /** JSON string[]. */
  items: string;
  outcome: string | null;
}

export interface ConsultationReferralsTable {
  id: string;
  consultation_id: string;
  at: string;
  /** JSON Referral (domain/consult/protocol.ts). */
  referral: string;
}

export interface SchemaMigrationsTable {
  version: number;
  applied_at: string;
}

export interface CentreDatabase {
  kiosks: KiosksTable;
  enrolment_codes: EnrolmentCodesTable;
  applications: ApplicationsTable;
  attachments: AttachmentsTable;
  uploads: UploadsTable;
  acceptance_sequences: AcceptanceSequencesTable;
  accounts: AccountsTable;
  account_sessions: AccountSessionsTable;
  cases: CasesTable;
  audit_events: AuditEventsTable;
  lawyer_profiles: LawyerProfilesTable;
  consultations: ConsultationsTable;
  consultation_events: ConsultationEventsTable;
  consultation_pushes: ConsultationPushesTable;
  consultation_referrals: ConsultationReferralsTable;
  schema_migrations: SchemaMigrationsTable;
}
