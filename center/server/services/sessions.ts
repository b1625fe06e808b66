/**
 * Console sessions. The cookie carries 32 random bytes; the table keeps only their SHA-256, so a
 * leaked database holds no usable session. A session ends after 30 minutes without a request
 * (sliding) and 12 hours after sign-in whatever happens, and at once when its account is disabled.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountRole } from '../../../domain/centre/console-api.ts';
import type { CentreDatabase } from '../db/schema.ts';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** last_seen_at is rewritten at most this often: a page of requests costs one write, not many. */
const SLIDE_WRITE_EVERY_MS = 30_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface SessionAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly role: AccountRole;
}

export interface SessionService {
  /** Starts a session; returns the token for the cookie (never stored). */
  create(accountId: string): Promise<{ token: string; expiresAt: string }>;
  /** The signed-in account, or null when the token is unknown, expired or its account disabled. */
  resolve(token: string): Promise<SessionAccount | null>;
  end(token: string): Promise<void>;
  /** Ends every session of an account except (optionally) the one making the request. */
  endAllFor(accountId: string, keepToken?: string): Promise<void>;
}

export const hashSessionToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export const createSessionService = (deps: { db: Kysely<CentreDatabase>; now: () => number }): SessionService => {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    async create(accountId) {
      const token = randomBytes(32).toString('base64url');
      const now = deps.now();
      const expiresAt = iso(now + SESSION_ABSOLUTE_MS);
      await deps.db
        .insertInto('account_sessions')
        .values({ token_hash: hashSessionToken(token), account_id: accountId, created_at: iso(now), last_seen_at: iso(now), expires_at: expiresAt })
        .execute();
      return { token, expiresAt };
    },

    async resolve(token) {
      if (!TOKEN_PATTERN.test(token)) return null;
      const tokenHash = hashSessionToken(token);
      const row = await deps.db
        .selectFrom('account_sessions as s')
        .innerJoin('accounts as a', 'a.id', 's.account_id')
        .select(['s.last_seen_at', 's.expires_at', 'a.id', 'a.username', 'a.display_name', 'a.role', 'a.disabled_at'])
        .where('s.token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return null;
      const now = deps.now();
      const lastSeen = Date.parse(row.last_seen_at);
      if (row.disabled_at !== null || now >= Date.parse(row.expires_at) || now - lastSeen >= SESSION_IDLE_MS) {
        await deps.db.deleteFrom('account_sessions').where('token_hash', '=', tokenHash).execute();
        return null;
      }
      if (now - lastSeen >= SLIDE_WRITE_EVERY_MS) {
        await deps.db.updateTable('account_sessions').set({ last_seen_at: iso(now) }).where('token_hash', '=', tokenHash).execute();
      }
      return { id: row.id, username: row.username, displayName: row.display_name, role: row.role };
    },

    async end(token) {
      await deps.db.deleteFrom('account_sessions').where('token_hash', '=', hashSessionToken(token)).execute();
    },

    async endAllFor(accountId, keepToken) {
      let query = deps.db.deleteFrom('account_sessions').where('account_id', '=', accountId);
      if (keepToken !== undefined) query = query.where('token_hash', '!=', hashSessionToken(keepToken));
      await query.execute();
    },
  };
};
