import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { EncryptionError, fieldContext } from '../../platform/crypto/envelope.js';
import { resolveKeks } from '../../platform/crypto/kek.js';
import { Keyring, keyringOf } from '../../platform/crypto/keyring.js';
import { withSystem } from '../../platform/db/transaction.js';
import { sealSecret } from '../auth/mfa.js';
import { rotateKeys } from './service.js';

/**
 * Encryption at rest against the real database (PGlite, or PostgreSQL with TANDEM_TEST_DATABASE_URL):
 * the raw columns never hold a secret, rotation keeps every value readable, and old rows get sealed.
 */

const kekA = randomBytes(32).toString('base64');
let t: TestContext;
let admin: TestUser;

beforeAll(async () => {
  t = await startTestApp({ TANDEM_KEK: kekA, TANDEM_WEBHOOK_ALLOW_PRIVATE: 'true' });
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

/** Every column of every row, as PostgreSQL prints it: a plaintext anywhere in the row shows up here. */
async function rawRows(
  table: 'webhook_subscriptions' | 'user_mfa' | 'data_keys' | 'idempotency_keys',
): Promise<string[]> {
  const { rows } = await sql<{ row: string }>`select r::text as row from ${sql.table(table)} r`.execute(
    t.database.db,
  );
  return rows.map((r) => r.row);
}

const rawSecret = (id: string) =>
  withSystem(t.database.db, (tx) =>
    tx.selectFrom('webhook_subscriptions').select('secret').where('id', '=', id).executeTakeFirstOrThrow(),
  ).then((r) => r.secret);

async function subscribe(): Promise<{ id: string; secret: string }> {
  const res = await call(t.app, 'POST', '/api/v1/webhooks', {
    token: admin.token,
    body: { url: 'http://127.0.0.1:9/tandem', event_types: ['message.created'] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; secret: string };
}

describe('encryption at rest', () => {
  it('stores a new webhook secret sealed and bound to its row', async () => {
    const a = await subscribe();
    const b = await subscribe();
    const stored = await rawSecret(a.id);
    expect(stored).toMatch(/^tdm1:[0-9a-f]{12}:/);
    for (const row of await rawRows('webhook_subscriptions')) {
      expect(row).not.toContain(a.secret);
      expect(row).not.toContain(b.secret);
    }
    const keyring = keyringOf(t.database.db, t.config);
    expect(await keyring.open(stored, fieldContext('webhook_subscriptions', 'secret', a.id))).toBe(a.secret);
    // Copied onto another subscription's row, the sealed value does not open there.
    await expect(
      keyring.open(stored, fieldContext('webhook_subscriptions', 'secret', b.id)),
    ).rejects.toBeInstanceOf(EncryptionError);
  });

  it('keeps the secret out of the stored idempotent response, and replays it in the clear to the caller', async () => {
    const post = () =>
      call(t.app, 'POST', '/api/v1/webhooks', {
        token: admin.token,
        body: { url: 'http://127.0.0.1:9/idem', event_types: ['message.created'] },
        headers: { 'idempotency-key': 'webhook-idem-1' },
      });
    const first = await post();
    expect(first.status).toBe(201);
    const again = await post();
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.secret).toBe(first.body.secret);
    expect(first.body.secret).toMatch(/^whsec_/);
    for (const row of await rawRows('idempotency_keys')) expect(row).not.toContain(first.body.secret);
  });

  it('rotates while values stay readable, seals plaintext rows, and leaves no plaintext in the database', async () => {
    const sub = await subscribe();
    const legacyWebhook = `whsec_${randomBytes(24).toString('base64url')}`;
    const legacyId = await withSystem(t.database.db, async (tx) => {
      const row = await tx
        .insertInto('webhook_subscriptions')
        .values({
          organization_id: t.organizationId,
          url: 'https://old.example.com/hook',
          event_types: ['message.created'],
          secret: legacyWebhook,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    const totp = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    await withSystem(t.database.db, (tx) =>
      tx
        .insertInto('user_mfa')
        .values({ user_id: agent.userId, organization_id: t.organizationId, secret: `plain:${totp}` })
        .execute(),
    );
    // Sealed under a TANDEM_MFA_KEY this installation no longer has: left alone, counted, not fatal.
    const orphan = await t.make.user('agent', (await t.make.vendor()).id);
    const orphanValue = sealSecret(totp, orphan.userId, randomBytes(32));
    await withSystem(t.database.db, (tx) =>
      tx
        .insertInto('user_mfa')
        .values({ user_id: orphan.userId, organization_id: t.organizationId, secret: orphanValue })
        .execute(),
    );
    const before = (await rawSecret(sub.id)).split(':')[1];

    // Another serving process: it sealed under the old key and must keep reading through the rotation.
    const serving = new Keyring(t.database.db, resolveKeks({ ...t.config }));
    await serving.ready();
    const context = fieldContext('webhook_subscriptions', 'secret', sub.id);
    const sealedBefore = serving.seal(sub.secret, context);

    const rotation = await rotateKeys(t.database, t.config);
    expect(rotation.retiredKeyId).toBe(before);
    expect(rotation.newKeyId).not.toBe(before);
    expect(rotation.resealed.webhookSecrets).toBeGreaterThanOrEqual(2); // sub (old key) and the plain one
    expect(rotation.resealed.mfaSecrets).toBe(1);
    expect(rotation.resealed.unreadable).toBe(1);

    // Nothing in the raw rows is a secret; every value is now under the new key.
    for (const table of ['webhook_subscriptions', 'user_mfa', 'data_keys'] as const)
      for (const row of await rawRows(table))
        for (const secret of [sub.secret, legacyWebhook, totp]) expect(row).not.toContain(secret);
    const keyring = keyringOf(t.database.db, t.config);
    for (const [id, secret] of [
      [sub.id, sub.secret],
      [legacyId, legacyWebhook],
    ] as const) {
      const stored = await rawSecret(id);
      expect(stored.startsWith(`tdm1:${rotation.newKeyId}:`)).toBe(true);
      expect(await keyring.open(stored, fieldContext('webhook_subscriptions', 'secret', id))).toBe(secret);
    }
    const mfa = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('user_mfa')
        .select('secret')
        .where('user_id', '=', agent.userId)
        .executeTakeFirstOrThrow(),
    );
    expect(await keyring.open(mfa.secret, fieldContext('user_mfa', 'secret', agent.userId))).toBe(totp);

    // The serving process still opens what it sealed under the retired key, and learns the new key.
    expect(await serving.open(sealedBefore, context)).toBe(sub.secret);
    expect(await serving.open(await rawSecret(sub.id), context)).toBe(sub.secret);

    const keys = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('data_keys').select(['id', 'active', 'retired_at']).execute(),
    );
    expect(keys.filter((k) => k.active).map((k) => k.id)).toEqual([rotation.newKeyId]);
    expect(keys.find((k) => k.id === before)?.retired_at).not.toBeNull();

    const audit = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('audit_log')
        .select(['action', 'object_id', 'actor_label'])
        .where('action', '=', 'encryption_key.rotated')
        .execute(),
    );
    expect(audit).toEqual([
      {
        action: 'encryption_key.rotated',
        object_id: rotation.newKeyId,
        actor_label: 'system: tandem keys rotate',
      },
    ]);
  });

  it('re-wraps every data key under a new KEK, after which the old KEK is no longer needed', async () => {
    const sub = await subscribe();
    const stored = await rawSecret(sub.id);
    const context = fieldContext('webhook_subscriptions', 'secret', sub.id);
    const kekB = randomBytes(32).toString('base64');
    const changing = new Keyring(
      t.database.db,
      resolveKeks({ ...t.config, TANDEM_KEK: kekB, TANDEM_KEK_PREVIOUS: kekA }),
    );
    const rotation = await changing.rotate();
    expect(rotation.rewrapped).toBeGreaterThanOrEqual(2);

    const onlyB = new Keyring(t.database.db, resolveKeks({ ...t.config, TANDEM_KEK: kekB }));
    expect(await onlyB.open(stored, context)).toBe(sub.secret);
    const onlyA = new Keyring(t.database.db, resolveKeks({ ...t.config, TANDEM_KEK: kekA }));
    await expect(onlyA.open(stored, context)).rejects.toThrow(/neither TANDEM_KEK/);
  });
});
