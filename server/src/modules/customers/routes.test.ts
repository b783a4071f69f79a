import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const count = async (table: string) =>
  (await t.database.pool.query(`select count(*)::int as n from ${table}`)).rows[0].n as number;

function expectProblem(
  res: { status: number; body: any; response: { headers: Record<string, unknown> } },
  status: number,
) {
  expect(res.status).toBe(status);
  expect(res.response.headers['content-type']).toContain('application/problem+json');
}

describe('customers', () => {
  it('creates a customer with normalised identities, finds it by email and changes its tier', async () => {
    const admin = await t.make.user('brand_admin');
    const created = await call(t.app, 'POST', '/api/v1/customers', {
      token: admin.token,
      body: { display_name: 'Ana Cruz', email: ' Ana.Cruz@Example.COM', phone: '+63 917 123 4567' },
    });
    expect(created.status).toBe(201);
    expect(created.body.identities).toEqual([
      { kind: 'email', value: 'ana.cruz@example.com' },
      { kind: 'phone', value: '+639171234567' },
    ]);
    const found = await call(t.app, 'GET', '/api/v1/customers?email=ANA.CRUZ@example.com', {
      token: admin.token,
    });
    expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([created.body.id]);
    const patched = await call(t.app, 'PATCH', `/api/v1/customers/${created.body.id}`, {
      token: admin.token,
      body: { tier: 'vip' },
    });
    expect(patched.body).toMatchObject({ tier: 'vip', display_name: 'Ana Cruz' });
    const added = await call(t.app, 'POST', `/api/v1/customers/${created.body.id}/identities`, {
      token: admin.token,
      body: { kind: 'external', value: 'crm:77' },
    });
    expect(added.status).toBe(201);
    expect(added.body.identities).toContainEqual({ kind: 'external', value: 'crm:77' });
  });

  it('refuses an identity another customer holds with 409, writing nothing', async () => {
    const admin = await t.make.user('brand_admin');
    await call(t.app, 'POST', '/api/v1/customers', {
      token: admin.token,
      body: { email: 'taken@example.com' },
    });
    const before = [await count('customers'), await count('customer_identities')];
    const again = await call(t.app, 'POST', '/api/v1/customers', {
      token: admin.token,
      body: { email: 'TAKEN@example.com', phone: '+14155552671' },
    });
    expectProblem(again, 409);
    expect(again.body.errors).toEqual([expect.objectContaining({ path: 'body.email' })]);
    expect([await count('customers'), await count('customer_identities')]).toEqual(before);
  });

  it('names the field of a malformed identity', async () => {
    const admin = await t.make.user('brand_admin');
    const res = await call(t.app, 'POST', '/api/v1/customers', {
      token: admin.token,
      body: { email: 'nope', phone: '12' },
    });
    expectProblem(res, 400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.email', 'body.phone']);
    const identity = await call(
      t.app,
      'POST',
      '/api/v1/customers/00000000-0000-4000-8000-000000000000/identities',
      {
        token: admin.token,
        body: { kind: 'phone', value: 'call me' },
      },
    );
    expectProblem(identity, 400);
    expect(identity.body.errors[0].path).toBe('body.value');
  });

  it('merges a customer: identities and tickets move, history records it, source points at target', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    // The source is served by two vendors: only the brand may merge it (docs/customers.md).
    const brand = await t.make.user('brand_admin');
    const target = await call(t.app, 'POST', '/api/v1/customers', {
      token: agent.token,
      body: { email: 'keep@example.com' },
    });
    const source = await call(t.app, 'POST', '/api/v1/customers', {
      token: agent.token,
      body: { phone: '+14155550100' },
    });
    const ticket = { id: await t.make.ticket(source.body.id, vendor.id) };
    const otherVendorTicket = { id: await t.make.ticket(source.body.id, (await t.make.vendor()).id) };

    const refused = await call(t.app, 'POST', `/api/v1/customers/${target.body.id}/merge`, {
      token: agent.token,
      body: { source_customer_id: source.body.id },
    });
    expectProblem(refused, 403);
    const merged = await call(t.app, 'POST', `/api/v1/customers/${target.body.id}/merge`, {
      token: brand.token,
      body: { source_customer_id: source.body.id },
    });
    expect(merged.status).toBe(200);
    expect(merged.body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(['email', 'phone']);
    const { rows } = await t.database.pool.query(
      'select id, customer_id from tickets where id = any($1) order by id',
      [[ticket.id, otherVendorTicket.id]],
    );
    expect(rows.every((r) => r.customer_id === target.body.id)).toBe(true);
    const events = await t.database.pool.query(
      "select ticket_id from ticket_events where field = 'customer_id' and ticket_id = any($1)",
      [[ticket.id, otherVendorTicket.id]],
    );
    expect(events.rowCount).toBe(2);
    const gone = await call(t.app, 'GET', `/api/v1/customers/${source.body.id}`, { token: brand.token });
    expect(gone.body.merged_into_id).toBe(target.body.id);

    const twice = await call(t.app, 'POST', `/api/v1/customers/${target.body.id}/merge`, {
      token: brand.token,
      body: { source_customer_id: source.body.id },
    });
    expectProblem(twice, 422);
    expect(twice.body.errors[0].path).toBe('body.source_customer_id');
    const self = await call(t.app, 'POST', `/api/v1/customers/${target.body.id}/merge`, {
      token: brand.token,
      body: { source_customer_id: target.body.id },
    });
    expectProblem(self, 422);
  });

  it('hides another vendor’s customers: 404 on get, patch and merge, absent from lists', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const mine = await call(t.app, 'POST', '/api/v1/customers', {
      token: agentB.token,
      body: { email: 'b-own@example.com' },
    });
    const theirs = await call(t.app, 'POST', '/api/v1/customers', {
      token: agentA.token,
      body: { email: 'a-only@example.com' },
    });
    expectProblem(
      await call(t.app, 'GET', `/api/v1/customers/${theirs.body.id}`, { token: agentB.token }),
      404,
    );
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/customers/${theirs.body.id}`, {
        token: agentB.token,
        body: { tier: 'x' },
      }),
      404,
    );
    const merge = await call(t.app, 'POST', `/api/v1/customers/${mine.body.id}/merge`, {
      token: agentB.token,
      body: { source_customer_id: theirs.body.id },
    });
    expectProblem(merge, 422);
    const list = await call(t.app, 'GET', '/api/v1/customers?email=a-only@example.com', {
      token: agentB.token,
    });
    expect(list.body.items).toEqual([]);
    // Once vendor B handles a ticket of that customer, B sees the customer.
    await t.make.ticket(theirs.body.id, b.id);
    const visible = await call(t.app, 'GET', `/api/v1/customers/${theirs.body.id}`, { token: agentB.token });
    expect(visible.status).toBe(200);
  });

  it('pages through customers with a cursor without gaps or repeats', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    for (let i = 0; i < 5; i++) {
      await call(t.app, 'POST', '/api/v1/customers', {
        token: agent.token,
        body: { email: `page${i}@example.com` },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(
        t.app,
        'GET',
        `/api/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: agent.token,
        },
      );
      seen.push(...page.body.items.map((c: { id: string }) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });
});

describe('the customer model across vendors (docs/customers.md)', () => {
  it('a vendor cannot reach, rename or merge a customer it does not serve by naming its email or phone', async () => {
    const admin = await t.make.user('brand_admin');
    const andes = (await t.make.vendor()).id;
    const pacific = (await t.make.vendor()).id;
    const pacificAgent = await t.make.user('agent', pacific);
    // A customer only Andes has served, with a phone Pacific has never seen.
    const theirs = await call(t.app, 'POST', '/api/v1/customers', {
      token: admin.token,
      body: { display_name: 'Rosa Andes', email: 'rosa@andes.test', phone: '+57 301 555 0101' },
    });
    await t.make.ticket(theirs.body.id, andes, { conversation: true });
    const before = { tickets: await count('tickets'), customers: await count('customers') };

    const opened = await call(t.app, 'POST', '/api/v1/tickets', {
      token: pacificAgent.token,
      body: {
        subject: 'Callback',
        channel: 'phone',
        customer: { email: 'ROSA@andes.test' },
        message: { body_text: 'Called about her order' },
      },
    });
    expectProblem(opened, 409);
    expect(opened.body.errors).toEqual([{ path: 'body.customer.email', message: expect.any(String) }]);
    const leaked = JSON.stringify(opened.body);
    for (const secret of [theirs.body.id, 'Rosa', '+573015550101']) expect(leaked).not.toContain(secret);
    const recorded = await call(t.app, 'POST', '/api/v1/customers', {
      token: pacificAgent.token,
      body: { display_name: 'Someone', phone: '+57 301 555 0101' },
    });
    expectProblem(recorded, 409);
    expect(JSON.stringify(recorded.body)).not.toContain(theirs.body.id);
    expect({ tickets: await count('tickets'), customers: await count('customers') }).toEqual(before);

    // Nor by its id.
    expectProblem(
      await call(t.app, 'GET', `/api/v1/customers/${theirs.body.id}`, { token: pacificAgent.token }),
      404,
    );
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/customers/${theirs.body.id}`, {
        token: pacificAgent.token,
        body: { display_name: 'Renamed by Pacific' },
      }),
      404,
    );
    const own = await call(t.app, 'POST', '/api/v1/customers', {
      token: pacificAgent.token,
      body: { display_name: 'Pacific own', email: `${crypto.randomUUID()}@pacific.test` },
    });
    expect(own.status).toBe(201);
    const merge = await call(t.app, 'POST', `/api/v1/customers/${own.body.id}/merge`, {
      token: pacificAgent.token,
      body: { source_customer_id: theirs.body.id },
    });
    expect([404, 422]).toContain(merge.status);
    const after = await call(t.app, 'GET', `/api/v1/customers/${theirs.body.id}`, { token: admin.token });
    expect(after.body).toMatchObject({ display_name: 'Rosa Andes', merged_into_id: null });
  });

  it('a vendor serving a customer others serve too may read it but only the brand may change or merge it', async () => {
    const admin = await t.make.user('brand_admin');
    const andes = (await t.make.vendor()).id;
    const pacific = (await t.make.vendor()).id;
    const pacificAdmin = await t.make.user('vendor_admin', pacific);
    const shared = await call(t.app, 'POST', '/api/v1/customers', {
      token: admin.token,
      body: { display_name: 'Shared Customer', email: `${crypto.randomUUID()}@shared.test` },
    });
    await t.make.ticket(shared.body.id, andes);
    await t.make.ticket(shared.body.id, pacific);
    expect(
      (await call(t.app, 'GET', `/api/v1/customers/${shared.body.id}`, { token: pacificAdmin.token })).status,
    ).toBe(200);
    const rename = await call(t.app, 'PATCH', `/api/v1/customers/${shared.body.id}`, {
      token: pacificAdmin.token,
      body: { display_name: 'Renamed' },
    });
    expectProblem(rename, 403);
    const identity = await call(t.app, 'POST', `/api/v1/customers/${shared.body.id}/identities`, {
      token: pacificAdmin.token,
      body: { kind: 'email', value: `${crypto.randomUUID()}@x.test` },
    });
    expectProblem(identity, 403);
    const mine = await call(t.app, 'POST', '/api/v1/customers', {
      token: pacificAdmin.token,
      body: { display_name: 'Pacific only', email: `${crypto.randomUUID()}@pacific.test` },
    });
    await t.make.ticket(mine.body.id, pacific);
    const merge = await call(t.app, 'POST', `/api/v1/customers/${mine.body.id}/merge`, {
      token: pacificAdmin.token,
      body: { source_customer_id: shared.body.id },
    });
    expectProblem(merge, 403);
    // Its own customer it may change; the brand may change the shared one.
    expect(
      (
        await call(t.app, 'PATCH', `/api/v1/customers/${mine.body.id}`, {
          token: pacificAdmin.token,
          body: { tier: 'vip' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(t.app, 'PATCH', `/api/v1/customers/${shared.body.id}`, {
          token: admin.token,
          body: { display_name: 'By brand' },
        })
      ).status,
    ).toBe(200);
  });
});
