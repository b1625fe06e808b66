/**
 * ICE servers for the two browsers of a call. STUN lets them find their public addresses; TURN relays
 * when no direct path exists (networks that block UDP). TURN credentials follow coturn's REST scheme
 * (`use-auth-secret`): the username is `<expiry unix seconds>:<id>` and the password is the base64
 * HMAC-SHA1 of that username under the shared secret, so the centre never stores a TURN password and a
 * leaked credential expires by itself.
 */
import { createHmac } from 'node:crypto';
import type { IceServer } from '../../../domain/consult/protocol.ts';

export interface IceConfig {
  readonly stunUrls: readonly string[];
  readonly turnUrls: readonly string[];
  /** coturn's `static-auth-secret`; without it no TURN server is handed out (it could not be used). */
  readonly turnSecret: string | null;
  readonly turnTtlSeconds: number;
  /** Every call through the TURN relay only (iceTransportPolicy 'relay'); needs a TURN server. */
  readonly relayOnly?: boolean;
}

export const NO_ICE_SERVERS: IceConfig = { stunUrls: [], turnUrls: [], turnSecret: null, turnTtlSeconds: 3600 };

/** What the two browsers of a call are told to use: relay-only only when a TURN server is handed out. */
export const iceTransportPolicyFor = (config: IceConfig): 'relay' | undefined =>
  config.relayOnly === true && config.turnUrls.length > 0 && config.turnSecret !== null ? 'relay' : undefined;

/** The coturn REST credential for `id` (an account or kiosk id, never a person's name), valid `ttlSeconds`. */
export const turnCredential = (secret: string, id: string, nowMs: number, ttlSeconds: number): { username: string; credential: string } => {
  const username = `${Math.floor(nowMs / 1000) + ttlSeconds}:${id}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
};

export const iceServersFor = (config: IceConfig, id: string, nowMs: number): IceServer[] => {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length > 0 && config.turnSecret !== null) {
    servers.push({ urls: [...config.turnUrls], ...turnCredential(config.turnSecret, id, nowMs, config.turnTtlSeconds) });
  }
  return servers;
};
