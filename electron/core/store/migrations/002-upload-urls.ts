/**
 * Version 2: where each attachment's bytes are going (issue 5). tus-js-client's `urlStorage` keeps
 * the upload URL the centre handed out at creation, so an upload interrupted by a restart resumes
 * at the centre's offset (a HEAD) instead of creating a second upload and sending the bytes again.
 * Rows go with their attachment (purge deletes attachments) and after the commit.
 */
export const sql = /* sql */ `
CREATE TABLE upload_url (
  attachment_id TEXT NOT NULL PRIMARY KEY REFERENCES attachment (attachment_id) ON DELETE CASCADE,
  upload_url    TEXT NOT NULL CHECK (length(upload_url) BETWEEN 1 AND 500),
  created_at    TEXT NOT NULL
) STRICT;
`;
