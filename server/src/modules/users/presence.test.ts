import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('agent presence', () => {
  it('records an agent’s own status, announces only changes, and scopes the list to the vendor', async () => {
    const vendorA = await t.make.vendor();
    const vendorB = await t.make.vendor();
    const agentA = await t.make.user('agent', vendorA.id);
    const agentB = await t.make.user('agent', vendorB.id);
    const adminA = await t.make.user('vendor_admin', vendorA.id);
    const brand = await t.make.user('brand_admin');

    const online = await call(t.app, 'PUT', '/api/v1/presence', {
      token: agentA.token,
      body: { status: 'online' },
    });
    expect(online.status).toBe(200);
    expect(online.body).toMatchObject({ user_id: agentA.userId, vendor_id: vendorA.id, status: 'online' });
    const firstChange = online.body.changed_at;
    const again = await call(t.app, 'PUT', '/api/v1/presence', {
      token: agentA.token,
      body: { status: 'online' },
    });
    expect(again.body.changed_at).toBe(firstChange);
    await call(t.app, 'PUT', '/api/v1/presence', { token: agentB.token, body: { status: 'away' } });

    const events = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('domain_events')
        .select(['type', 'payload'])
        .where('subject_id', '=', agentA.userId)
        .where('type', '=', 'presence.changed')
        .execute(),
    );
    expect(events).toHaveLength(1);

    const seenByVendorA = await call(t.app, 'GET', '/api/v1/presence', { token: adminA.token });
    expect(seenByVendorA.body.items.map((p: any) => p.user_id)).toEqual([agentA.userId]);
    const seenByBrand = await call(t.app, 'GET', '/api/v1/presence?status=away', { token: brand.token });
    expect(seenByBrand.body.items.map((p: any) => p.user_id)).toEqual([agentB.userId]);
  });

  it('rejects an unknown status naming the field', async () => {
    const agent = await t.make.user('agent', (await t.make.vendor()).id);
    const res = await call(t.app, 'PUT', '/api/v1/presence', {
      token: agent.token,
      body: { status: 'busy' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('body.status');
  });
});
