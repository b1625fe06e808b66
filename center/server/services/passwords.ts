/**
 * Password hashing: argon2id with the OWASP minimum (19 MiB, 2 passes, 1 lane), stored as a PHC
 * string so the parameters travel with each hash. @node-rs/argon2 ships prebuilt binaries (no
 * compiler on the centre server) and hashes off the event loop.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// The package's `Algorithm` is a const enum, which isolated-module builds cannot read: its value.
const ARGON2ID = 2 as Algorithm;

const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

/** False (never throws) for a wrong password or a hash that cannot be read. */
export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

/**
 * A hash of nothing anyone knows, with the same parameters: a login for an unknown username
 * verifies against it, so it costs the same time as a wrong password for a real one.
 */
export const createDummyHash = (): Promise<string> => hashPassword(randomBytes(32).toString('base64url'));
