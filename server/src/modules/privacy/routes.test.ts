import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

let n = 0;
/** A ticket whose customer data is everywhere: name, identities, subject and message text. */
async function ticketWithPii(agent: TestUser) {
  n++;
  const email = `ana.cruz.${n}@example.com`;
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: agent.token,
    body: {
      subject: `Refund to card 4242 4242 4242 4242 for ${email}`,
      channel: 'email',
      customer: { email, phone: `+44 20 7946 09${String(n).padStart(2, '0')}`, name: 'Ana María Cruzeiro' },
      message: {
        body_text: `Hi, I am Ana María Cruzeiro. Card 4242 4242 4242 4242, IBAN GB82 WEST 1234 5698 7654 32, write to ${email}.`,
        body_html: `<p>Card 4242 4242 4242 4242 <a href="mailto:${email}">${email}</a></p>`,
      },
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ticket: res.body, email };
}

/** Every secret of the customer, as it would leak in any response. */
const secrets = (email: string) => [email, '4242 4242 4242 4242', 'GB82 WEST', 'Cruzeiro', '7946'];

function expectMasked(body: unknown, email: string) {
  const text = JSON.stringify(body);
  for (const secret of secrets(email)) expect(text, `${secret} leaked`).not.toContain(secret);
}

describe('PII masking for outsourced roles', () => {
  let admin: TestUser;
  let agent: TestUser;
  let lead: TestUser;
  let inHouseAgent: TestUser;
  beforeAll(async () => {
    admin = await t.make.user('brand_admin');
    const outsourced = await t.make.vendor({ kind: 'outsourced' });
    const inHouse = await t.make.vendor({ kind: 'internal' });
    agent = await t.make.user('agent', outsourced.id);
    lead = await t.make.user('team_lead', outsourced.id);
    inHouseAgent = await t.make.user('agent', inHouse.id);
    const put = await call(t.app, 'PUT', '/api/v1/privacy/masking-policy', {
      token: admin.token,
      body: { masked_roles: ['agent', 'team_lead'], reveal_roles: ['team_lead'], reveal_minutes: 20 },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
  });

  it('masks every route that shows the customer to an outsourced agent, and not to the brand', async () => {
    const { ticket, email } = await ticketWithPii(agent);
    // Even the agent's own create answer is masked: the policy is about what the screen shows.
    expectMasked(ticket, email);
    expect(ticket.message.body_html).toBeNull();
    const id = ticket.id;
    const reads = [
      `/api/v1/tickets/${id}`,
      `/api/v1/tickets/${id}/messages`,
      `/api/v1/tickets/${id}/timeline`,
      `/api/v1/tickets/${id}/events`,
      `/api/v1/tickets?limit=200`,
      `/api/v1/tickets?q=refund`,
      `/api/v1/customers/${ticket.customer_id}`,
      `/api/v1/customers/${ticket.customer_id}/tickets`,
      `/api/v1/customers?limit=200`,
    ];
    for (const url of reads) {
      const res = await call(t.app, 'GET', url, { token: agent.token });
      expect(res.status, url).toBe(200);
      expectMasked(res.body, email);
    }
    const detail = await call(t.app, 'GET', `/api/v1/tickets/${id}`, { token: agent.token });
    expect(detail.body.customer.display_name).toBe('Ana M. C.');
    expect(detail.body.customer.identities).toContainEqual({ kind: 'email', value: `a***@example.com` });
    expect(detail.body.subject).toContain('**** **** **** 4242');
    const messages = await call(t.app, 'GET', `/api/v1/tickets/${id}/messages`, { token: agent.token });
    expect(messages.body.items[0].body_text).toContain('Hi, I am Ana M. C.');

    // A reply is masked in the answer; the server still knows whom to send it to.
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${id}/messages`, {
      token: agent.token,
      body: { body_text: `Dear Ana Cruzeiro, we wrote to ${email}.` },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.body_text).toBe('Dear Ana C., we wrote to a***@example.com.');
    const stored = await t.database.pool.query('select body_text from messages where id = $1', [
      reply.body.id,
    ]);
    expect(stored.rows[0].body_text).toBe(`Dear Ana Cruzeiro, we wrote to ${email}.`);

    // The brand sees it all.
    const asBrand = await call(t.app, 'GET', `/api/v1/tickets/${id}`, { token: admin.token });
    expect(asBrand.body.customer.display_name).toBe('Ana María Cruzeiro');
    expect(JSON.stringify(asBrand.body)).toContain(email);
    const brandMessages = await call(t.app, 'GET', `/api/v1/tickets/${id}/messages`, { token: admin.token });
    expect(brandMessages.body.items[0].body_html).toContain('mailto:');
  });

  it('leaves an in-house team unmasked', async () => {
    const { ticket, email } = await ticketWithPii(inHouseAgent);
    const detail = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: inHouseAgent.token });
    expect(detail.body.customer.display_name).toBe('Ana María Cruzeiro');
    expect(JSON.stringify(detail.body)).toContain(email);
    const status = await call(t.app, 'GET', '/api/v1/privacy/masking', { token: inHouseAgent.token });
    expect(status.body).toMatchObject({ masked: false, may_reveal: false });
  });

  it('reveals one customer for the policy’s minutes with a reason, audited, to an allowed role only', async () => {
    const { ticket, email } = await ticketWithPii(agent);
    const other = await ticketWithPii(agent);

    const refused = await call(t.app, 'POST', '/api/v1/privacy/reveals', {
      token: agent.token,
      body: { ticket_id: ticket.id, reason: 'Customer asked to confirm the card on file' },
    });
    expect(refused.status).toBe(403);
    const noReason = await call(t.app, 'POST', '/api/v1/privacy/reveals', {
      token: lead.token,
      body: { ticket_id: ticket.id, reason: 'because' },
    });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');

    const before = Date.now();
    const revealed = await call(t.app, 'POST', '/api/v1/privacy/reveals', {
      token: lead.token,
      body: { ticket_id: ticket.id, reason: 'Customer asked to confirm the card on file' },
    });
    expect(revealed.status, JSON.stringify(revealed.body)).toBe(201);
    expect(revealed.body.customer_id).toBe(ticket.customer_id);
    const minutes = (Date.parse(revealed.body.expires_at) - before) / 60_000;
    expect(minutes).toBeGreaterThan(19.9);
    expect(minutes).toBeLessThanOrEqual(20.1);

    const seen = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: lead.token });
    expect(seen.body.customer.display_name).toBe('Ana María Cruzeiro');
    expect(JSON.stringify(seen.body)).toContain(email);
    // Only that customer, and only for the revealing user.
    const otherSeen = await call(t.app, 'GET', `/api/v1/tickets/${other.ticket.id}`, { token: lead.token });
    expectMasked(otherSeen.body, other.email);
    const agentSeen = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token });
    expectMasked(agentSeen.body, email);

    const audit = await t.database.pool.query(
      `select actor_user_id, object_id, details from audit_log where action = 'pii.revealed'`,
    );
    expect(audit.rows).toContainEqual(
      expect.objectContaining({
        actor_user_id: lead.userId,
        object_id: ticket.customer_id,
        details: expect.objectContaining({ reason: 'Customer asked to confirm the card on file' }),
      }),
    );
    const status = await call(t.app, 'GET', '/api/v1/privacy/masking', { token: lead.token });
    expect(status.body.revealed).toEqual([
      { customer_id: ticket.customer_id, expires_at: revealed.body.expires_at },
    ]);
    const mine = await call(t.app, 'GET', '/api/v1/privacy/reveals?active=true', { token: lead.token });
    expect(mine.body.items.map((r: { id: string }) => r.id)).toContain(revealed.body.id);
    const agentList = await call(t.app, 'GET', '/api/v1/privacy/reveals', { token: agent.token });
    expect(agentList.body.items).toEqual([]);
    const brandList = await call(t.app, 'GET', '/api/v1/privacy/reveals', { token: admin.token });
    expect(brandList.body.items.map((r: { id: string }) => r.id)).toContain(revealed.body.id);

    // Once it expires, the customer is masked again.
    await t.database.pool.query(
      `update pii_reveals set created_at = now() - interval '1 hour', expires_at = now() - interval '1 second' where id = $1`,
      [revealed.body.id],
    );
    const later = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: lead.token });
    expectMasked(later.body, email);
  });

  it('never reveals a customer the user may not see, and tells the brand it has nothing to reveal', async () => {
    const otherVendor = await t.make.vendor({ kind: 'outsourced' });
    const stranger = await t.make.user('agent', otherVendor.id);
    const { ticket } = await ticketWithPii(stranger);
    for (const body of [
      { ticket_id: ticket.id, reason: 'Just curious about this one' },
      { customer_id: ticket.customer_id, reason: 'Just curious about this one' },
    ]) {
      const res = await call(t.app, 'POST', '/api/v1/privacy/reveals', { token: lead.token, body });
      expect(res.status, JSON.stringify(body)).toBe(404);
    }
    const count = await t.database.pool.query(
      'select count(*)::int as n from pii_reveals where customer_id = $1',
      [ticket.customer_id],
    );
    expect(count.rows[0].n).toBe(0);
    const brand = await call(t.app, 'POST', '/api/v1/privacy/reveals', {
      token: admin.token,
      body: { ticket_id: ticket.id, reason: 'Checking what vendors see' },
    });
    expect(brand.status).toBe(409);
  });

  it('lets only security admins set the policy, and says which role cannot reveal', async () => {
    const denied = await call(t.app, 'PUT', '/api/v1/privacy/masking-policy', {
      token: lead.token,
      body: { masked_roles: [] },
    });
    expect(denied.status).toBe(403);
    const bad = await call(t.app, 'PUT', '/api/v1/privacy/masking-policy', {
      token: admin.token,
      body: { masked_roles: ['agent'], reveal_roles: ['team_lead'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'body.reveal_roles.0' })]);
    const unchanged = await call(t.app, 'GET', '/api/v1/privacy/masking-policy', { token: agent.token });
    expect(unchanged.body).toMatchObject({ masked_roles: ['agent', 'team_lead'], reveal_minutes: 20 });
    const status = await call(t.app, 'GET', '/api/v1/privacy/masking', { token: lead.token });
    expect(status.body).toMatchObject({ masked: true, may_reveal: true, reveal_minutes: 20 });
  });
});
