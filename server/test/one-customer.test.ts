import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystem } from '../src/platform/db/transaction.js';
import { call, startTestApp, type TestContext, type TestUser } from './harness.js';

/**
 * One customer across channels: email, phone (CTI events) and the public web form find the same
 * customer once identities were added or duplicates merged, and every ticket shows the customer's
 * recent contacts on all channels — only those the reader may see.
 */

let t: TestContext;
let brand: TestUser;
let slug: string;
beforeAll(async () => {
  t = await startTestApp({ TANDEM_PHONE_DEFAULT_COUNTRY: 'DK' });
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

async function emailTicket(user: TestUser, email: string, channel = 'email') {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: user.token,
    body: { subject: `By ${channel}`, channel, customer: { email }, message: { body_text: 'Hello' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; customer_id: string };
}

async function phoneCall(number: string, vendorId?: string) {
  const res = await call(t.app, 'POST', '/api/v1/channels/phone/events', {
    token: brand.token,
    body: { event: 'offered', call_id: crypto.randomUUID(), caller_number: number, vendor_id: vendorId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { id: res.body.call.ticket_id as string, customer_id: res.body.call.customer_id as string };
}

async function webForm(email: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/public/tickets',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({
      organization: slug,
      name: 'Web Customer',
      email,
      subject: 'By web',
      message: 'Hi',
    }),
  });
  expect(res.statusCode, res.body).toBe(202);
  const number = Number(JSON.parse(res.body).reference.slice(1));
  const { rows } = await t.database.pool.query('select id, customer_id from tickets where number = $1', [
    number,
  ]);
  return rows[0] as { id: string; customer_id: string };
}

const detail = (ticketId: string, user: TestUser) =>
  call(t.app, 'GET', `/api/v1/tickets/${ticketId}`, { token: user.token }).then((r) => {
    expect(r.status).toBe(200);
    return r.body;
  });

describe('one customer across channels', () => {
  it('email, then phone, then web resolve to one customer once the phone identity is added', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const email = `${crypto.randomUUID()}@customer.test`;

    const byEmail = await emailTicket(agentA, email);
    const added = await call(t.app, 'POST', `/api/v1/customers/${byEmail.customer_id}/identities`, {
      token: brand.token,
      body: { kind: 'phone', value: '+45 21 43 65 87' },
    });
    expect(added.status).toBe(201);
    const byPhone = await phoneCall('21 43 65 87', b.id);
    const byWeb = await webForm(email.toUpperCase());
    const byChat = await emailTicket(agentA, email, 'chat');
    expect(new Set([byEmail, byPhone, byWeb, byChat].map((x) => x.customer_id))).toEqual(
      new Set([byEmail.customer_id]),
    );

    // The brand sees every contact, newest first, on every channel.
    const seenByBrand = await detail(byWeb.id, brand);
    expect(seenByBrand.recent_contacts.map((c: any) => [c.id, c.channel])).toEqual([
      [byChat.id, 'chat'],
      [byPhone.id, 'phone'],
      [byEmail.id, 'email'],
    ]);
    expect(seenByBrand.recent_contacts[0]).toEqual({
      id: byChat.id,
      number: expect.any(Number),
      channel: 'chat',
      subject: 'By chat',
      status: 'new',
      created_at: expect.any(String),
    });

    // A vendor sees only its own tickets of the customer: never the other vendor's, nor unassigned ones.
    const seenByA = await detail(byEmail.id, agentA);
    expect(seenByA.recent_contacts.map((c: any) => c.id)).toEqual([byChat.id]);
    const seenByB = await detail(byPhone.id, agentB);
    expect(seenByB.recent_contacts).toEqual([]);
  });

  it('a phone caller and an email customer merged into one keep their history and are found as one', async () => {
    const number = '+45 31 42 53 64';
    const call1 = await phoneCall(number);
    const mail = await emailTicket(brand, `${crypto.randomUUID()}@customer.test`);
    expect(call1.customer_id).not.toBe(mail.customer_id);

    const merged = await call(t.app, 'POST', `/api/v1/customers/${mail.customer_id}/merge`, {
      token: brand.token,
      body: { source_customer_id: call1.customer_id },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.identities.map((i: any) => i.kind).sort()).toEqual(['email', 'phone']);

    expect((await detail(mail.id, brand)).recent_contacts.map((c: any) => c.id)).toEqual([call1.id]);
    const history = await call(t.app, 'GET', `/api/v1/tickets/${call1.id}/events`, { token: brand.token });
    expect(history.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'customer_id', before: call1.customer_id, after: mail.customer_id }),
      ]),
    );
    const call2 = await phoneCall(number);
    expect(call2.customer_id).toBe(mail.customer_id);
  });
});
