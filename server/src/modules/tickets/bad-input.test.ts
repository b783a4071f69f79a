import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

/** Bad requests to the ticket routes: each is a problem+json naming the field, and nothing is half written. */

let t: TestContext;
let admin: TestUser;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_BODY_LIMIT_BYTES: '8192' });
  admin = await t.make.user('brand_admin');
});
afterAll(() => t.close());

const TABLES = ['tickets', 'customers', 'customer_identities', 'messages', 'ticket_events', 'domain_events'];
async function counts() {
  const { rows } = await t.database.pool.query(
    `select ${TABLES.map((name) => `(select count(*)::int from ${name}) as ${name}`).join(', ')}`,
  );
  return rows[0];
}

function expectProblem(
  res: { status: number; body: any; response: { headers: Record<string, unknown> } },
  status: number,
  paths?: string[],
) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.response.headers['content-type']).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, code: expect.any(String), requestId: expect.any(String) });
  if (paths) expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([...paths].sort());
}

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
let n = 0;
const ticket = (overrides: Record<string, unknown> = {}) => ({
  subject: 'Broken',
  channel: 'web',
  customer: { email: `bad-input-${++n}@example.com` },
  message: { body_text: 'It does not work' },
  ...overrides,
});
const post = (body: unknown, headers?: Record<string, string>) =>
  call(t.app, 'POST', '/api/v1/tickets', { token: admin.token, body, ...(headers ? { headers } : {}) });

describe('bad input to tickets', () => {
  it('malformed JSON', async () => {
    const before = await counts();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      payload: '{"subject": "x", "customer": {',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(res.body).code).toBe('malformed_json');
    expect(await counts()).toEqual(before);
  });

  it('wrong types name every failing field', async () => {
    const before = await counts();
    const res = await post({
      subject: 7,
      channel: 'fax',
      customer: { email: 'nope', phone: 12 },
      message: {},
    });
    expectProblem(res, 400, [
      'body.channel',
      'body.customer.email',
      'body.customer.phone',
      'body.message.body_text',
      'body.subject',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('a customer without any identity is a 422 on body.customer', async () => {
    const before = await counts();
    expectProblem(await post(ticket({ customer: { name: 'Nobody' } })), 422, ['body.customer']);
    expect(await counts()).toEqual(before);
  });

  it('unknown ids: 404 for the ticket, 422 for a reference, nothing written', async () => {
    const before = await counts();
    expectProblem(await call(t.app, 'GET', `/api/v1/tickets/${UNKNOWN}`, { token: admin.token }), 404);
    expectProblem(
      await call(t.app, 'PATCH', `/api/v1/tickets/${UNKNOWN}`, {
        token: admin.token,
        body: { status: 'open' },
      }),
      404,
    );
    expectProblem(
      await call(t.app, 'POST', `/api/v1/tickets/${UNKNOWN}/messages`, {
        token: admin.token,
        body: { body_text: 'x' },
      }),
      404,
    );
    expectProblem(await post(ticket({ vendor_id: UNKNOWN, team_id: UNKNOWN })), 422, [
      'body.team_id',
      'body.vendor_id',
    ]);
    expectProblem(await call(t.app, 'GET', '/api/v1/tickets/not-a-uuid', { token: admin.token }), 400, [
      'params.id',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('an oversize body is a 413', async () => {
    const before = await counts();
    expectProblem(await post(ticket({ message: { body_text: 'x'.repeat(20_000) } })), 413);
    expect(await counts()).toEqual(before);
  });

  it('an identity another customer holds is a 409', async () => {
    const first = await post(ticket({ customer: { email: 'holder@example.com' } }));
    const second = await post(ticket({ customer: { email: 'other@example.com' } }));
    const before = await counts();
    const res = await call(t.app, 'POST', `/api/v1/customers/${second.body.customer_id}/identities`, {
      token: admin.token,
      body: { kind: 'email', value: 'HOLDER@example.com' },
    });
    expectProblem(res, 409, ['body.value']);
    expect(await counts()).toEqual(before);
    expect(first.body.customer_id).not.toBe(second.body.customer_id);
  });
});

describe('idempotent ticket creation', () => {
  it('a retried POST with the same key returns the first response and creates one ticket', async () => {
    const body = ticket();
    const before = await counts();
    const first = await post(body, { 'idempotency-key': 'ticket-seq-1' });
    const again = await post(body, { 'idempotency-key': 'ticket-seq-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.response.headers['idempotent-replayed']).toBe('true');
    const after = await counts();
    expect([
      after.tickets - before.tickets,
      after.customers - before.customers,
      after.messages - before.messages,
    ]).toEqual([1, 1, 1]);
  });

  it('five concurrent POSTs with one key create exactly one ticket, customer and message', async () => {
    const body = ticket();
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => post(body, { 'idempotency-key': 'ticket-par-1' })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    for (const r of results) expect(r.body).toEqual(results[0]!.body);
    const after = await counts();
    expect([
      after.tickets - before.tickets,
      after.customers - before.customers,
      after.messages - before.messages,
    ]).toEqual([1, 1, 1]);
    expect(after.domain_events - before.domain_events).toBe(2);
  });

  it('the same key with a different body is a 409 and writes nothing', async () => {
    await post(ticket(), { 'idempotency-key': 'ticket-conflict-1' });
    const before = await counts();
    expectProblem(await post(ticket(), { 'idempotency-key': 'ticket-conflict-1' }), 409, [
      'headers.idempotency-key',
    ]);
    expect(await counts()).toEqual(before);
  });
});
