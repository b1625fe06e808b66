/**
 * The fleet page: every enrolled kiosk with its last reported health, whether it is online, and
 * the faults a technician should go and fix. Revoking a kiosk stops every signed request it makes
 * (device-auth.ts answers 403 'revoked'), so a stolen or retired kiosk cannot upload any more.
 */
import type { Kysely } from 'kysely';
import type { KioskSummary } from '../../../domain/centre/console-api.ts';
import { HeartbeatRequestSchema, type HeartbeatRequest } from '../../../domain/centre/protocol.ts';
import type { CentreDatabase, KiosksTable } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';
import type { AuditActor, AuditService } from './audit.ts';

export const DEFAULT_HEARTBEAT_INTERVAL_MS = 60_000;
/** Missing this many beats in a row makes a kiosk offline. */
const MISSED_BEATS_OFFLINE = 3;
export const LOW_DISK_BYTES = 1024 ** 3;
export const STALE_OUTBOX_MS = 60 * 60_000;

/**
 * Fault keys for the console (it translates them): each names a thing a technician can check.
 * Pure: `health` is the last heartbeat (null when none came yet), `online` whether it is recent.
 */
export const deriveFaults = (health: HeartbeatRequest | null, online: boolean, now: number): string[] => {
  const faults: string[] = [];
  if (!online) faults.push('offline');
  if (!health) return faults;
  if (health.printers.receipt !== 'ready') faults.push(`printer.receipt.${health.printers.receipt}`);
  if (health.printers.a4 !== 'ready') faults.push(`printer.a4.${health.printers.a4}`);
  if (health.reader === 'disconnected') faults.push('reader.disconnected');
  if (health.diskFreeBytes !== null && health.diskFreeBytes < LOW_DISK_BYTES) faults.push('disk.low');
  const oldest = health.outbox.oldestCreatedAt === null ? Number.NaN : Date.parse(health.outbox.oldestCreatedAt);
  if (!Number.isNaN(oldest) && now - oldest > STALE_OUTBOX_MS) faults.push('outbox.stale');
  return faults;
};

/** The stored heartbeat, or null when there is none or it no longer reads as one. */
const parseHealth = (text: string | null): HeartbeatRequest | null => {
  if (text === null) return null;
  try {
    const parsed = HeartbeatRequestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

export interface FleetService {
  list(): Promise<KioskSummary[]>;
  revoke(kioskId: string, actor: AuditActor): Promise<KioskSummary>;
}

export const createFleetService = (deps: {
  db: Kysely<CentreDatabase>;
  now: () => number;
  audit: AuditService;
  heartbeatIntervalMs?: number;
}): FleetService => {
  const offlineAfterMs = MISSED_BEATS_OFFLINE * (deps.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS);

  const summarise = (row: KiosksTable, now: number): KioskSummary => {
    const online = row.revoked_at === null && row.last_seen_at !== null && now - Date.parse(row.last_seen_at) <= offlineAfterMs;
    const health = parseHealth(row.health);
    return {
      kioskId: row.id,
      stationName: row.station_name,
      regionCode: row.region_code,
      enrolledAt: row.enrolled_at,
      revokedAt: row.revoked_at,
      lastSeenAt: row.last_seen_at,
      online,
      health,
      // A revoked kiosk has nothing left to fix.
      faults: row.revoked_at === null ? deriveFaults(health, online, now) : [],
    };
  };

  return {
    async list() {
      const rows = await deps.db.selectFrom('kiosks').selectAll().orderBy('station_name').orderBy('enrolled_at').execute();
      const now = deps.now();
      return rows.map((row) => summarise(row, now));
    },

    async revoke(kioskId, actor) {
      return deps.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('kiosks').selectAll().where('id', '=', kioskId).executeTakeFirst();
        if (!row) throw new CentreHttpError(404, 'not_found', 'no such kiosk');
        // Revoking twice is not an error and keeps the first time.
        if (row.revoked_at !== null) return summarise(row, deps.now());
        const revokedAt = new Date(deps.now()).toISOString();
        await trx.updateTable('kiosks').set({ revoked_at: revokedAt }).where('id', '=', kioskId).execute();
        await deps.audit.record({ actor, action: 'kiosk.revoked', subjectKind: 'kiosk', subjectId: kioskId }, trx);
        return summarise({ ...row, revoked_at: revokedAt }, deps.now());
      });
    },
  };
};
