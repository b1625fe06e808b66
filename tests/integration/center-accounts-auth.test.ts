// The centre's console sign-in (issue 5): sessions, lockout, CSRF, the role matrix, hostile input.
// A real centre on loopback with a real database; every request goes over HTTP.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountSchema, CONSOLE_API, CSRF_HEADER, SESSION_COOKIE, type AccountRole } from '../../domain/centre/console-api.ts';
import { CENTRE_PATHS, CentreErrorSchema } from '../../domain/centre/protocol.ts';
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  countRows,
  createTestAccount,
  enrolKiosk,
  loginAs,
  signedFetch,
  signedJson,
  startTestCentre,
  type ConsoleClient,
  type TestCentre,
} from '../../center/server/testing/harness.ts';
import { centreDatabases } from '../../center/server/testing/databases.ts';

const MINUTE = 60_000;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const errorOf = async (res: Response) => CentreErrorSchema.parse(await res.json()).error;

describe.each(centreDatabases())('on %s', (database) => {
  // The centre's clock: tests move it to expire sessions and lifts locks.
  let clock = Date.now();
  let centre: TestCentre;
  beforeAll(async () => {
    centre = await startTestCentre({ database, now: () => clock });
  });
  afterAll(async () => {
    await centre?.close();
  });

  const url = (path: string) => `${centre.baseUrl}${path}`;
  const rawLogin = (body: unknown, headers: Record<string, string> = { [CSRF_HEADER]: '1' }) =>
    fetch(url(CONSOLE_API.login), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const auditRows = (action: string) => centre.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('at').execute();

  describe('sign-in, me and sign-out', () => {
    it('signs the administrator in with a session cookie the page script cannot read', async () => {
      const res = await rawLogin({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD });
      expect(res.status).toBe(200);
      const account = AccountSchema.parse(await res.json());
      expect(account).toMatchObject({ username: 'admin', displayName: '系统管理员', role: 'admin', disabled: false });
      const setCookie = res.headers.getSetCookie();
      expect(setCookie).toHaveLength(1);
      const [pair, ...attributes] = setCookie[0]!.split(';').map((part) => part.trim());
      const token = pair!.slice(`${SESSION_COOKIE}=`.length);
      expect(pair!.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
      expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
      // Plain HTTP on loopback: a Secure cookie would never come back.
      expect(attributes).not.toContain('Secure');
      // The database holds only the token's SHA-256.
      const sessions = await centre.db.selectFrom('account_sessions').select('token_hash').where('account_id', '=', account.id).execute();
      const hash = createHash('sha256').update(token).digest('hex');
      expect(sessions.map((s) => s.token_hash)).toContain(hash);
      expect(JSON.stringify(sessions)).not.toContain(token);
    });

    it('answers me for the signed-in account and 401 after sign-out', async () => {
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const me = await admin.get(CONSOLE_API.me);
      expect(me.status).toBe(200);
      expect(AccountSchema.parse(await me.json())).toMatchObject({ username: 'admin', role: 'admin' });

      const out = await admin.post(CONSOLE_API.logout);
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
      const after = await admin.get(CONSOLE_API.me);
      expect(after.status).toBe(401);
      expect((await errorOf(after)).code).toBe('unauthorized');
      expect((await auditRows('account.logout')).some((row) => row.actor_id === admin.account.id)).toBe(true);
    });

    it('gives an unknown username and a wrong password the very same answer', async () => {
      const wrong = await rawLogin({ username: ADMIN_USERNAME, password: 'not-the-password' });
      const unknown = await rawLogin({ username: 'nobody-here', password: 'not-the-password' });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.headers.getSetCookie()).toEqual([]);
      expect(await wrong.text()).toBe(await unknown.text());
      // Both are audited; the unknown one names no account, and no typed password is kept anywhere.
      const failed = await auditRows('account.login_failed');
      expect(failed.some((row) => row.subject_id === null)).toBe(true);
      const trail = JSON.stringify(await centre.db.selectFrom('audit_events').selectAll().execute());
      expect(trail).not.toContain('not-the-password');
      expect(trail).not.toContain('nobody-here');
      // And the administrator can still sign in (one failure is not a lock).
      expect((await rawLogin({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD })).status).toBe(200);
    });

    it('locks an account for 15 minutes after 5 wrong passwords in a row, without saying so', async () => {
      const clerk = await createTestAccount(centre, { role: 'staff' });
      const wrongAnswer = await (await rawLogin({ username: clerk.username, password: 'wrong-password' })).text();
      for (let i = 0; i < 4; i++) expect((await rawLogin({ username: clerk.username, password: 'wrong-password' })).status).toBe(401);
      const locked = await rawLogin({ username: clerk.username, password: clerk.password });
      expect(locked.status).toBe(401);
      expect(await locked.text()).toBe(wrongAnswer);
      const lockedAudit = (await auditRows('account.login_failed')).filter((row) => row.subject_id === clerk.id);
      expect(lockedAudit.map((row) => JSON.parse(row.detail ?? '{}').reason)).toEqual([...Array(5).fill('wrong_password'), 'locked']);

      clock += 14 * MINUTE;
      expect((await rawLogin({ username: clerk.username, password: clerk.password })).status).toBe(401);
      clock += 2 * MINUTE;
      expect((await rawLogin({ username: clerk.username, password: clerk.password })).status).toBe(200);
    });

    it('resets the count of failures on a successful sign-in', async () => {
      const clerk = await createTestAccount(centre, { role: 'staff' });
      for (let i = 0; i < 4; i++) await rawLogin({ username: clerk.username, password: 'wrong-password' });
      expect((await rawLogin({ username: clerk.username, password: clerk.password })).status).toBe(200);
      for (let i = 0; i < 4; i++) await rawLogin({ username: clerk.username, password: 'wrong-password' });
      expect((await rawLogin({ username: clerk.username, password: clerk.password })).status).toBe(200);
    });
  });

  describe('session lifetime', () => {
    it('ends a session after 30 minutes without a request', async () => {
      const staff = await createTestAccount(centre, { role: 'staff' });
      const client = await loginAs(centre.baseUrl, staff.username, staff.password);
      clock += 29 * MINUTE;
      expect((await client.get(CONSOLE_API.me)).status).toBe(200);
      // Activity slides the window: 29 more minutes after that request is still fine.
      clock += 29 * MINUTE;
      expect((await client.get(CONSOLE_API.me)).status).toBe(200);
      clock += 31 * MINUTE;
      expect((await client.get(CONSOLE_API.me)).status).toBe(401);
      // Gone from the table too.
      expect(await centre.db.selectFrom('account_sessions').select('token_hash').where('account_id', '=', staff.id).execute()).toEqual([]);
    });

    it('ends a session 12 hours after sign-in however busy it is', async () => {
      const staff = await createTestAccount(centre, { role: 'staff' });
      const client = await loginAs(centre.baseUrl, staff.username, staff.password);
      for (let hour = 0; hour < 12 * 3 - 1; hour++) {
        clock += 20 * MINUTE;
        expect((await client.get(CONSOLE_API.me)).status).toBe(200);
      }
      clock += 20 * MINUTE;
      expect((await client.get(CONSOLE_API.me)).status).toBe(401);
    });
  });

  describe('CSRF header', () => {
    it('refuses a state-changing request without it, even with a valid session', async () => {
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const before = await countRows(centre, 'accounts');
      const res = await fetch(url(CONSOLE_API.accounts), {
        method: 'POST',
        headers: { cookie: admin.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'csrf.victim', displayName: '伪造', role: 'admin', password: 'a-long-password' }),
      });
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toEqual({ code: 'forbidden', message: `the ${CSRF_HEADER} header is required` });
      expect(await countRows(centre, 'accounts')).toBe(before);
      // Reading needs no header.
      expect((await fetch(url(CONSOLE_API.accounts), { headers: { cookie: admin.cookie } })).status).toBe(200);
    });

    it('refuses a sign-in without it (a foreign page cannot sign the browser in)', async () => {
      const res = await rawLogin({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD }, {});
      expect(res.status).toBe(403);
      expect(res.headers.getSetCookie()).toEqual([]);
    });
  });

  describe('accounts', () => {
    it('lets an administrator create an account that can then sign in; a taken username is 409', async () => {
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const created = await admin.post(CONSOLE_API.accounts, { username: 'li.lawyer', displayName: '李律师', role: 'lawyer', password: 'lawyer-password-1' });
      expect(created.status).toBe(201);
      const account = AccountSchema.parse(await created.json());
      expect(account).toMatchObject({ username: 'li.lawyer', displayName: '李律师', role: 'lawyer', disabled: false });
      expect(JSON.stringify(account)).not.toContain('lawyer-password-1');

      const list = AccountSchema.array().parse(await (await admin.get(CONSOLE_API.accounts)).json());
      expect(list.map((a) => a.username)).toContain('li.lawyer');
      const lawyer = await loginAs(centre.baseUrl, 'li.lawyer', 'lawyer-password-1');
      expect(lawyer.account.role).toBe('lawyer');

      const again = await admin.post(CONSOLE_API.accounts, { username: 'li.lawyer', displayName: '另一个', role: 'staff', password: 'another-password' });
      expect(again.status).toBe(409);
      expect((await errorOf(again)).code).toBe('conflict');
      const audit = (await auditRows('account.created')).find((row) => row.subject_id === account.id);
      expect(audit).toMatchObject({ actor_kind: 'account', actor_id: admin.account.id });
      expect(audit?.detail ?? '').not.toContain('lawyer-password-1');

      // Staff see active lawyers (to assign cases): id and name only.
      const staff = await createTestAccount(centre, { role: 'staff' });
      const staffClient = await loginAs(centre.baseUrl, staff.username, staff.password);
      const lawyers = (await (await staffClient.get(CONSOLE_API.lawyers)).json()) as unknown[];
      expect(lawyers).toContainEqual({ id: account.id, displayName: '李律师' });
    });

    it('disables an account: its sessions end, it cannot sign in, and it leaves the lawyer list', async () => {
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const lawyer = await createTestAccount(centre, { role: 'lawyer', displayName: '王律师' });
      const lawyerClient = await loginAs(centre.baseUrl, lawyer.username, lawyer.password);
      expect((await lawyerClient.get(CONSOLE_API.me)).status).toBe(200);

      const res = await admin.post(`${CONSOLE_API.accounts}/${lawyer.id}/disable`);
      expect(res.status).toBe(200);
      expect(AccountSchema.parse(await res.json()).disabled).toBe(true);
      expect((await lawyerClient.get(CONSOLE_API.me)).status).toBe(401);
      expect((await rawLogin({ username: lawyer.username, password: lawyer.password })).status).toBe(401);
      const lawyers = (await (await admin.get(CONSOLE_API.lawyers)).json()) as { id: string }[];
      expect(lawyers.map((l) => l.id)).not.toContain(lawyer.id);
      expect((await auditRows('account.disabled')).some((row) => row.subject_id === lawyer.id && row.actor_id === admin.account.id)).toBe(true);
    });

    it('does not let an administrator disable themselves or the last active administrator', async () => {
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const self = await admin.post(`${CONSOLE_API.accounts}/${admin.account.id}/disable`);
      expect(self.status).toBe(409);

      const second = await createTestAccount(centre, { role: 'admin' });
      const secondClient = await loginAs(centre.baseUrl, second.username, second.password);
      // Two admins: the second may disable the first...
      expect((await secondClient.post(`${CONSOLE_API.accounts}/${admin.account.id}/disable`)).status).toBe(200);
      // ...and is then the last one, which nobody can disable.
      const third = await createTestAccount(centre, { role: 'staff' });
      expect((await secondClient.post(`${CONSOLE_API.accounts}/${third.id}/disable`)).status).toBe(200);
      const list = AccountSchema.array().parse(await (await secondClient.get(CONSOLE_API.accounts)).json());
      expect(list.filter((a) => a.role === 'admin' && !a.disabled).map((a) => a.id)).toEqual([second.id]);
      // Put the original administrator back for the other tests.
      await centre.db.updateTable('accounts').set({ disabled_at: null }).where('id', '=', admin.account.id).execute();
    });

    it('answers 404 for an account that does not exist', async () => {
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const res = await admin.post(`${CONSOLE_API.accounts}/${NO_SUCH_ID}/disable`);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('not_found');
    });

    it('changes a password only with the current one, and signs out the other sessions', async () => {
      const staff = await createTestAccount(centre, { role: 'staff' });
      const here = await loginAs(centre.baseUrl, staff.username, staff.password);
      const elsewhere = await loginAs(centre.baseUrl, staff.username, staff.password);

      const wrong = await here.post(CONSOLE_API.password, { currentPassword: 'not-my-password', newPassword: 'brand-new-password' });
      expect(wrong.status).toBe(403);
      const short = await here.post(CONSOLE_API.password, { currentPassword: staff.password, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect((await errorOf(short)).message).toBe('invalid fields: newPassword');

      const ok = await here.post(CONSOLE_API.password, { currentPassword: staff.password, newPassword: 'brand-new-password' });
      expect(ok.status).toBe(204);
      expect((await here.get(CONSOLE_API.me)).status).toBe(200);
      expect((await elsewhere.get(CONSOLE_API.me)).status).toBe(401);
      expect((await rawLogin({ username: staff.username, password: staff.password })).status).toBe(401);
      expect((await rawLogin({ username: staff.username, password: 'brand-new-password' })).status).toBe(200);
      expect((await auditRows('password.changed')).some((row) => row.subject_id === staff.id)).toBe(true);
    });
  });

  describe('who may do what', () => {
    const ROLES: AccountRole[] = ['admin', 'staff', 'lawyer', 'technician'];
    const clients = new Map<AccountRole, ConsoleClient>();
    beforeAll(async () => {
      for (const role of ROLES) {
        const account = await createTestAccount(centre, { role });
        clients.set(role, await loginAs(centre.baseUrl, account.username, account.password));
      }
    });

    interface Endpoint {
      readonly name: string;
      readonly allowed: readonly AccountRole[];
      /** What an allowed role gets (default 200 or 201). */
      readonly ok?: readonly number[];
      /** Sends the request as the client (or anonymously with null); returns the response. */
      call(client: ConsoleClient | null): Promise<Response>;
    }
    const anonymous = (method: 'GET' | 'POST', path: string) =>
      fetch(url(path), { method, headers: method === 'POST' ? { [CSRF_HEADER]: '1', 'content-type': 'application/json' } : {}, body: method === 'POST' ? '{}' : undefined });
    const get = (path: string) => (client: ConsoleClient | null) => (client ? client.get(path) : anonymous('GET', path));
    const post = (path: string, body: () => unknown) => (client: ConsoleClient | null) => (client ? client.post(path, body()) : anonymous('POST', path));
    let made = 0;
    const newAccount = () => ({ username: `matrix${(made += 1)}`, displayName: '矩阵', role: 'staff', password: 'matrix-password' });

    const ENDPOINTS: Endpoint[] = [
      { name: 'GET me', allowed: ROLES, call: get(CONSOLE_API.me) },
      { name: 'GET accounts', allowed: ['admin'], call: get(CONSOLE_API.accounts) },
      { name: 'POST accounts', allowed: ['admin'], call: post(CONSOLE_API.accounts, newAccount) },
      { name: 'GET lawyers', allowed: ['staff', 'admin'], call: get(CONSOLE_API.lawyers) },
      { name: 'GET kiosks', allowed: ['technician', 'admin'], call: get(CONSOLE_API.kiosks) },
      { name: 'POST enrolment-codes', allowed: ['technician', 'admin'], call: post(CONSOLE_API.enrolmentCodes, () => ({})) },
      { name: 'GET applications', allowed: ['staff', 'admin', 'lawyer'], call: get(CONSOLE_API.applications) },
      { name: 'GET audit', allowed: ['staff', 'admin'], call: get(CONSOLE_API.audit) },
      // No such application: deciding roles get past the role check to 404, the others stop at 403.
      { name: 'GET application', allowed: ['staff', 'admin', 'lawyer'], ok: [404], call: get(`${CONSOLE_API.applications}/${NO_SUCH_ID}`) },
      ...(['request-materials', 'materials-received', 'grant', 'assign', 'refuse', 'withdraw'] as const).map(
        (action): Endpoint => ({ name: `POST application ${action}`, allowed: ['staff', 'admin'], ok: [400, 404], call: post(`${CONSOLE_API.applications}/${NO_SUCH_ID}/${action}`, () => ({ version: 1 })) }),
      ),
    ];

    it.each(ENDPOINTS)('$name: allowed roles succeed, the others get 403, anonymous 401', async (endpoint) => {
      for (const role of ROLES) {
        const res = await endpoint.call(clients.get(role)!);
        if (endpoint.allowed.includes(role)) {
          expect(endpoint.ok ?? [200, 201], `${endpoint.name} as ${role}`).toContain(res.status);
        } else {
          expect(res.status, `${endpoint.name} as ${role}`).toBe(403);
          expect((await errorOf(res)).code).toBe('forbidden');
        }
      }
      expect((await endpoint.call(null)).status).toBe(401);
    });

    it('keeps the disable and revoke actions to their roles (checked before the target is looked up)', async () => {
      const target = await createTestAccount(centre, { role: 'staff' });
      for (const role of ['staff', 'lawyer', 'technician'] as const) {
        expect((await clients.get(role)!.post(`${CONSOLE_API.accounts}/${target.id}/disable`)).status).toBe(403);
      }
      const kiosk = await enrolKiosk(centre.baseUrl);
      for (const role of ['staff', 'lawyer'] as const) {
        expect((await clients.get(role)!.post(`${CONSOLE_API.kiosks}/${kiosk.kioskId}/revoke`)).status).toBe(403);
      }
      const accounts = AccountSchema.array().parse(await (await clients.get('admin')!.get(CONSOLE_API.accounts)).json());
      expect(accounts.find((a) => a.id === target.id)?.disabled).toBe(false);
      const kiosks = (await (await clients.get('technician')!.get(CONSOLE_API.kiosks)).json()) as { kioskId: string; revokedAt: string | null }[];
      expect(kiosks.find((k) => k.kioskId === kiosk.kioskId)?.revokedAt).toBeNull();
    });

    it('keeps kiosks and console accounts apart: a signature does not open the console, a cookie does not sign', async () => {
      const kiosk = await enrolKiosk(centre.baseUrl);
      const signed = await signedFetch(centre.baseUrl, kiosk, 'GET', CONSOLE_API.kiosks);
      expect(signed.status).toBe(401);
      const signedPost = await signedJson(centre.baseUrl, kiosk, CONSOLE_API.enrolmentCodes, {}, { headers: { [CSRF_HEADER]: '1' } });
      expect(signedPost.status).toBe(401);

      const admin = clients.get('admin')!;
      const heartbeat = await admin.post(CENTRE_PATHS.heartbeat, {
        version: '0.1.0',
        uptimeSeconds: 1,
        reader: 'ready',
        printers: { receipt: 'ready', a4: 'ready' },
        diskFreeBytes: null,
        outbox: { pending: 0, oldestCreatedAt: null },
      });
      expect(heartbeat.status).toBe(401);
      expect((await errorOf(heartbeat)).code).toBe('unauthorized');
    });
  });

  describe('hostile input', () => {
    it('answers 413 to an oversized body', async () => {
      const res = await rawLogin({ username: ADMIN_USERNAME, password: 'x'.repeat(100 * 1024) });
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('too_large');
    });

    it('answers 400 naming the wrong field (without echoing it) for wrong types and unknown fields', async () => {
      const res = await rawLogin({ username: 42, password: ['secret-value'] });
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error).toEqual({ code: 'invalid_input', message: 'invalid fields: username, password' });
      const extra = await rawLogin({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD, role: 'admin' });
      expect(extra.status).toBe(400);
      const notJson = await fetch(url(CONSOLE_API.login), { method: 'POST', headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' }, body: '{"username":' });
      expect(notJson.status).toBe(400);
    });

    it('treats SQL in the username as a name like any other: 401, nothing changes', async () => {
      const accountsBefore = await centre.db.selectFrom('accounts').select(['id', 'password_hash', 'disabled_at']).orderBy('id').execute();
      for (const username of ["admin' --", "' OR '1'='1", "admin'; DROP TABLE accounts; --", 'admin" OR ""="']) {
        const res = await rawLogin({ username, password: "' OR '1'='1" });
        expect(res.status).toBe(401);
      }
      expect(await centre.db.selectFrom('accounts').select(['id', 'password_hash', 'disabled_at']).orderBy('id').execute()).toEqual(accountsBefore);
      expect((await rawLogin({ username: ADMIN_USERNAME, password: ADMIN_PASSWORD })).status).toBe(200);
    });

    it('refuses usernames and ids with path tricks', async () => {
      const admin = await loginAs(centre.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD);
      const before = await countRows(centre, 'accounts');
      for (const username of ['../admin', 'a/b/c', 'ADMIN', 'admin%2f..', 'x', ' admin']) {
        const res = await admin.post(CONSOLE_API.accounts, { username, displayName: '坏', role: 'staff', password: 'a-long-password' });
        expect(res.status, username).toBe(400);
        expect((await errorOf(res)).message).toBe('invalid fields: username');
      }
      expect(await countRows(centre, 'accounts')).toBe(before);
      for (const id of ['..%2F..%2Fkiosks', 'not-a-uuid', '1%20OR%201=1']) {
        const res = await admin.post(`${CONSOLE_API.accounts}/${id}/disable`);
        expect(res.status, id).toBe(400);
      }
    });
  });
});

describe('sign-in rate limit', () => {
  let centre: TestCentre;
  beforeAll(async () => {
    centre = await startTestCentre({ rateLimits: { kiosk: { capacity: 100, perSecond: 10 }, anonymous: { capacity: 3, perSecond: 0.001 } } });
  });
  afterAll(async () => {
    await centre?.close();
  });

  it('slows down guessing from one address with 429', async () => {
    const attempt = () =>
      fetch(`${centre.baseUrl}${CONSOLE_API.login}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
        body: JSON.stringify({ username: ADMIN_USERNAME, password: 'guess-guess' }),
      });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('the first administrator (the centre process as deployed)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'centre-bootstrap-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** Runs center/server/start.ts until CENTRE_READY; returns its stdout lines and stderr, then stops it. */
  const boot = async (env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'center/server/start.ts'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, CENTRE_DATA_DIR: dataDir, CENTRE_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const baseUrl = await new Promise<string>((resolveReady, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /CENTRE_READY (\{.*\})\n/.exec(stdout);
        if (match) resolveReady((JSON.parse(match[1]!) as { baseUrl: string }).baseUrl);
      });
      child.on('exit', (code) => reject(new Error(`centre exited with ${code}: ${stderr}`)));
    });
    return {
      baseUrl,
      lines: stdout.trim().split('\n'),
      stderr: () => stderr,
      stop: () => new Promise<void>((resolveStop) => child.once('exit', () => resolveStop()).kill('SIGTERM')),
    };
  };

  it('prints a generated password once, which signs in as admin; never logs it; does not print it again', async () => {
    const first = await boot();
    const printed = first.lines.filter((line) => line.startsWith('CENTRE_ADMIN_PASSWORD='));
    expect(printed).toHaveLength(1);
    const password = printed[0]!.slice('CENTRE_ADMIN_PASSWORD='.length);
    expect(password.length).toBeGreaterThanOrEqual(20);
    const admin = await loginAs(first.baseUrl, 'admin', password);
    expect(admin.account).toMatchObject({ username: 'admin', displayName: '系统管理员', role: 'admin' });
    await first.stop();
    expect(first.stderr()).not.toContain(password);

    const second = await boot({ CENTRE_ADMIN_PASSWORD: 'some-other-password' });
    expect(second.lines.filter((line) => line.startsWith('CENTRE_ADMIN_PASSWORD='))).toEqual([]);
    // The existing administrator keeps the first password.
    expect((await loginAs(second.baseUrl, 'admin', password)).account.role).toBe('admin');
    await second.stop();
  });
});
