// The centre with tus-js-client (the kiosk's upload library): a chunked upload signed per request
// through a wrapping HttpStack, then committed.
import { createHash, randomUUID } from 'node:crypto';
import { Upload, DefaultHttpStack, type HttpRequest, type HttpStack } from 'tus-js-client';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { CENTRE_PATHS, CommitResponseSchema } from '../../domain/centre/protocol.ts';
import { sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import { enrolKiosk, fakeJpeg, sha256Hex, signedHeaders, signedJson, startTestCentre, type TestCentre, type TestKiosk } from '../../center/server/testing/harness.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

describe.each(centreDatabases())('on %s', (database) => {
  let centre: TestCentre;
  let kiosk: TestKiosk;
  beforeAll(async () => {
    centre = await startTestCentre({ database });
    kiosk = await enrolKiosk(centre.baseUrl);
  });
  afterAll(async () => {
    await centre?.close();
  });

  /** Signs each request when its body is known (in send), as the kiosk's client must. */
  const signingStack = (inner: HttpStack, who: TestKiosk): HttpStack => ({
    getName: () => 'signing',
    createRequest(method, url) {
      const request = inner.createRequest(method, url);
      const wrapped: HttpRequest = {
        getMethod: () => request.getMethod(),
        getURL: () => request.getURL(),
        setHeader: (h, v) => request.setHeader(h, v),
        getHeader: (h) => request.getHeader(h),
        setProgressHandler: (handler) => request.setProgressHandler(handler),
        abort: () => request.abort(),
        getUnderlyingObject: () => request.getUnderlyingObject(),
        send(body: unknown) {
          const bytes = body == null ? Buffer.alloc(0) : Buffer.from(body as Uint8Array);
          const target = new URL(url);
          for (const [h, v] of Object.entries(signedHeaders(who, method, target.pathname + target.search, bytes))) request.setHeader(h, v);
          return request.send(body);
        },
      };
      return wrapped;
    },
  });

  it('uploads in chunks with tus-js-client and commits', async () => {
    const bytes = fakeJpeg(700_000, 9);
    const applicationId = randomUUID();
    const attachmentId = randomUUID();
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const uploadUrl = await new Promise<string>((resolve, reject) => {
      const upload = new Upload(bytes, {
        endpoint: `${centre.baseUrl}${CENTRE_PATHS.uploads}`,
        chunkSize: 256 * 1024,
        metadata: { applicationId, attachmentId, sha256, filetype: 'image/jpeg' },
        httpStack: signingStack(new DefaultHttpStack({}), kiosk),
        retryDelays: [],
        onError: reject,
        onSuccess: () => resolve(upload.url ?? ''),
      });
      upload.start();
    });
    expect(uploadUrl).toContain(CENTRE_PATHS.uploads);
    const res = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, {
      applicationId,
      record: sampleRecord({ localNumber: 'LA20261123-0009', shortCode: 'ABCDEF', submittedAt: '2026-11-23T10:00:00+08:00' }),
      attachments: [{ attachmentId, kind: 'material', materialId: 'id_card', page: 1, mime: 'image/jpeg', sha256: sha256Hex(bytes), size: bytes.length, uploadUrl }],
    });
    expect(res.status).toBe(201);
    expect(CommitResponseSchema.parse(await res.json()).replay).toBe(false);
  });
});
