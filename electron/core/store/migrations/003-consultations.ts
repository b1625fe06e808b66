/**
 * Version 3: video consultations (issue 6). One row per consultation this kiosk asked for: what the
 * centre must be told when it is over (times, end reason, rating, what was printed), where its
 * recording is, and its own lane of the upload outbox (state, attempts, backoff, the tus URL of
 * the recording). The recording's bytes live in encrypted files beside the database (see
 * consultation-store.ts); the row never holds a name or an ID number.
 *
 * A separate lane rather than rows in `outbox`: those reference applications, and a recording of
 * several hundred megabytes must not hold a small application upload up behind it.
 */
export const sql = /* sql */ `
CREATE TABLE consultation (
  consultation_id       TEXT NOT NULL PRIMARY KEY CHECK (length(consultation_id) = 36),
  matter_category       TEXT NOT NULL,
  started_at            TEXT NOT NULL,
  started_ms            INTEGER NOT NULL,
  -- active: the call is on (recording may be growing); pending/uploading: queued for the centre; done: acknowledged
  state                 TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'pending', 'uploading', 'done')),
  ended_at              TEXT,
  end_reason            TEXT CHECK (end_reason IS NULL OR end_reason IN ('kiosk_hangup', 'lawyer_hangup', 'network', 'cancelled', 'session_ended')),
  rating                INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  printed               TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(printed)),
  -- none: nothing recorded yet; sealed: the final file with its duration; deleted: gone after the centre stored it
  recording_state       TEXT NOT NULL DEFAULT 'none' CHECK (recording_state IN ('none', 'spooling', 'sealed', 'deleted')),
  recording_bytes       INTEGER CHECK (recording_bytes IS NULL OR recording_bytes > 0),
  recording_sha256      TEXT CHECK (recording_sha256 IS NULL OR length(recording_sha256) = 64),
  recording_duration_ms INTEGER CHECK (recording_duration_ms IS NULL OR recording_duration_ms >= 0),
  upload_url            TEXT CHECK (upload_url IS NULL OR length(upload_url) BETWEEN 1 AND 500),
  attempts              INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at       INTEGER,
  last_error_code       TEXT,
  done_at               TEXT,
  CHECK ((state = 'active') = (ended_at IS NULL)),
  CHECK ((state = 'done') = (done_at IS NOT NULL)),
  CHECK ((recording_state = 'sealed') = (recording_sha256 IS NOT NULL))
) STRICT;

CREATE INDEX consultation_due ON consultation (state, next_attempt_at);
`;
