// The centre's tus staging area after a commit (found by upload-fault-injection.test.ts): uploads a
// kiosk abandoned (a creation whose answer was lost, a crash mid-creation) and uploads made again
// after a lost commit answer must not stay behind for days once the application is committed.
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CENTRE_PATHS, type CommitAttachment } from '../../domain/centre/protocol.ts';
import { sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import {
  createUpload,
  enrolKiosk,
  fakeJpeg,
  patchUpload,
  sha256Hex,
  signedJson,
  startTestCentre,
  uploadBytes,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

describe.each(centreDatabases())('on %s', (database) => {
  let centre: TestCentre;
  let kiosk: TestKiosk;
  let otherKiosk: TestKiosk;
  beforeAll(async () => {
    centre = await startTestCentre({ database });
    kiosk = await enrolKiosk(centre.baseUrl);
    otherKiosk = await enrolKiosk(centre.baseUrl);
  });
  afterAll(async () => {
    await centre?.close();
  });

  /** Upload ids staged for an application (rows), and whether any of their files are still on disk. */
  const staged = async (applicationId: string) => {
    const rows = await centre.db.selectFrom('uploads').select('upload_id').where('application_id', '=', applicationId).execute();
    const files = readdirSync(join(centre.dataDir, 'uploads'));
    const ids = rows.map((r) => r.upload_id);
    return { ids, files: files.filter((f) => ids.some((id) => f.startsWith(id))) };
  };
  const idOf = (location: string) => new URL(location, centre.baseUrl).pathname.split('/').pop()!;

  it('a commit removes every upload the kiosk staged for the application; a replay removes uploads made again', async () => {
    const applicationId = randomUUID();
    const attachmentId = randomUUID();
    const bytes = fakeJpeg(120_000, 7);
    const metadata = { applicationId, attachmentId, sha256: sha256Hex(bytes), filetype: 'image/jpeg' };

    // A first upload the kiosk lost track of after 50,000 bytes (it never learnt or kept the URL).
    const abandoned = await createUpload(centre.baseUrl, kiosk, bytes.length, metadata);
    expect(abandoned.status).toBe(201);
    expect((await patchUpload(centre.baseUrl, kiosk, abandoned.headers.get('location')!, 0, bytes.subarray(0, 50_000))).status).toBe(204);
    // Another kiosk's upload naming the same application is not this kiosk's to clear.
    const foreign = await uploadBytes(centre.baseUrl, otherKiosk, bytes, { ...metadata, attachmentId: randomUUID() });
    // The upload the kiosk commits with.
    const uploadUrl = await uploadBytes(centre.baseUrl, kiosk, bytes, metadata);
    expect((await staged(applicationId)).ids).toHaveLength(3);

    const attachment: CommitAttachment = { attachmentId, kind: 'material', materialId: 'id_card', page: 1, mime: 'image/jpeg', sha256: metadata.sha256, size: bytes.length, uploadUrl };
    const first = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId, record: sampleRecord(), attachments: [attachment] });
    expect(first.status).toBe(201);
    expect(await staged(applicationId)).toEqual({ ids: [idOf(foreign)], files: expect.arrayContaining([idOf(foreign)]) });

    // The commit's answer was lost: the kiosk finds its upload gone (404), uploads again and commits again.
    const again = await uploadBytes(centre.baseUrl, kiosk, bytes, metadata);
    expect((await staged(applicationId)).ids).toContain(idOf(again));
    const replay = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId, record: sampleRecord(), attachments: [{ ...attachment, uploadUrl: again }] });
    expect(replay.status).toBe(200);
    expect((await staged(applicationId)).ids).toEqual([idOf(foreign)]);
    expect((await staged(applicationId)).files.every((f) => f.startsWith(idOf(foreign)))).toBe(true);
  });
});
