import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/harness.js';
import { fieldContext } from '../../platform/crypto/envelope.js';
import { resolveKeks } from '../../platform/crypto/kek.js';
import { Keyring, keyringOf } from '../../platform/crypto/keyring.js';
import { type Database, openDatabase } from '../../platform/db/database.js';
import { createScratchDatabase } from '../../platform/db/scratch-database.js';
import { withSystem } from '../../platform/db/transaction.js';
import { createLogger } from '../../platform/logging.js';

/**
 * `tandem keys rotate` as an operator runs it: on an on-disk PGlite, or on the PostgreSQL server of
 * TANDEM_TEST_DATABASE_URL. Checks the raw columns afterwards: no plaintext, all under the new key.
 */

const serverDir = join(import.meta.dirname, '../../..');
const kekA = randomBytes(32).toString('base64');
const kekB = randomBytes(32).toString('base64');
const plainSecret = `whsec_${randomBytes(24).toString('base64url')}`;
const sealedSecret = `whsec_${randomBytes(24).toString('base64url')}`;
let settings: Record<string, string>;
let cleanup: () => Promise<void>;
let ids: { plain: string; sealed: string };

async function using<T>(kek: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(
    testConfig({ ...settings, TANDEM_KEK: kek }),
    createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
    { migrate: true },
  );
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

function rotate(keks: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...settings, ...keks, TANDEM_LOG_LEVEL: 'warn' };
  if (!settings.TANDEM_DATABASE_URL) delete env.TANDEM_DATABASE_URL;
  delete env.TANDEM_CONFIG_FILE;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/main.ts', 'keys', 'rotate'],
      { cwd: serverDir, env, timeout: 90_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const context = (id: string) => fieldContext('webhook_subscriptions', 'secret', id);

async function stored(database: Database) {
  const { rows } = await sql<{ id: string; secret: string; row: string }>`
    select id, secret, s::text as row from webhook_subscriptions s`.execute(database.db);
  return rows;
}

beforeAll(async () => {
  const serverUrl = process.env.TANDEM_TEST_DATABASE_URL;
  if (serverUrl) {
    const scratch = await createScratchDatabase(serverUrl, 'tandem_test');
    settings = { TANDEM_DATABASE_URL: scratch.url };
    cleanup = scratch.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-keys-'));
    settings = { TANDEM_DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  ids = await using(kekA, async (database) => {
    const keyring = keyringOf(database.db, testConfig({ ...settings, TANDEM_KEK: kekA }));
    await keyring.ready();
    return withSystem(database.db, async (tx) => {
      const org = await tx
        .insertInto('organizations')
        .values({ name: 'Keys Brand', slug: 'keys-brand' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const insert = (id: string, secret: string) =>
        tx
          .insertInto('webhook_subscriptions')
          .values({
            id,
            organization_id: org.id,
            url: 'https://hooks.example.com/x',
            event_types: ['message.created'],
            secret,
          })
          .execute();
      const plain = randomUUID();
      const sealed = randomUUID();
      await insert(plain, plainSecret); // as stored before migration 0031
      await insert(sealed, keyring.seal(sealedSecret, context(sealed)));
      return { plain, sealed };
    });
  });
}, 120_000);
afterAll(() => cleanup());

describe('tandem keys rotate', () => {
  it('makes a new data key, re-seals every secret under it and leaves no plaintext behind', async () => {
    const result = await rotate({ TANDEM_KEK: kekA });
    expect(result.code, result.stderr).toBe(0);
    const newKey = /New data key ([0-9a-f]{12}) \(retired [0-9a-f]{12}\)/.exec(result.stdout)?.[1];
    expect(newKey, result.stdout).toBeDefined();
    expect(result.stdout).toContain('0 data keys re-wrapped; re-sealed 2 webhook secrets');

    await using(kekA, async (database) => {
      const rows = await stored(database);
      const keyring = new Keyring(database.db, resolveKeks(testConfig({ ...settings, TANDEM_KEK: kekA })));
      for (const r of rows) {
        expect(r.row).not.toContain(plainSecret);
        expect(r.row).not.toContain(sealedSecret);
        expect(r.secret.startsWith(`tdm1:${newKey}:`)).toBe(true);
      }
      const byId = new Map(rows.map((r) => [r.id, r.secret]));
      expect(await keyring.open(byId.get(ids.plain)!, context(ids.plain))).toBe(plainSecret);
      expect(await keyring.open(byId.get(ids.sealed)!, context(ids.sealed))).toBe(sealedSecret);
      const audit = await withSystem(database.db, (tx) =>
        tx.selectFrom('audit_log').select(['action', 'object_id']).execute(),
      );
      expect(audit).toEqual([{ action: 'encryption_key.rotated', object_id: newKey }]);
    });
  });

  it('moves every data key to a new KEK given the old one as previous; the old KEK then opens nothing', async () => {
    const result = await rotate({ TANDEM_KEK: kekB, TANDEM_KEK_PREVIOUS: kekA });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('2 data keys re-wrapped');
    await using(kekB, async (database) => {
      const byId = new Map((await stored(database)).map((r) => [r.id, r.secret]));
      const onlyB = new Keyring(database.db, resolveKeks(testConfig({ ...settings, TANDEM_KEK: kekB })));
      expect(await onlyB.open(byId.get(ids.plain)!, context(ids.plain))).toBe(plainSecret);
      const onlyA = new Keyring(database.db, resolveKeks(testConfig({ ...settings, TANDEM_KEK: kekA })));
      await expect(onlyA.open(byId.get(ids.sealed)!, context(ids.sealed))).rejects.toThrow(
        /neither TANDEM_KEK/,
      );
    });
  });

  it('refuses, saying why, when the KEK that wrapped the keys is not given', async () => {
    const result = await rotate({ TANDEM_KEK: randomBytes(32).toString('base64') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/neither TANDEM_KEK .* nor in TANDEM_KEK_PREVIOUS/);
  });
});
