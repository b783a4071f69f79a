import { afterAll, beforeAll, expect, it } from 'vitest';
import { openTestDatabase, testConfig } from '../../../test/harness.js';
import type { Database } from './database.js';
import { MigrationError, migrate, readMigrations } from './migrator.js';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase(testConfig()));
});
afterAll(() => drop());

it('records every migration with its checksum and applies nothing twice', async () => {
  const files = readMigrations();
  const { rows } = await database.pool.query('select name, checksum from schema_migrations order by name');
  expect(rows).toEqual(files.map((f) => ({ name: f.name, checksum: f.checksum })));
  expect(await migrate(database.pool, files)).toEqual([]);
});

it('refuses to start when an applied migration was edited', async () => {
  const files = readMigrations();
  const edited = files.map((f, i) => (i === 0 ? { ...f, checksum: 'f'.repeat(64) } : f));
  await expect(migrate(database.pool, edited)).rejects.toThrow(MigrationError);
  await expect(migrate(database.pool, edited)).rejects.toThrow(/was changed after it was applied/);
});

it('applies a new migration and rolls back a failing one completely', async () => {
  const files = readMigrations();
  const good = {
    name: '9998_probe.sql',
    sql: 'create table migration_probe (id int);',
    checksum: 'a'.repeat(64),
  };
  const bad = {
    name: '9999_broken.sql',
    sql: 'create table half_done (id int); select * from no_such_table;',
    checksum: 'b'.repeat(64),
  };
  await expect(migrate(database.pool, [...files, good, bad])).rejects.toThrow();
  const { rows } = await database.pool.query(
    "select to_regclass('half_done') as half, to_regclass('migration_probe') as probe",
  );
  expect(rows[0]).toEqual({ half: null, probe: null });
  expect(await migrate(database.pool, [...files, good])).toEqual(['9998_probe.sql']);
});
