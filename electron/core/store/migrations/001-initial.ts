/**
 * Version 1: applications, their attachments (the bytes live in encrypted files, see
 * attachment-cipher.ts), the upload outbox and print jobs. The whole file is encrypted by SQLCipher,
 * so `payload` (the application record, with names and ID numbers) is plain JSON in here.
 *
 * Times: `*_at` are ISO 8601 local timestamps for people and receipts, `*_ms` are epoch
 * milliseconds for ordering and arithmetic (retention, backoff).
 */
export const sql = /* sql */ `
CREATE TABLE application (
  application_id    TEXT NOT NULL PRIMARY KEY CHECK (length(application_id) BETWEEN 1 AND 64),
  local_number      TEXT NOT NULL UNIQUE
                    CHECK (local_number GLOB 'LA[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'),
  local_day         TEXT NOT NULL CHECK (local_day GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'),
  day_sequence      INTEGER NOT NULL CHECK (day_sequence BETWEEN 1 AND 9999),
  short_code        TEXT NOT NULL UNIQUE CHECK (length(short_code) = 6),
  station_code      TEXT,
  submitted_at      TEXT NOT NULL,
  submitted_ms      INTEGER NOT NULL,
  matter_id         TEXT NOT NULL,
  centre_code       TEXT NOT NULL,
  config_version    TEXT NOT NULL,
  decision_due_by   TEXT NOT NULL,
  urgent_deadline   TEXT,
  payload           TEXT CHECK (payload IS NULL OR json_valid(payload)),
  uploaded_at       TEXT,
  uploaded_ms       INTEGER,
  acceptance_number TEXT,
  purged_at         TEXT,
  UNIQUE (local_day, day_sequence),
  CHECK ((uploaded_at IS NULL) = (uploaded_ms IS NULL)),
  -- personal data is either present or purged, and only an uploaded application may be purged
  CHECK ((payload IS NULL) = (purged_at IS NOT NULL)),
  CHECK (purged_at IS NULL OR uploaded_at IS NOT NULL)
) STRICT;

CREATE INDEX application_by_submission ON application (submitted_ms);
CREATE INDEX application_by_upload ON application (uploaded_ms) WHERE purged_at IS NULL;

CREATE TABLE attachment (
  attachment_id  TEXT NOT NULL PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES application (application_id),
  position       INTEGER NOT NULL CHECK (position >= 0),
  kind           TEXT NOT NULL CHECK (kind IN ('material', 'signature')),
  material_id    TEXT,
  page           INTEGER NOT NULL CHECK (page >= 0),
  mime           TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png')),
  byte_length    INTEGER NOT NULL CHECK (byte_length >= 0),
  sha256         TEXT NOT NULL CHECK (length(sha256) = 64),
  UNIQUE (application_id, position)
) STRICT;

CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  application_id  TEXT NOT NULL UNIQUE REFERENCES application (application_id),
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'uploading', 'done')),
  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at INTEGER NOT NULL,
  last_error_code TEXT,
  created_at      TEXT NOT NULL,
  done_at         TEXT,
  CHECK ((state = 'done') = (done_at IS NOT NULL))
) STRICT;

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE print_job (
  print_job_id   TEXT NOT NULL PRIMARY KEY,
  application_id TEXT NOT NULL REFERENCES application (application_id),
  document       TEXT NOT NULL CHECK (document IN ('receipt', 'form', 'pledge')),
  queue          TEXT NOT NULL,
  job_id         TEXT,
  state          TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'completed', 'failed', 'printer_offline')),
  detail         TEXT,
  created_ms     INTEGER NOT NULL,
  updated_ms     INTEGER NOT NULL
) STRICT;

CREATE INDEX print_job_by_application ON print_job (application_id, created_ms);
`;
