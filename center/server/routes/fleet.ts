/**
 * The fleet for technicians and administrators: kiosks with health and faults, revoking a kiosk,
 * and one-time enrolment codes for new kiosks.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONSOLE_API, type KioskSummary } from '../../../domain/centre/console-api.ts';
import { parseInput } from '../errors.ts';
import { accountOf } from '../http/account-auth.ts';
import type { AuditService } from '../services/audit.ts';
import type { EnrolmentService } from '../services/enrolment.ts';
import type { FleetService } from '../services/fleet.ts';

const IdParams = z.strictObject({ id: z.string().uuid() });
const fleetOnly = { auth: 'account', capability: 'manageFleet' } as const;

export const registerFleetRoutes = (app: FastifyInstance, deps: { fleet: FleetService; enrolment: EnrolmentService; audit: AuditService }): void => {
  app.get(CONSOLE_API.kiosks, { config: fleetOnly }, async (): Promise<KioskSummary[]> => deps.fleet.list());

  app.post(`${CONSOLE_API.kiosks}/:id/revoke`, { config: fleetOnly }, async (request) => {
    const { id } = parseInput(IdParams, request.params);
    return deps.fleet.revoke(id, { kind: 'account', id: accountOf(request).id });
  });

  app.post(CONSOLE_API.enrolmentCodes, { config: fleetOnly }, async (request, response) => {
    const created = await deps.enrolment.createCode();
    // The code itself is a secret until used: only when it runs out goes into the trail.
    await deps.audit.record({
      actor: { kind: 'account', id: accountOf(request).id },
      action: 'enrolment_code.created',
      subjectKind: 'enrolment_code',
      subjectId: null,
      detail: { expiresAt: created.expiresAt },
    });
    return response.code(201).send(created);
  });
};
