import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { err, ok, type Result } from '../../../domain/result.ts';

export type OpenDatabaseError = { code: 'wrong_key' | 'corrupt' | 'disk_full' | 'io' };

/** Whether a thrown error is a storage failure (and which), or something else (a bug: rethrow it). */
export const storageFailure = (error: unknown): 'disk_full' | 'io' | null => {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (error instanceof Database.SqliteError || /^E[A-Z]+$/.test(code)) return 'io';
  return null;
};

/**
 * Opens the SQLite file encrypted with SQLCipher 4 (as implemented by SQLite3 Multiple Ciphers:
 * `cipher='sqlcipher'`, `legacy=4`), keyed with a raw 256-bit key (`x'..'`, no passphrase KDF:
 * the key is already random). `dbKey: null` opens a plain database, used only by the benchmark.
 *
 * The key is checked by reading the schema: with a wrong key page 1 does not decrypt and SQLite
 * says SQLITE_NOTADB, which we report as `wrong_key` (an unencrypted or garbage file looks the same;
 * both mean "this key does not open this file").
 */
export const openEncryptedDatabase = (file: string, dbKey: Uint8Array | null): Result<Database.Database, OpenDatabaseError> => {
  let db: Database.Database;
  try {
    // Created 0600 before SQLite sees it (SQLite would use 0644); its -wal and -shm inherit the mode.
    closeSync(openSync(file, 'a', 0o600));
    db = new Database(file);
  } catch (error) {
    return err({ code: storageFailure(error) ?? 'io' });
  }
  try {
    if (dbKey) {
      db.pragma(`cipher = 'sqlcipher'`);
      db.pragma('legacy = 4');
      db.pragma(`key = "x'${Buffer.from(dbKey).toString('hex')}'"`);
    }
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    db.pragma('journal_mode = WAL');
    // FULL: a committed application (its number is already on a printed receipt) survives a power cut.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Freed pages are zeroed, so purged personal data does not linger in free pages.
    db.pragma('secure_delete = ON');
    // Sorts and temporary indexes stay in memory instead of unencrypted temp files.
    db.pragma('temp_store = MEMORY');
    db.pragma('busy_timeout = 5000');
    return ok(db);
  } catch (error) {
    db.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB') return err({ code: 'wrong_key' });
    if (code === 'SQLITE_CORRUPT') return err({ code: 'corrupt' });
    return err({ code: storageFailure(error) ?? 'io' });
  }
};
