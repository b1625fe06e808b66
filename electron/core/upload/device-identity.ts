/**
 * The kiosk's identity towards the centre (domain/centre/protocol.ts): an Ed25519 key pair made on
 * the kiosk at enrolment (the centre keeps only the public key, so there is no shared secret to
 * leak) and the kiosk id the centre assigned. Both live in the data directory:
 *
 *   <dir>/device-key.pem   private key, PKCS8 PEM, mode 0600 (a group/world-readable file is refused)
 *   <dir>/kiosk-id         the kiosk id (uuid) from enrolment, mode 0600
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, type KeyObject } from 'node:crypto';
import { closeSync, constants, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../domain/result.ts';
import { KIOSK_AUTH_HEADERS, signingString } from '../../../domain/centre/protocol.ts';
import { readPrivateFile } from '../services/private-file.ts';

export const DEVICE_KEY_FILE = 'device-key.pem';
export const KIOSK_ID_FILE = 'kiosk-id';

export type DeviceIdentityError = { code: 'missing' | 'malformed' | 'insecure_permissions' };

export interface SignableRequest {
  method: string;
  /** Path with its query, exactly as sent (e.g. `/api/kiosk/uploads/abc`). */
  pathWithQuery: string;
  /** The body bytes; null or empty for none. */
  body: Uint8Array | null;
}

export type KioskAuthHeaders = Record<(typeof KIOSK_AUTH_HEADERS)[keyof typeof KIOSK_AUTH_HEADERS], string>;

export interface DeviceIdentity {
  /** SPKI DER, base64: what enrolment sends. */
  readonly publicKey: string;
  /** The centre's id for this kiosk, or null before enrolment. */
  kioskId(): string | null;
  /** Stores the kiosk id from enrolment (replacing an earlier one: a re-enrolment). */
  setKioskId(kioskId: string): void;
  /** The `KIOSK_AUTH_HEADERS` for one request, signed now; `not_enrolled` without a kiosk id. */
  sign(request: SignableRequest): Result<KioskAuthHeaders, { code: 'not_enrolled' }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sha256Hex = (bytes: Uint8Array | null): string =>
  createHash('sha256')
    .update(bytes ?? new Uint8Array(0))
    .digest('hex');


/** Write-then-rename with fsync: a power cut leaves the old file or the new one, never half. */
const writePrivateFile = (file: string, text: string, exclusive: boolean) => {
  const target = exclusive ? file : `${file}.tmp`;
  const flags = constants.O_WRONLY | constants.O_CREAT | (exclusive ? constants.O_EXCL : constants.O_TRUNC);
  const fd = openSync(target, flags, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (!exclusive) renameSync(target, file);
};

/** Loads the identity kept in `dir`; `missing` when no key was ever made there. */
export const loadDeviceIdentity = (dir: string, now: () => number): Result<DeviceIdentity, DeviceIdentityError> => {
  const pem = readPrivateFile(join(dir, DEVICE_KEY_FILE));
  if (!pem.ok) return pem;
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem.value, format: 'pem' });
  } catch {
    return err({ code: 'malformed' });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') return err({ code: 'malformed' });

  const idFile = join(dir, KIOSK_ID_FILE);
  const storedId = readPrivateFile(idFile);
  if (!storedId.ok && storedId.error.code !== 'missing') return storedId;
  let kioskId: string | null = storedId.ok ? storedId.value.trim() : null;
  if (kioskId !== null && !UUID.test(kioskId)) return err({ code: 'malformed' });

  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  return ok({
    publicKey,
    kioskId: () => kioskId,
    setKioskId(id) {
      if (!UUID.test(id)) throw new RangeError('kiosk id must be a uuid');
      writePrivateFile(idFile, `${id}\n`, false);
      kioskId = id;
    },
    sign({ method, pathWithQuery, body }) {
      if (kioskId === null) return err({ code: 'not_enrolled' });
      const time = String(now());
      const text = signingString(method, pathWithQuery, time, sha256Hex(body));
      const signature = edSign(null, Buffer.from(text, 'utf8'), privateKey).toString('base64');
      return ok({ [KIOSK_AUTH_HEADERS.kiosk]: kioskId, [KIOSK_AUTH_HEADERS.time]: time, [KIOSK_AUTH_HEADERS.signature]: signature });
    },
  });
};

/**
 * Loads the identity, making the key pair first if there is none. An existing key is never
 * replaced (the centre knows this kiosk by it); an unreadable or insecure one is an error to fix.
 */
export const ensureDeviceIdentity = (dir: string, now: () => number): Result<DeviceIdentity, DeviceIdentityError> => {
  const loaded = loadDeviceIdentity(dir, now);
  if (loaded.ok || loaded.error.code !== 'missing') return loaded;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  writePrivateFile(join(dir, DEVICE_KEY_FILE), privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), true);
  return loadDeviceIdentity(dir, now);
};
