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

    const merged = await call(t.app, 'POST', `/api/v1/customers/${target.body.id}/merge`, {
      token: agent.token,
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
    const gone = await call(t.app, 'GET', `/api/v1/customers/${source.body.id}`, { token: agent.token });
    expect(gone.body.merged_into_id).toBe(target.body.id);

    const twice = await call(t.app, 'POST', `/api/v1/customers/${target.body.id}/merge`, {
      token: agent.token,
      body: { source_customer_id: source.body.id },
    });
    expectProblem(twice, 422);
    expect(twice.body.errors[0].path).toBe('body.source_customer_id');
    const self = await call(t.app, 'POST', `/api/v1/customers/${target.body.id}/merge`, {
      token: agent.token,
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
