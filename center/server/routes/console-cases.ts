/**
 * The console's review endpoints (console-api.ts CONSOLE_API.applications and .audit): the work
 * list, one application, its attachments, the decisions and the refusal letter. The account hook
 * (http/account-auth.ts) has checked the session, the CSRF header and the role's capability;
 * what a lawyer may see is narrowed again per case (case-queries.ts).
 */
import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  ApplicationListQuerySchema,
  AssignSchema,
  AuditQuerySchema,
  CONSOLE_API,
  GrantSchema,
  MaterialsReceivedSchema,
  RefuseSchema,
  RequestMaterialsSchema,
  WithdrawSchema,
  type Capability,
} from '../../../domain/centre/console-api.ts';
import { findMatter } from '../../../domain/legal-aid/rule-pack.ts';
import { CentreHttpError, issuePaths } from '../errors.ts';
import { accountOf } from '../http/account-auth.ts';
import type { AuditService } from '../services/audit.ts';
import { chinaDateOf } from '../services/case-clocks.ts';
import { buildCaseDetail } from '../services/case-detail.ts';
import type { CaseQueries } from '../services/case-queries.ts';
import type { Decision } from '../services/case-transitions.ts';
import type { CaseWorkflow } from '../services/case-workflow.ts';
import type { RulePacks } from '../services/rule-packs.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { renderRefusalLetter } from '../views/refusal-letter.ts';

export interface ConsoleCaseDeps {
  readonly queries: CaseQueries;
  readonly workflow: CaseWorkflow;
  readonly audit: AuditService;
  readonly objects: ObjectStore;
  readonly rulePacks: RulePacks;
  readonly centreName: string;
}

const READ: readonly Capability[] = ['readAllApplications', 'readAssignedApplications'];
const read = { config: { auth: 'account' as const, capability: READ } };
const decide = { config: { auth: 'account' as const, capability: 'decide' as const } };

const CaseParams = z.strictObject({ id: z.string().uuid() });
const AttachmentParams = z.strictObject({ id: z.string().uuid(), attachmentId: z.string().uuid() });

const parse = <S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> => {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `invalid ${what}: ${issuePaths(parsed.error.issues)}`);
  return parsed.data;
};

const notFound = () => new CentreHttpError(404, 'not_found', 'no such application');

/** Documents holding personal data: never cached, never sniffed into something executable. */
const privateDocument = (reply: FastifyReply, csp: string) =>
  reply
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', csp);

const EXTENSION = { 'image/jpeg': 'jpg', 'image/png': 'png' } as const;

export const registerConsoleCaseRoutes = (app: FastifyInstance, deps: ConsoleCaseDeps): void => {
  const base = CONSOLE_API.applications;

  app.get(base, read, async (request) => {
    const query = parse(ApplicationListQuerySchema, request.query, 'query');
    return deps.queries.list(accountOf(request), query);
  });

  app.get(`${base}/:id`, read, async (request) => {
    const { id } = parse(CaseParams, request.params, 'path');
    const account = accountOf(request);
    const found = await deps.queries.get(account, id);
    if (!found) throw notFound();
    // Recorded before the history is read, so the history shows this view too.
    await deps.audit.record({ actor: { kind: 'account', id: account.id }, action: 'application.viewed', subjectKind: 'application', subjectId: id });
    return buildCaseDetail(found, deps);
  });

  app.get(`${base}/:id/attachments/:attachmentId`, read, async (request, reply) => {
    const { id, attachmentId } = parse(AttachmentParams, request.params, 'path');
    const account = accountOf(request);
    if (!(await deps.queries.get(account, id))) throw notFound();
    const attachment = (await deps.queries.attachments(id)).find((a) => a.attachmentId === attachmentId);
    if (!attachment) throw new CentreHttpError(404, 'not_found', 'no such attachment');
    await deps.audit.record({
      actor: { kind: 'account', id: account.id },
      action: 'attachment.viewed',
      subjectKind: 'application',
      subjectId: id,
      detail: { attachmentId },
    });
    // A generated name: nothing the kiosk sent reaches the header except checked ids.
    const fileName = `${attachment.materialId ?? attachment.kind}-${attachment.page}.${EXTENSION[attachment.mime]}`;
    privateDocument(reply, "default-src 'none'; sandbox")
      .header('content-type', attachment.mime)
      .header('content-length', String(attachment.size))
      .header('content-disposition', `inline; filename="${fileName}"`);
    return reply.send(createReadStream(deps.objects.pathOf(attachment.objectKey)));
  });

  app.get(`${base}/:id/refusal-letter`, read, async (request, reply) => {
    const { id } = parse(CaseParams, request.params, 'path');
    const account = accountOf(request);
    const found = await deps.queries.get(account, id);
    if (!found) throw notFound();
    const c = found.caseRow;
    if (c.status !== 'refused' || c.refusal_reasons === null || c.decided_at === null) {
      throw new CentreHttpError(409, 'conflict', 'only a refused application has a refusal letter');
    }
    const matter = findMatter(deps.rulePacks.packFor(found.record), found.record.answers.matterId);
    const page = await renderRefusalLetter({
      acceptanceNumber: found.summary.acceptanceNumber,
      applicantName: found.record.applicant.name,
      matterLabel: matter?.label ?? found.record.answers.matterId,
      receivedOn: c.received_on,
      reasons: c.refusal_reasons,
      centreName: deps.centreName,
      decidedOn: chinaDateOf(c.decided_at),
    });
    await deps.audit.record({ actor: { kind: 'account', id: account.id }, action: 'refusal_letter.viewed', subjectKind: 'application', subjectId: id });
    return privateDocument(reply, page.csp).type('text/html; charset=utf-8').send(page.html);
  });

  /** One decision endpoint: validate, decide, answer with the case as it is now. */
  const decision = <S extends z.ZodType<{ version: number }>>(path: string, schema: S, toDecision: (body: z.infer<S>) => Decision) =>
    app.post(`${base}/:id/${path}`, decide, async (request) => {
      const { id } = parse(CaseParams, request.params, 'path');
      const body = parse(schema, request.body, 'body');
      const account = accountOf(request);
      await deps.workflow.decide(account.id, id, body.version, toDecision(body));
      const found = await deps.queries.get(account, id);
      if (!found) throw notFound();
      return buildCaseDetail(found, deps);
    });

  decision('request-materials', RequestMaterialsSchema, (b) => ({ kind: 'request_materials', materialIds: b.materialIds, note: b.note, dueInDays: b.dueInDays }));
  decision('materials-received', MaterialsReceivedSchema, () => ({ kind: 'materials_received' }));
  decision('grant', GrantSchema, (b) => ({ kind: 'grant', lawyerId: b.lawyerId }));
  decision('assign', AssignSchema, (b) => ({ kind: 'assign', lawyerId: b.lawyerId }));
  decision('refuse', RefuseSchema, (b) => ({ kind: 'refuse', reasons: b.reasons }));
  decision('withdraw', WithdrawSchema, () => ({ kind: 'withdraw' }));

  app.get(CONSOLE_API.audit, { config: { auth: 'account', capability: 'readAudit' } }, async (request) => {
    const query = parse(AuditQuerySchema, request.query, 'query');
    return { events: await deps.audit.list(query) };
  });
};
