import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { verifyChain } from './chain.js';
import { record, verifyAll } from './service.js';

let t: TestContext;
let admin: TestUser;
let vendorAdmin: TestUser;
let vendorId: string;

beforeAll(async () => {
  t = await startTestApp();
  vendorId = (await t.make.vendor()).id;
  admin = await t.make.user('brand_admin');
  vendorAdmin = await t.make.user('vendor_admin', vendorId);
});
afterAll(() => t.close());

const chainOf = (organizationId: string) =>
  withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('audit_log')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('seq')
      .execute(),
  );

/** Runs fn on the audit log as the owner with its append-only triggers off: what a superuser could do. */
const tamper = (fn: (tx: Parameters<Parameters<typeof withSystem>[1]>[0]) => Promise<unknown>) =>
  withSystem(t.database.db, async (tx) => {
    await sql`alter table audit_log disable trigger user`.execute(tx);
    await fn(tx);
    await sql`alter table audit_log enable trigger user`.execute(tx);
  });

describe('record', () => {
  it('keeps one linear chain without gaps under 20 concurrent writers of one organization', async () => {
    const before = (await chainOf(t.organizationId)).length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const actor = i % 2 ? admin : vendorAdmin;
        return withActor(t.database.db, actor, (tx) =>
          record(tx, actor, {
            action: 'site.updated',
            objectType: 'site',
            objectId: `site-${i}`,
            vendorId: i % 2 ? null : vendorId,
            details: { name: { before: `a${i}`, after: `b${i}` } },
          }),
        );
      }),
    );
    const chain = await chainOf(t.organizationId);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: before + 20 }, (_, i) => i + 1));
    expect(verifyChain(chain)).toMatchObject({ ok: true, count: before + 20 });
    const byVendorAdmin = chain.find((e) => e.actor_user_id === vendorAdmin.userId)!;
    expect(byVendorAdmin.actor_label).toMatch(new RegExp(`^vendor_admin \\d+ <${vendorAdmin.email}>$`));
  });

  it('writes nothing when the change’s transaction rolls back', async () => {
    const before = (await chainOf(t.organizationId)).length;
    await expect(
      withActor(t.database.db, admin, async (tx) => {
        await record(tx, admin, { action: 'user.role_changed', objectType: 'user', objectId: admin.userId });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await chainOf(t.organizationId)).toHaveLength(before);
  });

  it('refuses UPDATE and DELETE to the application role and, by trigger, to the owner', async () => {
    await withActor(t.database.db, admin, (tx) =>
      record(tx, admin, { action: 'vendor.updated', objectType: 'vendor', objectId: vendorId, vendorId }),
    );
    await expect(
      withActor(t.database.db, admin, (tx) => sql`update audit_log set actor_label = 'x'`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withActor(t.database.db, admin, (tx) => sql`delete from audit_log`.execute(tx)),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withSystem(t.database.db, (tx) => sql`update audit_log set actor_label = 'x'`.execute(tx)),
    ).rejects.toThrow(/append-only/);
    await expect(withSystem(t.database.db, (tx) => sql`delete from audit_log`.execute(tx))).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('verifyAll', () => {
  it('reports an edited row and, separately, a deleted row at their seq; pages see across pages', async () => {
    for (let i = 0; i < 6; i++)
      await withActor(t.database.db, admin, (tx) =>
        record(tx, admin, {
          action: 'queue.updated',
          objectType: 'queue',
          objectId: `q${i}`,
          details: { i },
        }),
      );
    const good = await verifyAll(t.database.db, 4);
    expect(good.ok).toBe(true);
    const chain = await chainOf(t.organizationId);
    const last = chain[chain.length - 1]!;
    expect(good.organizations).toContainEqual({
      organizationId: t.organizationId,
      name: 'Test Brand',
      count: chain.length,
      head: { seq: last.seq, hash: last.hash },
    });

    const edited = chain[chain.length - 3]!;
    await tamper((tx) =>
      tx
        .updateTable('audit_log')
        .set({ details: JSON.stringify({ i: 99 }) })
        .where('id', '=', edited.id)
        .execute(),
    );
    expect(await verifyAll(t.database.db, 4)).toMatchObject({
      ok: false,
      broken: { organizationId: t.organizationId, seq: edited.seq, reason: 'hash' },
    });
    // Restore the original details, then delete another row instead.
    await tamper((tx) =>
      tx
        .updateTable('audit_log')
        .set({ details: JSON.stringify(edited.details) })
        .where('id', '=', edited.id)
        .execute(),
    );
    expect((await verifyAll(t.database.db, 4)).ok).toBe(true);
    const deleted = chain[2]!;
    await tamper((tx) => tx.deleteFrom('audit_log').where('id', '=', deleted.id).execute());
    expect(await verifyAll(t.database.db, 4)).toMatchObject({
      ok: false,
      broken: { seq: deleted.seq, reason: 'seq' },
    });
  });
});
