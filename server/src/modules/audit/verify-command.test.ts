import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness.js';
import { type Database, openDatabase } from '../../platform/db/database.js';
import { createScratchDatabase } from '../../platform/db/scratch-database.js';
import { withSystem } from '../../platform/db/transaction.js';
import { createLogger } from '../../platform/logging.js';
import { record } from './service.js';

/**
 * `tandem audit verify` as a person runs it, on a database the test writes and then tampers with as
 * the owner with the append-only triggers off: on an on-disk PGlite, or on the PostgreSQL server of
 * TANDEM_TEST_DATABASE_URL.
 */

const serverDir = join(import.meta.dirname, '../../..');
let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
let organizationId: string;

async function openFor(settings: Record<string, string>): Promise<Database> {
  return openDatabase(testConfig(settings), createLogger({ TANDEM_LOG_LEVEL: 'silent' }), { migrate: true });
}

/** Opens the database, runs fn, and closes it again: embedded PGlite allows one process at a time. */
async function using<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openFor(settings);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}
let settings: Record<string, string>;

function verify(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'audit', 'verify'],
      { cwd: serverDir, env, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const tamper = (fn: (tx: Parameters<Parameters<typeof withSystem>[1]>[0]) => Promise<unknown>) =>
  using((database) =>
    withSystem(database.db, async (tx) => {
      await sql`alter table audit_log disable trigger user`.execute(tx);
      await fn(tx);
      await sql`alter table audit_log enable trigger user`.execute(tx);
    }),
  );

beforeAll(async () => {
  const serverUrl = process.env.TANDEM_TEST_DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, 'tandem_test');
    settings = { TANDEM_DATABASE_URL: scratch.url };
    cleanup = scratch.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-audit-'));
    settings = { TANDEM_DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  env = { ...process.env, ...settings, TANDEM_LOG_LEVEL: 'warn', TANDEM_DEMO_SEED: 'never' };
  if (!settings.TANDEM_DATABASE_URL) delete env.TANDEM_DATABASE_URL;
  delete env.TANDEM_CONFIG_FILE;
  organizationId = await using((database) =>
    withSystem(database.db, async (tx) => {
      const org = await tx
        .insertInto('organizations')
        .values({ name: 'Audit Brand', slug: 'audit-brand' })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let i = 1; i <= 5; i++)
        await record(
          tx,
          { organizationId: org.id, system: 'test' },
          { action: 'vendor.updated', objectType: 'vendor', objectId: `v${i}`, details: { i } },
          new Date(Date.UTC(2026, 2, 1, 10, i)),
        );
      return org.id;
    }),
  );
}, 120_000);
afterAll(() => cleanup());

describe('tandem audit verify', () => {
  it('prints OK with the count and the head hash, then the seq of an edited row, then of a deleted one', async () => {
    const head = await using((database) =>
      withSystem(database.db, (tx) =>
        tx.selectFrom('audit_log').select('hash').where('seq', '=', 5).executeTakeFirstOrThrow(),
      ),
    );
    const ok = await verify();
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      `OK Audit Brand (${organizationId}): 5 entries, head seq 5 hash ${head.hash}`,
    );

    await tamper((tx) =>
      tx
        .updateTable('audit_log')
        .set({ details: JSON.stringify({ i: 99 }) })
        .where('seq', '=', 3)
        .execute(),
    );
    const edited = await verify();
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain(`BROKEN Audit Brand (${organizationId}) at seq 3: hash`);

    await tamper(async (tx) => {
      await tx
        .updateTable('audit_log')
        .set({ details: JSON.stringify({ i: 3 }) })
        .where('seq', '=', 3)
        .execute();
      await tx.deleteFrom('audit_log').where('seq', '=', 2).execute();
    });
    const deleted = await verify();
    expect(deleted.code).toBe(1);
    expect(deleted.stderr).toContain('at seq 2: seq — expected seq 2, found 3');
  }, 240_000);
});
