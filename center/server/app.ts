/**
 * The centre server: pure wiring. Everything configurable arrives in `deps`, so the composition
 * root (start.ts) and the tests build the same server.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import {
  CENTRE_PATHS,
  CommitRequestSchema,
  HeartbeatRequestSchema,
  EnrolRequestSchema,
  MAX_ATTACHMENT_BYTES,
} from '../../domain/centre/protocol.ts';
import { installConsult, type ConsultConfig } from './consult/plugin.ts';
import type { Dispatcher } from './consult/dispatcher.ts';
import { migrate } from './db/migrations.ts';
import type { CentreDatabase } from './db/schema.ts';
import { CentreHttpError, errorBody, issuePaths } from './errors.ts';
import { installAccountAuth } from './http/account-auth.ts';
import { installConsoleStatic } from './http/console-static.ts';
import { installDeviceAuth, kioskOf } from './http/device-auth.ts';
import { installRawBodyParsers } from './http/raw-body.ts';
import { createRateLimiter, type RateLimitOptions } from './http/rate-limit.ts';
import type { CentreLogger } from './logger.ts';
import { registerConsoleAccountRoutes } from './routes/console-accounts.ts';
import { registerConsultationRecordRoutes } from './routes/consultations.ts';
import { registerFleetRoutes } from './routes/fleet.ts';
import { registerEducationRoutes } from './routes/education.ts';
import { registerReviewRoutes } from './routes/review.ts';
import { createAccountService } from './services/accounts.ts';
import { createAuditService } from './services/audit.ts';
import { backfillCases } from './services/case-intake.ts';
import { createCommitService } from './services/commit.ts';
import { createEnrolmentService } from './services/enrolment.ts';
import { createFleetService } from './services/fleet.ts';
import { DEFAULT_RULE_PACKS_DIR, loadRulePacks, type RulePacks } from './services/rule-packs.ts';
import { createSessionService } from './services/sessions.ts';
import { createFileObjectStore } from './storage/object-store.ts';
import { createUploadService, type UploadOptions } from './storage/uploads.ts';

export interface CentreDeps {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Holds `uploads/` (tus staging) and `objects/` (the object store). */
  readonly dataDir: string;
  readonly db: Kysely<CentreDatabase>;
  readonly centreName: string;
  readonly now: () => number;
  readonly logger: CentreLogger;
  readonly uploads?: UploadOptions;
  /** `publicStatus`: per address on the public status page and its JSON (default 30, then 1 every 2 s). */
  readonly rateLimits?: { readonly kiosk: RateLimitOptions; readonly anonymous: RateLimitOptions; readonly publicStatus?: RateLimitOptions };
  /** HMAC key for applicants' ID numbers (status look-up by card); services/lookup-key.ts. */
  readonly lookupKey: Buffer;
  /** Default: the packs in resources/legal-aid, as the kiosks have them. */
  readonly rulePacks?: RulePacks;
  /** How often kiosks send a heartbeat (default 60 s): three missed make a kiosk offline. */
  readonly heartbeatIntervalMs?: number;
  /** Video consultations: dispatch, ICE servers, grace on lost sockets (default: consult/plugin.ts). */
  readonly consult?: ConsultConfig;
}

export interface Centre {
  readonly baseUrl: string;
  /** The consultation dispatcher (tests look at presence through it). */
  readonly consult: Dispatcher;
  /** Runs the expired-upload sweep now (it also runs on a timer). */
  sweepUploads(): Promise<number>;
  stop(): Promise<void>;
}

const JSON_BODY_LIMIT = 64 * 1024;
/** A record (facts up to 10,000 characters) and up to 100 attachments. */
const COMMIT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_RATE_LIMITS = {
  // Each tus chunk and HEAD is a request: generous for one kiosk, a wall for a runaway one.
  kiosk: { capacity: 300, perSecond: 5 },
  // Enrolment and console sign-in: few legitimate calls; slows down guessing codes and passwords.
  anonymous: { capacity: 20, perSecond: 0.2 },
};

export const buildCentre = async (deps: CentreDeps): Promise<Centre> => {
  const { db, logger } = deps;
  const nowIso = () => new Date(deps.now()).toISOString();
  const applied = await migrate(db, nowIso);
  if (applied.length > 0) logger('info', 'db.migrated', { versions: applied.join(',') });

  const uploadsDir = join(deps.dataDir, 'uploads');
  mkdirSync(uploadsDir, { recursive: true, mode: 0o700 });
  const objects = createFileObjectStore(join(deps.dataDir, 'objects'));
  const uploads = createUploadService({ db, directory: uploadsDir, now: deps.now, logger, options: deps.uploads });
  const enrolment = createEnrolmentService({ db, now: deps.now, centreName: deps.centreName });
  const commits = createCommitService({ db, uploads, objects, now: deps.now, logger, lookupKey: deps.lookupKey });
  const backfilled = await backfillCases(db, deps.lookupKey);
  if (backfilled > 0) logger('info', 'cases.backfilled', { count: backfilled });
  const limits = deps.rateLimits ?? DEFAULT_RATE_LIMITS;
  const anonymousLimiter = createRateLimiter(limits.anonymous, deps.now);

  const app = Fastify({ logger: false, bodyLimit: JSON_BODY_LIMIT, trustProxy: false });
  // Fastify's close() waits out keepAliveTimeout (72 s) for a keep-alive connection whose request
  // was in flight when the stop began (fastify/fastify#7044): answers given while stopping close
  // their connection, so a SIGTERM during a kiosk's upload ends as soon as that request is answered.
  let stopping = false;
  app.addHook('onSend', async (_request, reply) => {
    if (stopping) reply.header('connection', 'close');
  });
  installRawBodyParsers(app);
  installDeviceAuth(app, { db, now: deps.now, limiter: createRateLimiter(limits.kiosk, deps.now) });
  const sessions = createSessionService({ db, now: deps.now });
  await installAccountAuth(app, { sessions });
  const audit = createAuditService({ db, now: deps.now });
  const accounts = createAccountService({ db, now: deps.now, audit, sessions });
  const fleet = createFleetService({ db, now: deps.now, audit, heartbeatIntervalMs: deps.heartbeatIntervalMs });

  app.setErrorHandler((error: FastifyError | CentreHttpError, request, reply) => {
    if (error instanceof CentreHttpError) return reply.code(error.status).send(errorBody(error.code, error.message));
    const status = error.statusCode ?? 500;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send(errorBody('too_large', 'the body is too large'));
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody('invalid_input', 'the request is malformed'));
    logger('error', 'request.failed', { route: request.routeOptions.url ?? null, code: error.code ?? null });
    return reply.code(500).send(errorBody('internal', 'internal error'));
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send(errorBody('invalid_input', 'no such endpoint')));

  const limitAnonymous = (request: FastifyRequest) => {
    if (!anonymousLimiter.take(request.ip)) throw new CentreHttpError(429, 'rate_limited', 'too many requests; retry later');
  };

  app.get(CENTRE_PATHS.health, { config: { auth: 'none' } }, async () => ({ ok: true }));

  registerConsoleAccountRoutes(app, { accounts, sessions, audit, limitAnonymous });
  registerFleetRoutes(app, { fleet, enrolment, audit });
  registerEducationRoutes(app, { dataDir: deps.dataDir, now: deps.now, audit, logger });
  registerReviewRoutes(app, {
    db,
    audit,
    objects,
    now: deps.now,
    lookupKey: deps.lookupKey,
    centreName: deps.centreName,
    rulePacks: deps.rulePacks ?? loadRulePacks(DEFAULT_RULE_PACKS_DIR),
    publicLimiter: createRateLimiter(deps.rateLimits?.publicStatus ?? { capacity: 30, perSecond: 0.5 }, deps.now),
  });

  app.post(CENTRE_PATHS.enrol, { config: { auth: 'none' } }, async (request, reply) => {
    limitAnonymous(request);
    const parsed = EnrolRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `invalid fields: ${issuePaths(parsed.error.issues)}`);
    const enrolled = await enrolment.enrol(parsed.data);
    logger('info', 'kiosk.enrolled', { kioskId: enrolled.kioskId, regionCode: parsed.data.regionCode });
    await audit.record({ actor: { kind: 'kiosk', id: enrolled.kioskId }, action: 'kiosk.enrolled', subjectKind: 'kiosk', subjectId: enrolled.kioskId });
    return reply.code(201).send(enrolled);
  });

  // The kiosk's health for the fleet page (the signature check has already updated last_seen_at).
  app.post(CENTRE_PATHS.heartbeat, { config: { auth: 'kiosk' } }, async (request) => {
    const parsed = HeartbeatRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `invalid fields: ${issuePaths(parsed.error.issues)}`);
    await deps.db
      .updateTable('kiosks')
      .set({ health: JSON.stringify(parsed.data), health_at: new Date(deps.now()).toISOString() })
      .where('id', '=', kioskOf(request))
      .execute();
    return { ok: true };
  });

  app.post(CENTRE_PATHS.commit, { config: { auth: 'kiosk' }, bodyLimit: COMMIT_BODY_LIMIT }, async (request, reply) => {
    const parsed = CommitRequestSchema.safeParse(request.body);
    if (!parsed.success) throw new CentreHttpError(400, 'invalid_input', `invalid fields: ${issuePaths(parsed.error.issues)}`);
    const result = await commits.commit(kioskOf(request), parsed.data);
    return reply.code(result.replay ? 200 : 201).send(result);
  });

  const tusRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    const body = request.method === 'PATCH' ? (request.rawBody ?? Buffer.alloc(0)) : undefined;
    // handleWeb, not handle(req, res): the body was already read (and its hash verified) by Fastify.
    const response = await uploads.handle(kioskOf(request), { method: request.method, url: `http://${request.host}${request.url}`, headers: headersWithoutBodyFraming(headers), body });
    reply.code(response.status);
    response.headers.forEach((value, name) => {
      if (name !== 'content-length' && name !== 'transfer-encoding') reply.header(name, value);
    });
    const payload = Buffer.from(await response.arrayBuffer());
    return reply.send(payload.length > 0 ? payload : undefined);
  };
  const tusOptions = { config: { auth: 'kiosk' as const }, bodyLimit: MAX_ATTACHMENT_BYTES + 1024 };
  app.post(CENTRE_PATHS.uploads, tusOptions, tusRoute);
  app.route({ method: ['HEAD', 'PATCH', 'DELETE'], url: `${CENTRE_PATHS.uploads}/:id`, ...tusOptions, handler: tusRoute });

  const consult = await installConsult(app, { db, now: deps.now, logger, ...(deps.consult ? { config: deps.consult } : {}) });
  registerConsultationRecordRoutes(app, { db, audit, uploads, objects, now: deps.now, logger, profileChanged: (accountId) => consult.profileChanged(accountId) });

  await installConsoleStatic(app);

  await app.listen({ host: deps.host, port: deps.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : deps.port;
  const hostForUrl = deps.host.includes(':') ? `[${deps.host}]` : deps.host;

  return {
    baseUrl: `http://${hostForUrl}:${port}`,
    consult,
    sweepUploads: () => uploads.sweep(),
    async stop() {
      uploads.stop();
      stopping = true;
      await app.close();
    },
  };
};

/** The Request we build carries the body as bytes: framing headers from the wire would lie about it. */
const headersWithoutBodyFraming = (headers: Headers): Headers => {
  headers.delete('content-length');
  headers.delete('transfer-encoding');
  headers.delete('connection');
  return headers;
};
