/**
 * Errors the centre answers with: `{ error: { code, message } }` (CentreErrorSchema). Messages are
 * fixed text or field paths, never submitted values (they may be personal data).
 */
import type { CentreErrorCode } from '../../domain/centre/protocol.ts';

export class CentreHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: CentreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CentreHttpError';
  }
}

export const errorBody = (code: CentreErrorCode, message: string) => ({ error: { code, message } });

/** Zod issue paths only: which fields were wrong, not what was in them. */
export const issuePaths = (issues: readonly { path: readonly PropertyKey[] }[]): string =>
  [...new Set(issues.map((i) => i.path.map(String).join('.') || '(root)'))].slice(0, 10).join(', ');

/** The parsed value, or a 400 naming the wrong fields (never echoing what was in them). */
export const parseInput = <T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[] }[] } } }, value: unknown): T => {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `invalid fields: ${issuePaths(parsed.error.issues)}`);
  return parsed.data;
};
