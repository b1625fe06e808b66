/**
 * Status back to citizens (console-api.ts STATUS_PATHS). The kiosk asks, signed, for the
 * applications of the card on its reader; anyone with a receipt opens the public page (HTML) or its
 * JSON twin with the receipt's number and short code. Neither answer carries personal data.
 *
 * The public routes answer an unknown number, a wrong code and a malformed request with the same
 * 404, so they cannot be used to learn which numbers exist; they are rate-limited per address.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { STATUS_PATHS, StatusLookupRequestSchema, type StatusLookupResponse } from '../../../domain/centre/console-api.ts';
import { CentreHttpError, errorBody, issuePaths } from '../errors.ts';
import { kioskOf } from '../http/device-auth.ts';
import type { RateLimiter } from '../http/rate-limit.ts';
import type { AuditService } from '../services/audit.ts';
import type { CitizenStatusService } from '../services/citizen-status.ts';
import { renderStatusBusyPage, renderStatusNotFoundPage, renderStatusPage } from '../views/status-page.ts';

export interface StatusRouteDeps {
  readonly statuses: CitizenStatusService;
  readonly audit: AuditService;
  /** Per client address, for the public page and its JSON. */
  readonly publicLimiter: RateLimiter;
}

const rateLimited = () => new CentreHttpError(429, 'rate_limited', 'too many requests; retry later');

const PublicParams = z.strictObject({ number: z.string().regex(/^[A-Za-z0-9-]{1,40}$/) });
const PublicQuery = z.strictObject({ c: z.string().regex(/^[A-Za-z0-9]{1,16}$/) });

/** Public answers: never cached (the status changes), never sent on as a referrer (the URL holds the code). */
const publicHeaders = (reply: FastifyReply) =>
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-content-type-options', 'nosniff');

export const registerStatusRoutes = (app: FastifyInstance, deps: StatusRouteDeps): void => {
  app.post(STATUS_PATHS.kioskLookup, { config: { auth: 'kiosk' } }, async (request): Promise<StatusLookupResponse> => {
    const parsed = StatusLookupRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `invalid fields: ${issuePaths(parsed.error.issues)}`);
    const found = await deps.statuses.byIdNumber(parsed.data.idNumber);
    await deps.audit.record({
      actor: { kind: 'kiosk', id: kioskOf(request) },
      action: 'status.lookup',
      subjectKind: 'kiosk',
      subjectId: kioskOf(request),
      detail: { count: found.length },
    });
    return { applications: found.map((f) => f.status) };
  });

  /** The found status, or null for anything that is not a match (malformed, unknown, wrong code). */
  const lookUp = async (request: FastifyRequest, reply: FastifyReply) => {
    publicHeaders(reply);
    if (!deps.publicLimiter.take(request.ip)) throw rateLimited();
    const params = PublicParams.safeParse(request.params);
    const query = PublicQuery.safeParse(request.query);
    if (!params.success || !query.success) return null;
    const found = await deps.statuses.byNumber(params.data.number, query.data.c);
    if (found) await deps.audit.record({ actor: { kind: 'public', id: null }, action: 'status.viewed', subjectKind: 'application', subjectId: found.applicationId });
    return found;
  };

  app.get(`${STATUS_PATHS.publicJson}/:number`, { config: { auth: 'none' } }, async (request, reply) => {
    const found = await lookUp(request, reply);
    if (!found) return reply.code(404).send(errorBody('not_found', 'no application with this number and code'));
    return found.status;
  });

  app.get(`${STATUS_PATHS.publicPage}/:number`, { config: { auth: 'none' } }, async (request, reply) => {
    const found = await lookUp(request, reply).catch(async (error: unknown) => {
      if (error instanceof CentreHttpError && error.status === 429) return 'busy' as const;
      throw error;
    });
    const page = found === 'busy' ? await renderStatusBusyPage() : found ? await renderStatusPage(found.view) : await renderStatusNotFoundPage();
    return reply
      .code(found === 'busy' ? 429 : found ? 200 : 404)
      .header('content-security-policy', page.csp)
      .type('text/html; charset=utf-8')
      .send(page.html);
  });
};
