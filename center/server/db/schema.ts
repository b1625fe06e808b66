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
  status: 'received';
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
  schema_migrations: SchemaMigrationsTable;
}
