import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CENTRE_PATHS, KIOSK_AUTH_HEADERS } from '../../../domain/centre/protocol.ts';
import { enrol } from './centre-client.ts';
import { loadDeviceIdentity, type DeviceIdentity } from './device-identity.ts';
import { startFakeCentre, type FakeCentre } from './fake-centre.ts';
import { createTusUploader, type UploadUrlStore } from './tus-uploader.ts';

const centres: FakeCentre[] = [];
afterEach(async () => Promise.all(centres.splice(0).map((c) => c.close())));

const memoryUrls = (): UploadUrlStore & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return {
    map,
    getUploadUrl: (id) => (map.has(id) ? { uploadUrl: map.get(id)!, createdAt: 'then' } : null),
    saveUploadUrl: (id, url) => void map.set(id, url),
    forgetUploadUrl: (id) => void map.delete(id),
  };
};

const enrolled = async (): Promise<{ centre: FakeCentre; identity: DeviceIdentity }> => {
  const centre = await startFakeCentre();
  centres.push(centre);
  const dir = mkdtempSync(join(tmpdir(), 'tus-uploader-'));
  const enrolment = await enrol(centre.baseUrl, { code: 'ABCD2345', stationName: '朝阳区法援工作站', regionCode: '110105' }, { identityDir: dir });
  expect(enrolment.ok).toBe(true);
  const identity = loadDeviceIdentity(dir, Date.now);
  if (!identity.ok) throw new Error(identity.error.code);
  return { centre, identity: identity.value };
};

const attachment = (bytes: Buffer) => ({
  applicationId: randomUUID(),
  attachmentId: randomUUID(),
  sha256: createHash('sha256').update(bytes).digest('hex'),
  mime: 'image/jpeg',
  bytes,
});

describe('tus uploader', () => {
  it('uploads in signed chunks (PATCH bodies signed with their own hash) and remembers the URL', async () => {
    const { centre, identity } = await enrolled();
    const urls = memoryUrls();
    const a = attachment(randomBytes(600_000));
    const uploader = createTusUploader({ baseUrl: centre.baseUrl, identity, urls, chunkSize: 256 * 1024 });
    const result = await uploader.upload(a);
    if (!result.ok) throw new Error(result.error.code);
    expect(centre.signatureFailures).toBe(0);
    expect(centre.requests.filter((r) => r.startsWith('PATCH'))).toHaveLength(3);
    expect(centre.patchedBytes()).toBe(600_000);
    expect(urls.map.get(a.attachmentId)).toBe(result.value.uploadUrl);
  });

  it('resumes from the stored URL: HEAD, then only the missing bytes, no new upload', async () => {
    const { centre, identity } = await enrolled();
    const urls = memoryUrls();
    const a = attachment(randomBytes(400_000));
    // A first run that stops after its first chunk (the centre refuses the second PATCH).
    const uploader = createTusUploader({ baseUrl: centre.baseUrl, identity, urls, chunkSize: 100_000 });
    let patches = 0;
    const origin = centre.requests.push.bind(centre.requests);
    centre.requests.push = (...items: string[]) => {
      for (const r of items) if (r.startsWith('PATCH') && ++patches === 2) centre.failNext(1, 503, 'internal');
      return origin(...items);
    };
    const first = await uploader.upload(a);
    expect(first).toEqual({ ok: false, error: { code: 'internal', status: 503 } });
    const stored = urls.map.get(a.attachmentId);
    expect(stored).toMatch(new RegExp(`${CENTRE_PATHS.uploads}/`));
    expect(centre.patchedBytes()).toBe(100_000);

    centre.requests.length = 0;
    const second = await createTusUploader({ baseUrl: centre.baseUrl, identity, urls, chunkSize: 100_000 }).upload(a);
    expect(second).toEqual({ ok: true, value: { uploadUrl: stored } });
    expect(centre.requests[0]).toBe(`HEAD ${new URL(stored!).pathname}`);
    expect(centre.requests.some((r) => r.startsWith('POST'))).toBe(false);
    expect(centre.creations()).toBe(1);
    expect(centre.patchedBytes()).toBe(400_000);
  });

  it('an unsigned kiosk is refused with unauthorized, and a 5xx on resume keeps the URL', async () => {
    const { centre, identity } = await enrolled();
    const urls = memoryUrls();
    const a = attachment(randomBytes(1_000));
    urls.saveUploadUrl(a.attachmentId, `${centre.baseUrl}${CENTRE_PATHS.uploads}/abc`);
    centre.failNext(1, 502, 'internal');
    const result = await createTusUploader({ baseUrl: centre.baseUrl, identity, urls }).upload(a);
    // A HEAD answer has no body: a 502 reads as a gateway's (centre unreachable), retried when it answers.
    expect(result).toEqual({ ok: false, error: { code: 'network', status: 502 } });
    expect(urls.map.has(a.attachmentId)).toBe(true);
    expect(centre.creations()).toBe(0);

    // A forged identity: same kiosk id, another key.
    const otherDir = mkdtempSync(join(tmpdir(), 'tus-forged-'));
    const { ensureDeviceIdentity } = await import('./device-identity.ts');
    const forged = ensureDeviceIdentity(otherDir, Date.now);
    if (!forged.ok) throw new Error('no identity');
    forged.value.setKioskId(identity.kioskId()!);
    const refused = await createTusUploader({ baseUrl: centre.baseUrl, identity: forged.value, urls: memoryUrls() }).upload(attachment(randomBytes(10)));
    expect(refused).toEqual({ ok: false, error: { code: 'unauthorized', status: 401 } });
    expect(KIOSK_AUTH_HEADERS.signature).toBe('x-kiosk-signature');
  });
});
