import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {}

export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Arbitrary constant for pg_advisory_xact_lock: one migrator at a time across processes. */
const MIGRATION_LOCK = 7_319_004;

/**
 * Applies pending migrations in file order, all in one transaction under an advisory lock, so a failed
 * migration leaves nothing half applied. Refuses to run when an
 * applied migration's file has changed, because forward-only means history is never rewritten.
 */
export async function migrate(pool: pg.Pool, migrations = readMigrations()): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      'select name, checksum from schema_migrations',
    );
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    for (const [name, checksum] of done) {
      const file = migrations.find((m) => m.name === name);
      if (!file)
        throw new MigrationError(`Migration ${name} is applied in the database but its file is missing.`);
      if (file.checksum !== checksum) {
        throw new MigrationError(
          `Migration ${name} was changed after it was applied (checksum ${checksum.slice(0, 12)} in the database, ` +
            `${file.checksum.slice(0, 12)} on disk). Migrations are forward-only: restore the file and add a new migration.`,
        );
      }
    }
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await client.query(m.sql);
      await client.query('insert into schema_migrations (name, checksum) values ($1, $2)', [
        m.name,
        m.checksum,
      ]);
      applied.push(m.name);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  return applied;
}
