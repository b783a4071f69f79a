import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/harness.js';
import { withActor, withSystem } from '../../platform/db/transaction.js';
import { upsertCustomerByIdentity } from './service.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('customer resolution by identity', () => {
  it('creates once, then finds the same customer by any identity and attaches new ones', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const first = await withActor(t.database.db, agent, (tx) =>
      upsertCustomerByIdentity(tx, agent, [{ kind: 'email', value: 'dana@example.test' }], 'Dana'),
    );
    expect(first.created).toBe(true);
    const again = await withActor(t.database.db, agent, (tx) =>
      upsertCustomerByIdentity(
        tx,
        agent,
        [
          { kind: 'phone', value: '+14155550100' },
          { kind: 'email', value: 'dana@example.test' },
        ],
        'Dana R.',
      ),
    );
    expect(again).toEqual({ id: first.id, created: false });
    const identities = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('customer_identities')
        .select(['kind', 'value'])
        .where('customer_id', '=', first.id)
        .execute(),
    );
    expect(identities).toHaveLength(2);
  });

  it('refuses an actor transaction resolving in another organization or as another vendor', async () => {
    const vendor = await t.make.vendor();
    const other = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const call = (org: string, vendorId: string) =>
      withActor(t.database.db, agent, (tx) =>
        sql`select * from tandem_resolve_customer(${org}::uuid, ${vendorId}::uuid,
              array['email'], array['x@example.test'], 'X')`.execute(tx),
      );
    await expect(call(crypto.randomUUID(), vendor.id)).rejects.toThrow(/outside the acting organization/);
    await expect(call(t.organizationId, other.id)).rejects.toThrow(/another vendor/);
  });
});
