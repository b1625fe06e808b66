import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IceServerSchema } from '../../../domain/consult/protocol.ts';
import { iceServersFor, iceTransportPolicyFor, NO_ICE_SERVERS, turnCredential } from './ice.ts';

const NOW = Date.UTC(2026, 10, 23, 10, 0, 0);

describe('ICE servers', () => {
  it('makes coturn REST credentials: expiry:id as the username, base64 HMAC-SHA1 as the password', () => {
    const { username, credential } = turnCredential('s3cret-s3cret-s3cret', 'kiosk-1', NOW, 600);
    expect(username).toBe(`${NOW / 1000 + 600}:kiosk-1`);
    expect(credential).toBe(createHmac('sha1', 's3cret-s3cret-s3cret').update(username).digest('base64'));
    // Another secret, another password: the credential proves knowledge of the secret.
    expect(turnCredential('other-secret-other', 'kiosk-1', NOW, 600).credential).not.toBe(credential);
  });

  it('hands out nothing when nothing is configured, and no TURN server without its secret', () => {
    expect(iceServersFor(NO_ICE_SERVERS, 'x', NOW)).toEqual([]);
    expect(iceServersFor({ stunUrls: ['stun:a:3478'], turnUrls: ['turn:a:3478'], turnSecret: null, turnTtlSeconds: 600 }, 'x', NOW)).toEqual([{ urls: ['stun:a:3478'] }]);
  });

  it('gives servers the protocol accepts', () => {
    const servers = iceServersFor({ stunUrls: ['stun:a:3478'], turnUrls: ['turn:a:3478', 'turns:a:443?transport=tcp'], turnSecret: 'k'.repeat(32), turnTtlSeconds: 3600 }, 'lawyer-9', NOW);
    expect(servers).toHaveLength(2);
    for (const server of servers) expect(IceServerSchema.parse(server)).toEqual(server);
  });

  it('says relay-only only when asked and a TURN server with its secret is handed out', () => {
    const turn = { stunUrls: [], turnUrls: ['turn:a:3478'], turnSecret: 'k'.repeat(32), turnTtlSeconds: 600 };
    expect(iceTransportPolicyFor(turn)).toBeUndefined();
    expect(iceTransportPolicyFor({ ...turn, relayOnly: true })).toBe('relay');
    // Relay-only without a usable relay would make every call fail: not said.
    expect(iceTransportPolicyFor({ ...turn, turnSecret: null, relayOnly: true })).toBeUndefined();
    expect(iceTransportPolicyFor({ ...NO_ICE_SERVERS, relayOnly: true })).toBeUndefined();
  });
});
