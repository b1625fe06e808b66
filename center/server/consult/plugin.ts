/**
 * Video consultations' real-time side in one call for app.ts: the dispatcher (with every lawyer
 * profile registered) and its two sockets. Returns the dispatcher, whose `profileChanged` the
 * lawyer-profile routes call after a save, and whose `repository` the consultation routes may reuse.
 */
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { dispatchConfig, type DispatchConfig } from '../../../domain/dispatch/model.ts';
import type { CentreDatabase } from '../db/schema.ts';
import type { RateLimitOptions } from '../http/rate-limit.ts';
import type { CentreLogger } from '../logger.ts';
import { Dispatcher } from './dispatcher.ts';
import { NO_ICE_SERVERS, type IceConfig } from './ice.ts';
import { installConsultSockets } from './sockets.ts';

export interface ConsultConfig {
  readonly dispatch: DispatchConfig;
  readonly ice: IceConfig;
  /** How long a call waits for a side whose socket dropped to come back with `resume`. */
  readonly graceMs: number;
  /** A socket silent this long is dropped (default HEARTBEAT_DEAD_MS). */
  readonly deadAfterMs?: number;
  readonly frameRate?: RateLimitOptions;
}

export const DEFAULT_CONSULT_CONFIG: ConsultConfig = { dispatch: dispatchConfig(), ice: NO_ICE_SERVERS, graceMs: 30_000 };

export const installConsult = async (
  app: FastifyInstance,
  deps: { db: Kysely<CentreDatabase>; now: () => number; logger: CentreLogger; config?: ConsultConfig },
): Promise<Dispatcher> => {
  const config = deps.config ?? DEFAULT_CONSULT_CONFIG;
  const dispatcher = new Dispatcher({ db: deps.db, now: deps.now, logger: deps.logger, dispatch: config.dispatch, ice: config.ice, graceMs: config.graceMs });
  await dispatcher.start();
  await installConsultSockets(app, {
    dispatcher,
    db: deps.db,
    now: deps.now,
    logger: deps.logger,
    ...(config.deadAfterMs === undefined ? {} : { deadAfterMs: config.deadAfterMs }),
    ...(config.frameRate === undefined ? {} : { frameRate: config.frameRate }),
  });
  return dispatcher;
};
