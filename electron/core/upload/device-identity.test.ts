import { createPublicKey, verify } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIOSK_AUTH_HEADERS, signingString } from '../../../domain/centre/protocol.ts';
import { DEVICE_KEY_FILE, ensureDeviceIdentity, KIOSK_ID_FILE, loadDeviceIdentity, sha256Hex } from './device-identity.ts';

const dir = () => mkdtempSync(join(tmpdir(), 'device-identity-'));
const KIOSK_ID = '0b7e3a5c-1d2f-4e6a-8b9c-0d1e2f3a4b5c';

describe('device identity', () => {
  it('makes an Ed25519 key in a 0600 PKCS8 file and keeps it', () => {
    const d = dir();
    const first = ensureDeviceIdentity(d, () => 0);
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(statSync(join(d, DEVICE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(d, DEVICE_KEY_FILE), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const pub = createPublicKey({ key: Buffer.from(first.value.publicKey, 'base64'), format: 'der', type: 'spki' });
    expect(pub.asymmetricKeyType).toBe('ed25519');
    const again = ensureDeviceIdentity(d, () => 0);
    expect(again.ok && again.value.publicKey).toBe(first.value.publicKey);
  });

  it('refuses a key file others can read', () => {
    const d = dir();
    ensureDeviceIdentity(d, () => 0);
    chmodSync(join(d, DEVICE_KEY_FILE), 0o640);
    expect(loadDeviceIdentity(d, () => 0)).toEqual({ ok: false, error: { code: 'insecure_permissions' } });
    expect(ensureDeviceIdentity(d, () => 0)).toEqual({ ok: false, error: { code: 'insecure_permissions' } });
  });

  it('refuses a key that is not Ed25519 PEM', () => {
    const d = dir();
    writeFileSync(join(d, DEVICE_KEY_FILE), 'not a key', { mode: 0o600 });
    expect(loadDeviceIdentity(d, () => 0)).toEqual({ ok: false, error: { code: 'malformed' } });
  });

  it('signs only once enrolled, over signingString with the body hash, verifiable with the public key', () => {
    const d = dir();
    const made = ensureDeviceIdentity(d, () => 1_790_000_000_123);
    if (!made.ok) throw new Error('no identity');
    const identity = made.value;
    const body = Buffer.from('{"a":1}');
    expect(identity.sign({ method: 'post', pathWithQuery: '/api/kiosk/applications', body })).toEqual({ ok: false, error: { code: 'not_enrolled' } });

    identity.setKioskId(KIOSK_ID);
    expect(statSync(join(d, KIOSK_ID_FILE)).mode & 0o777).toBe(0o600);
    const signed = identity.sign({ method: 'post', pathWithQuery: '/api/kiosk/applications?x=1', body });
    if (!signed.ok) throw new Error('not signed');
    const headers = signed.value;
    expect(headers[KIOSK_AUTH_HEADERS.kiosk]).toBe(KIOSK_ID);
    expect(headers[KIOSK_AUTH_HEADERS.time]).toBe('1790000000123');
    const pub = createPublicKey({ key: Buffer.from(identity.publicKey, 'base64'), format: 'der', type: 'spki' });
    const expected = signingString('POST', '/api/kiosk/applications?x=1', '1790000000123', sha256Hex(body));
    const sig = Buffer.from(headers[KIOSK_AUTH_HEADERS.signature], 'base64');
    expect(verify(null, Buffer.from(expected), pub, sig)).toBe(true);
    // Another body or path does not verify.
    expect(verify(null, Buffer.from(signingString('POST', '/api/kiosk/applications?x=1', '1790000000123', sha256Hex(null))), pub, sig)).toBe(false);

    // The kiosk id survives a reload.
    const reloaded = loadDeviceIdentity(d, () => 0);
    expect(reloaded.ok && reloaded.value.kioskId()).toBe(KIOSK_ID);
  });
});
