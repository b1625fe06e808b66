/**
 * Kiosk device authentication (protocol.ts): every request to a route marked `auth: 'kiosk'`
 * carries the kiosk id, the time and an Ed25519 signature over method, path, time and the SHA-256
 * of the raw body, checked against the public key stored at enrolment.
 *
 * Cheap checks (headers, clock, known kiosk) run on request, before the body is read; the signature
 * needs the body, so it is checked once parsing is done, before any handler sees the request.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { KIOSK_AUTH_HEADERS, MAX_CLOCK_SKEW_MS, signingString } from '../../../domain/centre/protocol.ts';
import type { CentreDatabase } from '../db/schema.ts';
import { CentreHttpError } from '../errors.ts';
import type { RateLimiter } from './rate-limit.ts';
// The route `config.auth` values are declared with the console's in account-auth.ts.
import './account-auth.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the kiosk's signature has been verified. */
    kioskId?: string;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SIGNATURE_B64 = /^[A-Za-z0-9+/]{86}==$/;

interface PendingKiosk {
  readonly id: string;
  readonly publicKey: string;
  readonly revoked: boolean;
  readonly time: string;
  readonly signature: Buffer;
}

const pending = new WeakMap<FastifyRequest, PendingKiosk>();

const unauthorized = () => new CentreHttpError(401, 'unauthorized', 'the request is not signed by an enrolled kiosk');

const header = (request: FastifyRequest, name: string): string | null => {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
};

export const installDeviceAuth = (
  app: FastifyInstance,
  deps: { db: Kysely<CentreDatabase>; now: () => number; limiter: RateLimiter; lastSeenEveryMs?: number },
): void => {
  const lastSeenWritten = new Map<string, number>();

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.auth !== 'kiosk') return;
    const id = header(request, KIOSK_AUTH_HEADERS.kiosk);
    const time = header(request, KIOSK_AUTH_HEADERS.time);
    const signature = header(request, KIOSK_AUTH_HEADERS.signature);
    if (!id || !time || !signature || !UUID.test(id) || !/^\d{1,15}$/.test(time) || !SIGNATURE_B64.test(signature)) {
      throw unauthorized();
    }
    if (Math.abs(deps.now() - Number(time)) > MAX_CLOCK_SKEW_MS) throw unauthorized();
    const kiosk = await deps.db.selectFrom('kiosks').select(['id', 'public_key', 'revoked_at']).where('id', '=', id).executeTakeFirst();
    if (!kiosk) throw unauthorized();
    pending.set(request, { id, publicKey: kiosk.public_key, revoked: kiosk.revoked_at !== null, time, signature: Buffer.from(signature, 'base64') });
  });

  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.auth !== 'kiosk') return;
    const claim = pending.get(request);
    if (!claim) throw unauthorized();
    const bodyHash = createHash('sha256')
      .update(request.rawBody ?? Buffer.alloc(0))
      .digest('hex');
    const message = Buffer.from(signingString(request.method, request.url, claim.time, bodyHash), 'utf8');
    const key = createPublicKey({ key: Buffer.from(claim.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (!verify(null, message, key, claim.signature)) throw unauthorized();
    // Only a kiosk that proved who it is learns that it was revoked.
    if (claim.revoked) throw new CentreHttpError(403, 'revoked', 'this kiosk has been revoked; ask a technician');
    if (!deps.limiter.take(claim.id)) throw new CentreHttpError(429, 'rate_limited', 'too many requests; retry later');
    request.kioskId = claim.id;
    const t = deps.now();
    if (t - (lastSeenWritten.get(claim.id) ?? 0) >= (deps.lastSeenEveryMs ?? 30_000)) {
      lastSeenWritten.set(claim.id, t);
      await deps.db.updateTable('kiosks').set({ last_seen_at: new Date(t).toISOString() }).where('id', '=', claim.id).execute();
    }
  });
};

/** The verified kiosk id of a request on a kiosk route (the hook guarantees it). */
export const kioskOf = (request: FastifyRequest): string => {
  if (!request.kioskId) throw unauthorized();
  return request.kioskId;
};
