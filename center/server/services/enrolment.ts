/**
 * Kiosk enrolment: an administrator makes a one-time code (24 h); a technician types it into the
 * kiosk's wizard, which sends it with the kiosk's own Ed25519 public key. Only the hash of a code
 * is stored, and a code is spent in the same transaction that creates the kiosk.
 */
import { createHash, createPublicKey, randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EnrolRequest, EnrolResponse } from '../../../domain/centre/protocol.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';

export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60_000;
const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const CODE_LENGTH = 12;

const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

/** True only for an Ed25519 key in SPKI DER form. */
export const isEd25519Spki = (base64: string): boolean => {
  try {
    const der = Buffer.from(base64, 'base64');
    // Round trip: refuses trailing garbage and non-canonical base64.
    if (der.toString('base64') !== base64) return false;
    return createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
};

export interface EnrolmentService {
  createCode(): Promise<{ code: string; expiresAt: string }>;
  enrol(request: EnrolRequest): Promise<EnrolResponse>;
}

export const createEnrolmentService = (deps: { db: Kysely<CentreDatabase>; now: () => number; centreName: string }): EnrolmentService => ({
  async createCode() {
    // randomInt is uniform over the alphabet (no modulo bias).
    const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    const now = deps.now();
    const expiresAt = new Date(now + ENROLMENT_CODE_TTL_MS).toISOString();
    await deps.db
      .insertInto('enrolment_codes')
      .values({ code_hash: hashCode(code), created_at: new Date(now).toISOString(), expires_at: expiresAt, used_at: null, kiosk_id: null })
      .execute();
    return { code, expiresAt };
  },

  async enrol(request) {
    if (!isEd25519Spki(request.publicKey)) throw new CentreHttpError(400, 'invalid_input', 'publicKey must be an Ed25519 public key (SPKI DER, base64)');
    const nowIso = new Date(deps.now()).toISOString();
    const kioskId = randomUUID();
    return deps.db.transaction().execute(async (trx) => {
      const known = await trx.selectFrom('kiosks').select('id').where('public_key', '=', request.publicKey).executeTakeFirst();
      if (known) throw new CentreHttpError(409, 'conflict', 'this key is already enrolled');
      // Create the kiosk first so the code can point at it (foreign key); the whole transaction is
      // rolled back when the code turns out to be unusable.
      await trx
        .insertInto('kiosks')
        .values({
          id: kioskId,
          public_key: request.publicKey,
          station_name: request.stationName,
          region_code: request.regionCode,
          enrolled_at: nowIso,
          revoked_at: null,
          last_seen_at: null,
        })
        .execute();
      const spent = await trx
        .updateTable('enrolment_codes')
        .set({ used_at: nowIso, kiosk_id: kioskId })
        .where('code_hash', '=', hashCode(request.code))
        .where('used_at', 'is', null)
        .where('expires_at', '>', nowIso)
        .executeTakeFirst();
      if (spent.numUpdatedRows !== 1n) throw new CentreHttpError(401, 'unauthorized', 'the enrolment code is unknown, used or expired');
      return { kioskId, centreName: deps.centreName };
    });
  },
});
