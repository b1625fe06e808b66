import { createPublicKey, verify, createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_AUTH_HEADERS, signingString } from '../../../domain/centre/protocol.ts';
import { STATUS_PATHS, type CitizenStatus } from '../../../domain/centre/console-api.ts';
import { sampleCitizenStatus } from '../../../domain/centre/testing.ts';
import { createCentreClient, failureFromStatus, type FetchLike } from './centre-client.ts';
import { ensureDeviceIdentity } from './device-identity.ts';

const ID = '110105199001011234';
const KIOSK_ID = '0b6f3c2e-2f6b-4c52-9d55-7b1c1d2e3f40';
const status: CitizenStatus = sampleCitizenStatus();

const setup = (answer: (url: string) => Promise<Response>) => {
  const identity = ensureDeviceIdentity(mkdtempSync(join(tmpdir(), 'centre-client-')), Date.now);
  if (!identity.ok) throw new Error(identity.error.code);
  identity.value.setKioskId(KIOSK_ID);
  const sent: { url: string; headers: Record<string, string>; body: string | undefined }[] = [];
  const fetchFn: FetchLike = (url, init) => {
    sent.push({ url, headers: init.headers, body: init.body });
    return answer(url);
  };
  let answered = 0;
  const client = createCentreClient({ baseUrl: 'http://centre.test:8740', identity: identity.value, fetch: fetchFn, onAnswered: () => (answered += 1) });
  return { client, sent, publicKey: identity.value.publicKey, answered: () => answered };
};

describe('status look-up call', () => {
  it('sends the ID number only in the signed body, and reads the answer', async () => {
    const { client, sent, publicKey, answered } = setup(async () => Response.json({ applications: [status] }));
    const result = await client.statusLookup(ID);
    expect(result).toEqual({ ok: true, value: [status] });
    const [request] = sent;
    expect(request!.url).toBe(`http://centre.test:8740${STATUS_PATHS.kioskLookup}`);
    expect(request!.url).not.toContain(ID);
    expect(JSON.parse(request!.body!)).toEqual({ idNumber: ID });
    // The centre can verify the signature over exactly these bytes.
    const signed = signingString('POST', STATUS_PATHS.kioskLookup, request!.headers[KIOSK_AUTH_HEADERS.time]!, createHash('sha256').update(request!.body!).digest('hex'));
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(verify(null, Buffer.from(signed), key, Buffer.from(request!.headers[KIOSK_AUTH_HEADERS.signature]!, 'base64'))).toBe(true);
    expect(request!.headers[KIOSK_AUTH_HEADERS.kiosk]).toBe(KIOSK_ID);
    expect(answered()).toBe(1);
  });

  it('turns every failure into a code: refused, unreadable, unreachable, invalid number', async () => {
    expect(await setup(async () => Response.json({ error: { code: 'revoked', message: 'x' } }, { status: 403 })).client.statusLookup(ID)).toEqual({
      ok: false,
      error: { code: 'revoked', status: 403 },
    });
    expect(await setup(async () => Response.json({ applications: [{ nope: 1 }] })).client.statusLookup(ID)).toEqual({ ok: false, error: { code: 'internal', status: 200 } });
    const down = setup(() => Promise.reject(new TypeError('fetch failed')));
    expect(await down.client.statusLookup(ID)).toEqual({ ok: false, error: { code: 'network' } });
    expect(down.answered()).toBe(0);
    const nothingSent = setup(async () => Response.json({ applications: [] }));
    expect(await nothingSent.client.statusLookup('not-a-number')).toEqual({ ok: false, error: { code: 'invalid_input' } });
    expect(nothingSent.sent).toEqual([]);
  });
});

describe('failures from HTTP answers', () => {
  it("a gateway's or a stopping server's 502/503/504 means the centre is unreachable; the centre's own codes are kept", () => {
    // Fastify answers this while the centre stops (found by the upload fault-injection test).
    const stopping = JSON.stringify({ error: 'Service Unavailable', message: 'Service Unavailable', statusCode: 503 });
    expect(failureFromStatus(503, stopping)).toEqual({ code: 'network', status: 503 });
    expect(failureFromStatus(502, '<html>502 Bad Gateway</html>')).toEqual({ code: 'network', status: 502 });
    expect(failureFromStatus(504, '')).toEqual({ code: 'network', status: 504 });
    expect(failureFromStatus(500, '')).toEqual({ code: 'internal', status: 500 });
    expect(failureFromStatus(503, JSON.stringify({ error: { code: 'internal', message: 'internal error' } }))).toEqual({ code: 'internal', status: 503 });
    expect(failureFromStatus(409, '')).toEqual({ code: 'conflict', status: 409 });
  });
});
