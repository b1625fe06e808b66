// The centre server (issue 5): enrolment with one-time codes and Ed25519-signed kiosk requests.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API, CSRF_HEADER } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS, CentreErrorSchema, EnrolResponseSchema, MAX_CLOCK_SKEW_MS } from '../../domain/centre/protocol.ts';
import {
  countRows,
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  createEnrolmentCode,
  loginAs,
  enrolKiosk,
  newKioskKeys,
  signedJson,
  startTestCentre,
  type TestCentre,
} from '../../center/server/testing/harness.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

describe.each(centreDatabases())('on %s', (database) => {
  /** A valid heartbeat body (the kiosk's health for the fleet page). */
  const HEALTH = {
    version: '0.1.0',
    uptimeSeconds: 12,
    reader: 'ready',
    printers: { receipt: 'ready', a4: 'offline' },
    diskFreeBytes: 1_000_000,
    outbox: { pending: 2, oldestCreatedAt: '2026-11-23T10:00:00+08:00' },
  };

  let centre: TestCentre;
  beforeAll(async () => {
    centre = await startTestCentre({ database });
  });
  afterAll(async () => {
    await centre?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${centre.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  const errorCode = async (res: Response) => CentreErrorSchema.parse(await res.json()).error.code;

  const count = (table: 'kiosks' | 'applications' | 'attachments' | 'uploads') => countRows(centre, table);

  describe('health and admin', () => {
    it('answers health', async () => {
      const res = await fetch(`${centre.baseUrl}${CENTRE_PATHS.health}`);
      expect(res.status).toBe(200);
    });

    it('makes enrolment codes only for a signed-in console account', async () => {
      const anonymous = await fetch(`${centre.baseUrl}${CONSOLE_API.enrolmentCodes}`, { method: 'POST', headers: { [CSRF_HEADER]: '1' } });
      expect(anonymous.status).toBe(401);
      expect(await errorCode(anonymous)).toBe('unauthorized');
      // The old bearer-token endpoint is gone.
      expect((await fetch(`${centre.baseUrl}/api/admin/enrolment-codes`, { method: 'POST' })).status).toBe(404);
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const res = await admin.post(CONSOLE_API.enrolmentCodes);
      expect(res.status).toBe(201);
      const body = (await res.json()) as { code: string; expiresAt: string };
      expect(body.code).toMatch(/^[A-Z0-9]{8,16}$/);
      const ttl = Date.parse(body.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(23.9 * 3600_000);
      expect(ttl).toBeLessThanOrEqual(24 * 3600_000);
    });
  });

  describe('enrolment', () => {
    it('enrols once per code; a reused code is refused', async () => {
      const code = await createEnrolmentCode(centre.baseUrl);
      const kiosk = newKioskKeys();
      const first = await post(CENTRE_PATHS.enrol, { code, publicKey: kiosk.publicKeySpki, stationName: '石牌村服务站', regionCode: '440106' });
      expect(first.status).toBe(201);
      const enrolled = EnrolResponseSchema.parse(await first.json());
      expect(enrolled.centreName).toBe('测试法律援助中心');
      const before = await count('kiosks');
      const again = await post(CENTRE_PATHS.enrol, { code, publicKey: newKioskKeys().publicKeySpki, stationName: '另一站', regionCode: '440106' });
      expect(again.status).toBe(401);
      expect(await errorCode(again)).toBe('unauthorized');
      expect(await count('kiosks')).toBe(before);
    });

    it('refuses keys that are not Ed25519 SPKI, and unknown codes', async () => {
      const code = await createEnrolmentCode(centre.baseUrl);
      const rsa = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
      const before = await count('kiosks');
      for (const publicKey of [rsa, Buffer.alloc(44, 7).toString('base64'), 'A'.repeat(60)]) {
        const res = await post(CENTRE_PATHS.enrol, { code, publicKey, stationName: '站', regionCode: '440106' });
        expect(res.status).toBe(400);
        expect(await errorCode(res)).toBe('invalid_input');
      }
      const unknown = await post(CENTRE_PATHS.enrol, { code: 'ZZZZZZZZZZZZ', publicKey: newKioskKeys().publicKeySpki, stationName: '站', regionCode: '440106' });
      expect(unknown.status).toBe(401);
      expect(await count('kiosks')).toBe(before);
      // The code was not spent by the failed attempts.
      expect((await post(CENTRE_PATHS.enrol, { code, publicKey: newKioskKeys().publicKeySpki, stationName: '站', regionCode: '440106' })).status).toBe(201);
    });

    it('refuses wrong types and extra fields without echoing them', async () => {
      const code = await createEnrolmentCode(centre.baseUrl);
      const hostile = "'; DROP TABLE kiosks; --<script>alert(1)</script>";
      for (const body of [
        { code, publicKey: newKioskKeys().publicKeySpki, stationName: 42, regionCode: '440106' },
        { code, publicKey: newKioskKeys().publicKeySpki, stationName: '站', regionCode: '440106', admin: true },
        { code: hostile, publicKey: newKioskKeys().publicKeySpki, stationName: '站', regionCode: '440106' },
        { code, publicKey: newKioskKeys().publicKeySpki, stationName: '站', regionCode: '../../etc' },
        [],
      ]) {
        const res = await post(CENTRE_PATHS.enrol, body);
        expect(res.status).toBe(400);
        const text = await res.text();
        expect(text).not.toContain('DROP');
        expect(text).not.toContain('etc');
      }
      const notJson = await fetch(`${centre.baseUrl}${CENTRE_PATHS.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"code":' });
      expect(notJson.status).toBe(400);
      const big = await post(CENTRE_PATHS.enrol, { code, publicKey: 'A'.repeat(200_000), stationName: '站', regionCode: '440106' });
      expect(big.status).toBe(413);
      expect(await errorCode(big)).toBe('too_large');
      expect(await count('kiosks')).toBeGreaterThan(0);
    });
  });

  describe('signed kiosk requests', () => {
    it('accepts a correctly signed request and updates last_seen_at', async () => {
      const kiosk = await enrolKiosk(centre.baseUrl);
      const res = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTH);
      expect(res.status).toBe(200);
      const row = await centre.db.selectFrom('kiosks').select(['last_seen_at', 'health']).where('id', '=', kiosk.kioskId).executeTakeFirstOrThrow();
      expect(row.last_seen_at).not.toBeNull();
      // The health report is kept for the fleet page; a malformed one is refused.
      expect(JSON.parse(row.health!)).toEqual(HEALTH);
      const bad = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, { ...HEALTH, reader: '<script>' });
      expect(bad.status).toBe(400);
    });

    it('refuses a missing or bad signature, another kiosk’s key, a tampered body and clock skew', async () => {
      const kiosk = await enrolKiosk(centre.baseUrl);
      const other = await enrolKiosk(centre.baseUrl);
      const unsigned = await post(CENTRE_PATHS.heartbeat, HEALTH);
      expect(unsigned.status).toBe(401);
      expect(await errorCode(unsigned)).toBe('unauthorized');
      // Signed by the other kiosk's key while claiming to be this kiosk.
      const wrongKey = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTH, { signWith: other.privateKey });
      expect(wrongKey.status).toBe(401);
      // A kiosk id nobody enrolled.
      const unknown = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTH, { kioskId: '00000000-0000-4000-8000-000000000000' });
      expect(unknown.status).toBe(401);
      for (const time of [Date.now() - MAX_CLOCK_SKEW_MS - 60_000, Date.now() + MAX_CLOCK_SKEW_MS + 60_000]) {
        const skewed = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTH, { time });
        expect(skewed.status).toBe(401);
        expect(await errorCode(skewed)).toBe('unauthorized');
      }
      // Signature over one body, another body sent.
      const { signedHeaders } = await import('../../center/server/testing/harness.ts');
      const headers = signedHeaders(kiosk, 'POST', CENTRE_PATHS.heartbeat, Buffer.from('{"a":1}'));
      const tampered = await fetch(`${centre.baseUrl}${CENTRE_PATHS.heartbeat}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"a":2}' });
      expect(tampered.status).toBe(401);
      // Signature for another path.
      const elsewhere = signedHeaders(kiosk, 'POST', CENTRE_PATHS.commit, Buffer.from('{}'));
      const moved = await fetch(`${centre.baseUrl}${CENTRE_PATHS.heartbeat}`, { method: 'POST', headers: { ...elsewhere, 'content-type': 'application/json' }, body: '{}' });
      expect(moved.status).toBe(401);
      expect((await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTH)).status).toBe(200);
    });

    it('refuses a revoked kiosk with 403 revoked', async () => {
      const kiosk = await enrolKiosk(centre.baseUrl);
      // No console yet: revoke directly in the database, as the console will.
      await centre.db.updateTable('kiosks').set({ revoked_at: new Date().toISOString() }).where('id', '=', kiosk.kioskId).execute();
      const res = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTH);
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('revoked');
    });
  });

  describe('rate limits', () => {
    it('answers 429 rate_limited once a kiosk’s bucket is empty, and for too many enrolment attempts', async () => {
      const limited = await startTestCentre({ database, rateLimits: { kiosk: { capacity: 3, perSecond: 0.01 }, anonymous: { capacity: 4, perSecond: 0.01 } } });
      try {
        const kiosk = await enrolKiosk(limited.baseUrl); // 2 anonymous tokens
        const statuses = [];
        for (let i = 0; i < 5; i++) statuses.push((await signedJson(limited.baseUrl, kiosk, CENTRE_PATHS.heartbeat, HEALTH)).status);
        expect(statuses).toEqual([200, 200, 200, 429, 429]);
        // Code creation and enrolment took 2 of the 4 anonymous tokens.
        const direct = [];
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`${limited.baseUrl}${CENTRE_PATHS.enrol}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
          direct.push(res.status);
        }
        expect(direct).toEqual([400, 400, 429]);
      } finally {
        await limited.close();
      }
    });
  });
});
