import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from './migrate.ts';
import { migrations, type Migration } from './migrations/index.ts';
import { makeStoreDir } from './testing.ts';

const fileDb = () => new Database(makeStoreDir('store-migrate-').dbFile);
const version = (db: Database.Database) => db.pragma('user_version', { simple: true });
const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();

describe('migrations on a file database', () => {
  it('creates the schema from scratch, STRICT tables included', () => {
    const db = fileDb();
    expect(migrate(db, migrations)).toEqual({ ok: true, value: { from: 0, to: migrations.length } });
    expect(version(db)).toBe(migrations.length);
    expect(tables(db)).toEqual(['application', 'attachment', 'consultation', 'outbox', 'print_job', 'upload_url']);
    const strict = db.prepare('SELECT name, strict FROM pragma_table_list WHERE schema = ? AND name NOT LIKE ?').all('main', 'sqlite_%');
    expect(strict.every((t) => (t as { strict: number }).strict === 1)).toBe(true);
    expect(() => db.prepare("INSERT INTO outbox (application_id, next_attempt_at, created_at) VALUES ('x', 'soon', 'now')").run()).toThrow(
      /cannot store TEXT value in INTEGER column/,
    );
    db.close();
  });

  it('is a no-op when already current', () => {
    const db = fileDb();
    migrate(db, migrations);
    expect(migrate(db, migrations)).toEqual({ ok: true, value: { from: migrations.length, to: migrations.length } });
    db.close();
  });

  it('upgrades an existing database and keeps its rows', () => {
    const db = fileDb();
    migrate(db, migrations);
    db.pragma('foreign_keys = OFF'); // a lone print_job row is enough to see that rows survive
    db.prepare("INSERT INTO print_job VALUES ('p1', 'a1', 'receipt', 'q', NULL, 'queued', NULL, 1, 1)").run();
    const next: Migration = { version: migrations.length + 1, name: 'add-note', sql: 'ALTER TABLE print_job ADD COLUMN note TEXT;' };
    expect(migrate(db, [...migrations, next])).toEqual({ ok: true, value: { from: migrations.length, to: migrations.length + 1 } });
    expect(db.prepare('SELECT print_job_id, note FROM print_job').all()).toEqual([{ print_job_id: 'p1', note: null }]);
    db.close();
  });

  it('refuses a database newer than the code and leaves it untouched', () => {
    const db = fileDb();
    db.pragma('user_version = 7');
    expect(migrate(db, migrations)).toEqual({ ok: false, error: { code: 'newer_schema', found: 7, known: migrations.length } });
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('rolls a failing migration back entirely, version included', () => {
    const db = fileDb();
    migrate(db, migrations);
    const broken: Migration = {
      version: migrations.length + 1,
      name: 'broken',
      sql: 'CREATE TABLE half_done (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);',
    };
    expect(() => migrate(db, [...migrations, broken])).toThrow(/no such table/);
    expect(version(db)).toBe(migrations.length);
    expect(tables(db)).not.toContain('half_done');
    db.close();
  });

  it('rejects a list whose versions are not 1..n in order', () => {
    const db = fileDb();
    expect(() => migrate(db, [{ version: 2, name: 'gap', sql: '' }])).toThrow(/must be version 1/);
    db.close();
  });
});
