/**
 * Legal-education bundles (issue 7): administrators and technicians upload a newer bundle from the
 * console API; enrolled kiosks fetch the newest one they do not have (a signed GET).
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describeProblems } from '../../../domain/education/bundle.ts';
import { BUNDLE_WIRE_MAX_BYTES, BundleWireSchema, CONSOLE_EDUCATION_PATH, KIOSK_EDUCATION_PATH, KioskBundleQuerySchema } from '../../../domain/education/protocol.ts';
import { CentreHttpError, parseInput } from '../errors.ts';
import { accountOf } from '../http/account-auth.ts';
import { kioskOf } from '../http/device-auth.ts';
import type { CentreLogger } from '../logger.ts';
import type { AuditService } from '../services/audit.ts';
import { createEducationBundleService } from '../services/education-bundles.ts';

/** Content pushed to the fleet: the fleet's managers (technicians and administrators) publish it. */
const publishers = { auth: 'account', capability: 'manageFleet' } as const;

export const registerEducationRoutes = (
  app: FastifyInstance,
  deps: { dataDir: string; now: () => number; audit: AuditService; logger: CentreLogger },
): void => {
  const bundles = createEducationBundleService({ dir: join(deps.dataDir, 'education'), now: deps.now });
  app.get(CONSOLE_EDUCATION_PATH, { config: publishers }, async () => bundles.list());

  app.post(CONSOLE_EDUCATION_PATH, { config: publishers, bodyLimit: BUNDLE_WIRE_MAX_BYTES }, async (request, reply) => {
    const wire = parseInput(BundleWireSchema, request.body);
    const accepted = await bundles.accept(wire);
    if (!accepted.ok) {
      if (accepted.error.code === 'not_newer') {
        throw new CentreHttpError(409, 'conflict', `the centre already has version ${accepted.error.latest}; publish a higher version`);
      }
      // Codes and file names only: the problems never quote the bundle's text.
      throw new CentreHttpError(400, 'invalid_input', `bundle refused: ${describeProblems(accepted.error.problems)}`);
    }
    await deps.audit.record({
      actor: { kind: 'account', id: accountOf(request).id },
      action: 'education_bundle.published',
      subjectKind: 'education_bundle',
      subjectId: null,
      detail: { version: accepted.value.version, items: accepted.value.items },
    });
    deps.logger('info', 'education.bundle_published', { version: accepted.value.version });
    return reply.code(201).send(accepted.value);
  });

  app.get(KIOSK_EDUCATION_PATH, { config: { auth: 'kiosk' } }, async (request, reply) => {
    kioskOf(request);
    const { after } = parseInput(KioskBundleQuerySchema, request.query);
    const newer = bundles.newerThan(after);
    if (!newer) return reply.code(204).send();
    return reply.type('application/json').send(createReadStream(newer.path));
  });
};
