import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';

let t: TestContext;
let admin: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

const url = '/api/v1/support-addresses';
const unique = () => `help-${randomUUID().slice(0, 8)}@brand.test`;

describe('support addresses', () => {
  it('lets a brand admin create, list, change and remove an address, stored lower-case', async () => {
    const vendor = await t.make.vendor();
    const address = unique();
    const created = await call(t.app, 'POST', url, {
      token: admin.token,
      body: {
        address: address.toUpperCase(),
        name: 'Billing',
        queue: 'billing',
        language: 'pt-BR',
        vendor_id: vendor.id,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      address,
      name: 'Billing',
      queue: 'billing',
      vendor_id: vendor.id,
      active: true,
    });
    const list = await call(t.app, 'GET', url, { token: admin.token });
    expect(list.body.items.map((a: { address: string }) => a.address)).toContain(address);
    const changed = await call(t.app, 'PATCH', `${url}/${created.body.id}`, {
      token: admin.token,
      body: { active: false, vendor_id: null },
    });
    expect(changed.body).toMatchObject({ active: false, vendor_id: null, queue: 'billing' });
    expect((await call(t.app, 'DELETE', `${url}/${created.body.id}`, { token: admin.token })).status).toBe(
      204,
    );
    expect((await call(t.app, 'GET', `${url}/${created.body.id}`, { token: admin.token })).status).toBe(404);
    const events = await t.database.pool.query(
      "select type from domain_events where subject_id = $1 and type like 'support_address.%' order by id",
      [created.body.id],
    );
    expect(events.rows.map((r) => r.type)).toEqual([
      'support_address.created',
      'support_address.updated',
      'support_address.deleted',
    ]);
  });

  it('names the field at fault for bad input and a taken address', async () => {
    const bad = await call(t.app, 'POST', url, {
      token: admin.token,
      body: { address: 'not an address', language: 'English' },
    });
    expect(bad.status).toBe(400);
    expect(bad.response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.address',
      'body.language',
    ]);

    const unknownVendor = await call(t.app, 'POST', url, {
      token: admin.token,
      body: { address: unique(), vendor_id: randomUUID() },
    });
    expect(unknownVendor.status).toBe(422);
    expect(unknownVendor.body.errors).toEqual([{ path: 'body.vendor_id', message: 'unknown vendor' }]);

    const address = unique();
    expect((await call(t.app, 'POST', url, { token: admin.token, body: { address } })).status).toBe(201);
    const again = await call(t.app, 'POST', url, { token: admin.token, body: { address } });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([{ path: 'body.address', message: 'already in use' }]);
    expect(
      (
        await t.database.pool.query('select count(*)::int as n from support_addresses where address = $1', [
          address,
        ])
      ).rows[0].n,
    ).toBe(1);
  });

  it('is brand configuration: vendor users and analysts may not read or change it', async () => {
    const vendor = await t.make.vendor();
    const created = await call(t.app, 'POST', url, { token: admin.token, body: { address: unique() } });
    for (const user of [
      await t.make.user('vendor_admin', vendor.id),
      await t.make.user('agent', vendor.id),
      await t.make.user('brand_analyst'),
    ]) {
      expect((await call(t.app, 'GET', url, { token: user.token })).status).toBe(403);
      expect(
        (await call(t.app, 'POST', url, { token: user.token, body: { address: unique() } })).status,
      ).toBe(403);
      const patch = await call(t.app, 'PATCH', `${url}/${created.body.id}`, {
        token: user.token,
        body: { active: false },
      });
      expect(patch.status).toBe(403);
    }
  });

  it('keeps one brand’s addresses from another at the database', async () => {
    const created = await call(t.app, 'POST', url, { token: admin.token, body: { address: unique() } });
    const vendor = await t.make.vendor();
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query("select set_config('tandem.org_id', $1, true)", [randomUUID()]);
      await client.query('set local role tandem_app');
      expect(
        (await client.query('select id from support_addresses where id = $1', [created.body.id])).rowCount,
      ).toBe(0);
      await client.query(
        "select set_config('tandem.org_id', $1, true), set_config('tandem.vendor_id', $2, true)",
        [t.organizationId, vendor.id],
      );
      expect(
        (await client.query('select id from support_addresses where id = $1', [created.body.id])).rowCount,
      ).toBe(0);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
