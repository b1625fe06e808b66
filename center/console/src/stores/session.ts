/** Who is signed in. The session itself is an HttpOnly cookie: the console only asks /me. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { z } from 'zod';
import { AccountSchema, CONSOLE_API, can, type Account, type Capability } from '../../../../domain/centre/console-api.ts';
import { ApiError, apiGet, apiPost, apiPostNoContent } from '../api/client.ts';

/** /me and /login answer with the account, bare or as `{ account }`. */
const AccountAnswerSchema = z.union([AccountSchema, z.object({ account: AccountSchema }).transform((a) => a.account)]);

export const useSessionStore = defineStore('session', () => {
  const account = ref<Account | null>(null);
  const checked = ref(false);
  /** Set when a request found the session gone, so the login page can say why. */
  const expired = ref(false);

  const may = (capability: Capability) => account.value !== null && can(account.value.role, capability);
  const signedIn = computed(() => account.value !== null);

  const refresh = async () => {
    try {
      account.value = await apiGet(CONSOLE_API.me, AccountAnswerSchema);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      account.value = null;
    } finally {
      checked.value = true;
    }
  };

  const login = async (username: string, password: string) => {
    account.value = await apiPost(CONSOLE_API.login, { username, password }, AccountAnswerSchema);
    expired.value = false;
    checked.value = true;
  };

  const logout = async () => {
    try {
      await apiPostNoContent(CONSOLE_API.logout);
    } finally {
      account.value = null;
    }
  };

  const sessionEnded = () => {
    if (account.value !== null) expired.value = true;
    account.value = null;
  };

  return { account, checked, expired, signedIn, may, refresh, login, logout, sessionEnded };
});
