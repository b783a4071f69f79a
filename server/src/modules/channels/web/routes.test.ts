import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../../test/harness.js';
import { withSystem } from '../../../platform/db/transaction.js';

let t: TestContext;
let slug: string;
let brand: TestUser;
beforeAll(async () => {
  // The test client connects from 127.0.0.1, the one proxy trusted to name other clients.
  t = await startTestApp({
    TANDEM_WEB_FORM_MAX_PER_HOUR: '3',
    TANDEM_WEB_FORM_MAX_PER_EMAIL_PER_HOUR: '3',
    TANDEM_TRUSTED_PROXIES: '127.0.0.1',
  });
  brand = await t.make.user('brand_admin');
  slug = (
    await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('organizations')
        .select('slug')
        .where('id', '=', t.organizationId)
        .executeTakeFirstOrThrow(),
    )
  ).slug;
});
afterAll(() => t.close());

let ip = 0;
/** Each test posts from its own client address unless told otherwise. */
function submit(body: Record<string, unknown>, from = `198.51.100.${++ip}`) {
  return t.app
    .inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      payload: JSON.stringify(body),
    })
    .then((res) => ({ status: res.statusCode, body: JSON.parse(res.body), headers: res.headers }));
}

const form = (overrides: Record<string, unknown> = {}) => ({
  organization: slug,
  name: 'Ada Customer',
  email: `${crypto.randomUUID()}@customer.test`,
  subject: 'My order never arrived',
  message: 'Order 4711 was due last week.',
  fields: { order: '4711', priority_customer: true },
  ...overrides,
});

async function ticketCount() {
  const { rows } = await t.database.pool.query(
    "select count(*)::int as n from tickets where channel = 'web'",
  );
  return rows[0].n as number;
}

describe('public web form', () => {
  it('opens a web ticket for the customer and answers with its reference only', async () => {
    const body = form({ email: 'Ada@Customer.Test' });
    const res = await submit(body);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toEqual({ reference: expect.stringMatching(/^#\d+$/) });
    const number = Number(res.body.reference.slice(1));
    const { rows } = await t.database.pool.query(
      'select id, channel, subject, vendor_id, custom_fields from tickets where number = $1',
      [number],
    );
    expect(rows[0]).toMatchObject({
      channel: 'web',
      subject: 'My order never arrived',
      vendor_id: null,
      custom_fields: { order: '4711', priority_customer: true },
    });
    const ticket = await call(t.app, 'GET', `/api/v1/tickets/${rows[0].id}`, { token: brand.token });
    expect(ticket.body.customer).toMatchObject({
      display_name: 'Ada Customer',
      identities: [{ kind: 'email', value: 'ada@customer.test' }],
    });
    const messages = await call(t.app, 'GET', `/api/v1/tickets/${rows[0].id}/messages`, {
      token: brand.token,
    });
    expect(messages.body.items).toMatchObject([
      { author_kind: 'customer', channel: 'web', body_text: 'Order 4711 was due last week.' },
    ]);
    const history = await call(t.app, 'GET', `/api/v1/tickets/${rows[0].id}/events`, { token: brand.token });
    expect(history.body.items[0]).toMatchObject({
      actor_kind: 'customer',
      actor_user_id: null,
      field: 'created',
    });
  });

  it('works over a real HTTP connection, as a browser form posts it', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/public/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form()),
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-ratelimit-limit')).toBe('3');
    expect(await res.json()).toEqual({ reference: expect.stringMatching(/^#\d+$/) });
  });

  it('files into the named organization only, even when another brand knows the same email', async () => {
    const email = `${crypto.randomUUID()}@customer.test`;
    const other = await withSystem(t.database.db, async (tx) => {
      const org = await tx
        .insertInto('organizations')
        .values({ name: 'Other Brand', slug: `other-${crypto.randomUUID().slice(0, 8)}` })
        .returning(['id', 'slug'])
        .executeTakeFirstOrThrow();
      const customer = await tx
        .insertInto('customers')
        .values({ organization_id: org.id, display_name: 'Theirs' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('customer_identities')
        .values({ organization_id: org.id, customer_id: customer.id, kind: 'email', value: email })
        .execute();
      return { ...org, customerId: customer.id };
    });
    const res = await submit(form({ email }));
    expect(res.status).toBe(202);
    const { rows } = await t.database.pool.query(
      'select organization_id, customer_id from tickets where number = $1',
      [Number(res.body.reference.slice(1))],
    );
    expect(rows[0].organization_id).toBe(t.organizationId);
    expect(rows[0].customer_id).not.toBe(other.customerId);
    const theirs = await submit(form({ email, organization: other.slug }));
    const { rows: theirRows } = await t.database.pool.query(
      'select organization_id, customer_id from tickets where number = $1',
      [Number(theirs.body.reference.slice(1))],
    );
    expect(theirRows[0]).toEqual({ organization_id: other.id, customer_id: other.customerId });
  });

  it('answers a filled honeypot like a success and stores nothing', async () => {
    const before = await ticketCount();
    const res = await submit(form({ website: 'http://spam.example' }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ reference: expect.stringMatching(/^#\d+$/) });
    expect(await ticketCount()).toBe(before);
  });

  it('names the fields at fault and stores nothing', async () => {
    const before = await ticketCount();
    const res = await submit({
      organization: 'Not A Slug',
      name: '',
      email: 'nope',
      subject: 'x',
      message: '',
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(
      ['body.email', 'body.message', 'body.name', 'body.organization'].sort(),
    );
    const unknown = await submit(form({ organization: 'no-such-brand' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'body.organization', message: 'unknown organization' }]);
    expect(await ticketCount()).toBe(before);
  });

  it('limits submissions per client address', async () => {
    const from = '203.0.113.50';
    for (let i = 0; i < 3; i++) expect((await submit(form(), from)).status).toBe(202);
    const limited = await submit(form(), from);
    expect(limited.status).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await submit(form(), '203.0.113.51')).status).toBe(202);
  });

  it('limits submissions per email address across client addresses, counted in the database', async () => {
    const email = `${crypto.randomUUID()}@customer.test`;
    for (let i = 0; i < 3; i++) expect((await submit(form({ email }))).status).toBe(202);
    const before = await ticketCount();
    const limited = await submit(form({ email: email.toUpperCase() }));
    expect(limited.status).toBe(429);
    expect(limited.body.errors).toEqual([{ path: 'body.email', message: 'at most 3 per hour' }]);
    expect(await ticketCount()).toBe(before);
  });
});

describe('public web form behind no trusted proxy (the default)', () => {
  let plain: TestContext;
  let plainSlug: string;
  beforeAll(async () => {
    plain = await startTestApp({ TANDEM_WEB_FORM_MAX_PER_HOUR: '3' });
    const { rows } = await plain.database.pool.query('select slug from organizations where id = $1', [
      plain.organizationId,
    ]);
    plainSlug = rows[0].slug;
  });
  afterAll(() => plain.close());

  const post = (body: Record<string, unknown>, forwardedFor: string) =>
    plain.app.inject({
      method: 'POST',
      url: '/api/v1/public/tickets',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      payload: JSON.stringify(body),
    });
  const entry = (email = `${crypto.randomUUID()}@customer.test`) => ({
    organization: plainSlug,
    name: 'Ada',
    email,
    subject: 'Where is my order?',
    message: 'It is late.',
  });

  it('ignores X-Forwarded-For: a forged address does not reset the per-address limit', async () => {
    for (let i = 0; i < 3; i++) expect((await post(entry(), `203.0.113.${i}`)).statusCode).toBe(202);
    const limited = await post(entry(), '203.0.113.99');
    expect(limited.statusCode).toBe(429);
  });
});

describe('per-email limit by default', () => {
  let plain: TestContext;
  let plainSlug: string;
  beforeAll(async () => {
    plain = await startTestApp({ TANDEM_TRUSTED_PROXIES: '127.0.0.1' });
    const { rows } = await plain.database.pool.query('select slug from organizations where id = $1', [
      plain.organizationId,
    ]);
    plainSlug = rows[0].slug;
  });
  afterAll(() => plain.close());

  it('holds at 5 an hour for one email address, from any number of addresses', async () => {
    const email = `${crypto.randomUUID()}@customer.test`;
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await plain.app.inject({
        method: 'POST',
        url: '/api/v1/public/tickets',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.18.0.${i}` },
        payload: JSON.stringify({
          organization: plainSlug,
          name: 'Ada',
          email,
          subject: 'Again',
          message: 'Hello?',
        }),
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
  });
});
