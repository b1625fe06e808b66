/**
 * Console accounts: sign-in with lockout, password changes, creating and disabling accounts.
 *
 * Sign-in gives one answer for every failure (unknown username, wrong password, locked, disabled)
 * and does the same work for each (an unknown username is verified against a dummy hash), so the
 * answer tells an attacker nothing about which usernames exist. Five failures in a row lock an
 * account for 15 minutes.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Account, CreateAccountRequest } from '../../../domain/centre/console-api.ts';
import type { AccountsTable, CentreDatabase } from '../db/schema.ts';
import { serializableTransaction } from '../db/transactions.ts';
import { CentreHttpError } from '../errors.ts';
import { createAuditService, PUBLIC_ACTOR, type AuditActor, type AuditService } from './audit.ts';
import { createDummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { createSessionService, type SessionAccount, type SessionService } from './sessions.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

export const BOOTSTRAP_ADMIN = { username: 'admin', displayName: '系统管理员' } as const;

export const loginFailed = () =>
  new CentreHttpError(401, 'unauthorized', 'sign-in failed: wrong username or password, or the account is temporarily locked');

export interface AccountService {
  create(request: CreateAccountRequest, actor: AuditActor): Promise<Account>;
  list(): Promise<Account[]>;
  /** Active lawyers, for assigning cases. */
  listLawyers(): Promise<{ id: string; displayName: string }[]>;
  disable(accountId: string, actor: SessionAccount): Promise<Account>;
  /** Checks the password and starts a session; throws loginFailed() for every kind of failure. */
  login(username: string, password: string): Promise<{ account: Account; token: string; expiresAt: string }>;
  changePassword(account: SessionAccount, currentPassword: string, newPassword: string, keepToken: string): Promise<void>;
  /** Creates the first administrator when none exists; true when it did. */
  ensureAdmin(password: string): Promise<boolean>;
}

const toAccount = (row: Pick<AccountsTable, 'id' | 'username' | 'display_name' | 'role' | 'disabled_at'>): Account => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  disabled: row.disabled_at !== null,
});

const ACCOUNT_COLUMNS = ['id', 'username', 'display_name', 'role', 'disabled_at'] as const;

export const createAccountService = (deps: {
  db: Kysely<CentreDatabase>;
  now: () => number;
  audit: AuditService;
  sessions: SessionService;
}): AccountService => {
  const { db, audit, sessions } = deps;
  const nowIso = () => new Date(deps.now()).toISOString();
  let dummyHash: Promise<string> | null = null;
  const dummy = () => (dummyHash ??= createDummyHash());

  /** Counts a failure; the fifth in a row locks the account. Returns whether it is now locked. */
  const countFailure = async (accountId: string): Promise<boolean> =>
    db.transaction().execute(async (trx) => {
      // Incremented in the UPDATE, not read then written: on PostgreSQL concurrent failures would
      // otherwise overwrite each other (the row lock taken here makes the next one wait and see this).
      const { failed_logins: failures } = await trx
        .updateTable('accounts')
        .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
        .where('id', '=', accountId)
        .returning('failed_logins')
        .executeTakeFirstOrThrow();
      const lock = failures >= MAX_FAILED_LOGINS;
      if (lock) {
        await trx
          .updateTable('accounts')
          .set({ failed_logins: 0, locked_until: new Date(deps.now() + LOCKOUT_MS).toISOString() })
          .where('id', '=', accountId)
          .execute();
      }
      return lock;
    });

  const isLocked = (row: Pick<AccountsTable, 'locked_until'>) => row.locked_until !== null && Date.parse(row.locked_until) > deps.now();

  const service: AccountService = {
    async create(request, actor) {
      const passwordHash = await hashPassword(request.password);
      const id = randomUUID();
      return db.transaction().execute(async (trx) => {
        const taken = await trx.selectFrom('accounts').select('id').where('username', '=', request.username).executeTakeFirst();
        if (taken) throw new CentreHttpError(409, 'conflict', 'this username is taken');
        await trx
          .insertInto('accounts')
          .values({
            id,
            username: request.username,
            display_name: request.displayName,
            role: request.role,
            password_hash: passwordHash,
            created_at: nowIso(),
            disabled_at: null,
            failed_logins: 0,
            locked_until: null,
          })
          .execute();
        await audit.record({ actor, action: 'account.created', subjectKind: 'account', subjectId: id, detail: { role: request.role } }, trx);
        return { id, username: request.username, displayName: request.displayName, role: request.role, disabled: false };
      });
    },

    async list() {
      const rows = await db.selectFrom('accounts').select(ACCOUNT_COLUMNS).orderBy('username').execute();
      return rows.map(toAccount);
    },

    async listLawyers() {
      const rows = await db
        .selectFrom('accounts')
        .select(['id', 'display_name'])
        .where('role', '=', 'lawyer')
        .where('disabled_at', 'is', null)
        .orderBy('display_name')
        .execute();
      return rows.map((row) => ({ id: row.id, displayName: row.display_name }));
    },

    async disable(accountId, actor) {
      if (accountId === actor.id) throw new CentreHttpError(409, 'conflict', 'you cannot disable your own account');
      // Serializable: two administrators disabling each other at once must not both pass the count.
      const disabled = await serializableTransaction(db, async (trx) => {
        const row = await trx.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', '=', accountId).executeTakeFirst();
        if (!row) throw new CentreHttpError(404, 'not_found', 'no such account');
        if (row.disabled_at !== null) return toAccount(row);
        if (row.role === 'admin') {
          const admins = await trx
            .selectFrom('accounts')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('role', '=', 'admin')
            .where('disabled_at', 'is', null)
            .executeTakeFirstOrThrow();
          if (Number(admins.n) <= 1) throw new CentreHttpError(409, 'conflict', 'the last active administrator cannot be disabled');
        }
        const at = nowIso();
        await trx.updateTable('accounts').set({ disabled_at: at }).where('id', '=', accountId).execute();
        await trx.deleteFrom('account_sessions').where('account_id', '=', accountId).execute();
        await audit.record({ actor: { kind: 'account', id: actor.id }, action: 'account.disabled', subjectKind: 'account', subjectId: accountId }, trx);
        return toAccount({ ...row, disabled_at: at });
      });
      return disabled;
    },

    async login(username, password) {
      const row = await db
        .selectFrom('accounts')
        .select([...ACCOUNT_COLUMNS, 'password_hash', 'locked_until'])
        .where('username', '=', username)
        .executeTakeFirst();
      // Same work whether or not the username exists.
      const matches = await verifyPassword(row?.password_hash ?? (await dummy()), password);
      if (!row) {
        await audit.record({ actor: PUBLIC_ACTOR, action: 'account.login_failed', subjectKind: 'account', subjectId: null });
        throw loginFailed();
      }
      const refused = row.disabled_at !== null ? 'disabled' : isLocked(row) ? 'locked' : !matches ? 'wrong_password' : null;
      if (refused !== null) {
        const lockedNow = refused === 'wrong_password' ? await countFailure(row.id) : false;
        await audit.record({
          actor: PUBLIC_ACTOR,
          action: 'account.login_failed',
          subjectKind: 'account',
          subjectId: row.id,
          detail: { reason: refused, ...(lockedNow ? { lockedForMinutes: LOCKOUT_MS / 60_000 } : {}) },
        });
        throw loginFailed();
      }
      await db.updateTable('accounts').set({ failed_logins: 0, locked_until: null }).where('id', '=', row.id).execute();
      const session = await sessions.create(row.id);
      await audit.record({ actor: { kind: 'account', id: row.id }, action: 'account.login', subjectKind: 'account', subjectId: row.id });
      return { account: toAccount(row), ...session };
    },

    async changePassword(account, currentPassword, newPassword, keepToken) {
      const row = await db.selectFrom('accounts').select(['password_hash', 'locked_until']).where('id', '=', account.id).executeTakeFirstOrThrow();
      const matches = await verifyPassword(row.password_hash, currentPassword);
      // A wrong current password counts toward the lockout: a stolen session cannot guess it at leisure.
      if (isLocked(row) || !matches) {
        if (!isLocked(row)) await countFailure(account.id);
        throw new CentreHttpError(403, 'forbidden', 'the current password is wrong, or the account is temporarily locked');
      }
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('accounts').set({ password_hash: passwordHash, failed_logins: 0, locked_until: null }).where('id', '=', account.id).execute();
        await audit.record({ actor: { kind: 'account', id: account.id }, action: 'password.changed', subjectKind: 'account', subjectId: account.id }, trx);
      });
      // Whoever else held a session of this account (a stolen cookie, another browser) is out.
      await sessions.endAllFor(account.id, keepToken);
    },

    async ensureAdmin(password) {
      const admin = await db.selectFrom('accounts').select('id').where('role', '=', 'admin').executeTakeFirst();
      if (admin) return false;
      await service.create({ ...BOOTSTRAP_ADMIN, role: 'admin', password }, { kind: 'system', id: null });
      return true;
    },
  };
  return service;
};

/** An account service of its own on a database the centre has migrated: start-up bootstrap, tests. */
export const accountServiceFor = (db: Kysely<CentreDatabase>, now: () => number): AccountService =>
  createAccountService({ db, now, audit: createAuditService({ db, now }), sessions: createSessionService({ db, now }) });
