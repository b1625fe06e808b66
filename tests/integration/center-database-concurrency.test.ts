// The centre's database under concurrent requests, on SQLite and on PostgreSQL (where transactions
// really run side by side on a pool of connections): acceptance numbers stay unique and gap-free,
// one application committed several times at once is stored once, wrong passwords sent at once all
// count toward the lockout, and administrators disabling each other at once leave one of them.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_API, CSRF_HEADER } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS, CommitResponseSchema } from '../../domain/centre/protocol.ts';
import { sampleRecord } from '../../domain/legal-aid/testing/answers.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  countRows,
  createTestAccount,
  enrolKiosk,
  loginAs,
  fakeJpeg,
  sha256Hex,
  signedJson,
  startTestCentre,
  uploadBytes,
  type TestCentre,
  type TestKiosk,
} from '../../center/server/testing/harness.ts';

const sequenceOf = (acceptanceNumber: string) => Number(acceptanceNumber.split('-')[2]);

describe.each(centreDatabases())('on %s', (database) => {
  let centre: TestCentre;
  let kiosks: TestKiosk[];
  beforeAll(async () => {
    centre = await startTestCentre({ database });
    kiosks = [];
    for (let i = 0; i < 4; i++) kiosks.push(await enrolKiosk(centre.baseUrl));
  });
  afterAll(async () => {
    await centre?.close();
  });

  /** A commit body with one uploaded page (uploaded now, by `kiosk`). */
  const withPage = async (kiosk: TestKiosk, seed: number) => {
    const applicationId = randomUUID();
    const attachmentId = randomUUID();
    const bytes = fakeJpeg(20_000, seed);
    const sha256 = sha256Hex(bytes);
    const uploadUrl = await uploadBytes(centre.baseUrl, kiosk, bytes, { applicationId, attachmentId, sha256, filetype: 'image/jpeg' });
    return {
      applicationId,
      record: sampleRecord({ localNumber: `LA20261123-${String(seed).padStart(4, '0')}` }),
      attachments: [{ attachmentId, kind: 'material' as const, materialId: 'labour_evidence', page: 1, mime: 'image/jpeg' as const, sha256, size: bytes.length, uploadUrl }],
    };
  };

  it('gives applications committed at the same moment by four kiosks distinct, consecutive acceptance numbers', async () => {
    const before = await countRows(centre, 'applications');
    const bodies = await Promise.all(kiosks.flatMap((kiosk, k) => [1, 2, 3, 4, 5, 6].map(async (i) => ({ kiosk, body: await withPage(kiosk, k * 10 + i) }))));
    const responses = await Promise.all(bodies.map(({ kiosk, body }) => signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, body)));
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 201));
    const numbers = await Promise.all(responses.map(async (r) => CommitResponseSchema.parse(await r.json()).acceptanceNumber));
    const sequence = numbers.map(sequenceOf).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(bodies.length);
    // No gaps and no repeats: the numbers are one run of consecutive values.
    expect(sequence).toEqual(sequence.map((_, i) => sequence[0]! + i));
    expect(await countRows(centre, 'applications')).toBe(before + bodies.length);
    expect(await countRows(centre, 'attachments')).toBeGreaterThanOrEqual(bodies.length);
  });

  it('stores an application committed six times at once exactly once, and answers every copy with its number', async () => {
    const [kiosk] = kiosks as [TestKiosk];
    const before = await countRows(centre, 'applications');
    const body = { applicationId: randomUUID(), record: sampleRecord(), attachments: [] };
    const responses = await Promise.all(Array.from({ length: 6 }, () => signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, body)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
    const answers = await Promise.all(responses.map(async (r) => CommitResponseSchema.parse(await r.json())));
    expect(new Set(answers.map((a) => a.acceptanceNumber)).size).toBe(1);
    expect(await countRows(centre, 'applications')).toBe(before + 1);
    expect(await countRows(centre, 'cases')).toBe(await countRows(centre, 'applications'));
    // The copies that lost the race used no number: the next application gets the very next one.
    const next = await signedJson(centre.baseUrl, kiosk, CENTRE_PATHS.commit, { applicationId: randomUUID(), record: sampleRecord(), attachments: [] });
    expect(sequenceOf(CommitResponseSchema.parse(await next.json()).acceptanceNumber)).toBe(sequenceOf(answers[0]!.acceptanceNumber) + 1);
  });

  it('counts every one of five wrong passwords sent at once: the right one is refused afterwards', async () => {
    const clerk = await createTestAccount(centre, { role: 'staff' });
    const login = (password: string) =>
      fetch(new URL(CONSOLE_API.login, centre.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ username: clerk.username, password }),
      });
    const wrong = await Promise.all(Array.from({ length: 5 }, (_, i) => login(`wrong-password-${i}`)));
    expect(wrong.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect((await login(clerk.password)).status).toBe(401);
  });

  it('administrators disabling each other at once, in a ring: the last active one is never disabled', async () => {
    const own = await startTestCentre({ database });
    try {
      const admins = [await loginAs(own.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD)];
      for (let i = 0; i < 5; i++) {
        const made = await createTestAccount(own, { role: 'admin' });
        admins.push(await loginAs(own.baseUrl, made.username, made.password));
      }
      // Each disables the next one; whatever the order, the centre must keep one administrator.
      const responses = await Promise.all(admins.map((admin, i) => admin.post(`${CONSOLE_API.accounts}/${admins[(i + 1) % admins.length]!.account.id}/disable`)));
      const statuses = responses.map((r) => r.status);
      // Refused ones were told no (409) or were already signed out by their own disabling (401).
      expect(statuses.every((s) => s === 200 || s === 401 || s === 409)).toBe(true);
      const active = await own.db.selectFrom('accounts').select('id').where('role', '=', 'admin').where('disabled_at', 'is', null).execute();
      expect(active.length).toBeGreaterThanOrEqual(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(admins.length - active.length);
    } finally {
      await own.close();
    }
  });
});
