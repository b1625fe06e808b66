/** Which zh-CN sentence explains a failed request: never the server's own (English) message. */
import { ApiError } from './client.ts';

export type ErrorKey = 'errors.network' | 'errors.forbidden' | 'errors.notFound' | 'errors.invalid' | 'errors.stale' | 'errors.signedOut' | 'errors.generic';

export const errorKey = (error: unknown): ErrorKey => {
  if (!(error instanceof ApiError)) return 'errors.generic';
  if (error.status === 0) return 'errors.network';
  if (error.code === 'stale') return 'errors.stale';
  if (error.status === 401) return 'errors.signedOut';
  if (error.status === 403) return 'errors.forbidden';
  if (error.status === 404) return 'errors.notFound';
  if (error.status === 400 || error.status === 409 || error.status === 422) return 'errors.invalid';
  return 'errors.generic';
};
