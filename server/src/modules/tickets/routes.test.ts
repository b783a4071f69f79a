import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

let n = 0;
const newTicket = (overrides: Record<string, unknown> = {}) => ({
  subject: `Refund for order ${++n}`,
  channel: 'email',
  customer: { email: `buyer${n}-${Date.now()}@example.com`, name: 'Ana Cruz' },
  message: {
    body_text: 'Where is my refund?',
    body_html: '<p>Where is my <b>refund</b>?<script>x()</script></p>',
  },
  ...overrides,
});

async function create(user: TestUser, body: Record<string, unknown>) {
  const res = await call(t.app, 'POST', '/api/v1/tickets', { token: user.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

describe('tickets', () => {
  it('creates a ticket with its customer, first message, history and outbox events in one go', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const body = await create(
      agent,
      newTicket({ priority: 'high', tags: ['Refund', 'refund'], custom_fields: { order: 42 } }),
    );
    expect(body).toMatchObject({ status: 'new', priority: 'high', vendor_id: vendor.id, tags: ['refund'] });
    expect(body.message).toMatchObject({
      author_kind: 'customer',
      visibility: 'public',
      body_html: '<p>Where is my <b>refund</b>?</p>',
    });
    expect(body).not.toHaveProperty('priority_rank');

    const detail = await call(t.app, 'GET', `/api/v1/tickets/${body.id}`, { token: agent.token });
    expect(detail.body.customer).toMatchObject({
      id: body.customer_id,
      display_name: 'Ana Cruz',
      identities: [{ kind: 'email' }],
    });
    const events = await call(t.app, 'GET', `/api/v1/tickets/${body.id}/events`, { token: agent.token });
    expect(events.body.items.map((e: { field: string }) => e.field)).toEqual(['created']);
    const outbox = await t.database.pool.query(
      'select type from domain_events where subject_id in ($1, $2) order by id',
      [body.id, body.message.id],
    );
    expect(outbox.rows.map((r) => r.type)).toEqual(['ticket.created', 'message.created']);
  });

  it('finds the existing customer by any identity for the brand, but a vendor cannot reach another vendor’s customer by naming it', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const brand = await t.make.user('brand_admin');
    const first = await create(
      agentA,
      newTicket({ customer: { email: 'shared@example.com', phone: '+14155550123', name: 'Shared' } }),
    );
    // The brand routes the customer's next contact to B: one customer, with the identity it added.
    const second = await create(
      brand,
      newTicket({ customer: { phone: '+1 415 555 0123', chat_visitor_id: 'v-9' }, vendor_id: b.id }),
    );
    expect(second.customer_id).toBe(first.customer_id);
    const seenByB = await call(t.app, 'GET', `/api/v1/tickets/${second.id}`, { token: agentB.token });
    expect(seenByB.body.customer.identities).toContainEqual({ kind: 'chat_visitor', value: 'v-9' });
    // A third vendor naming the phone learns nothing of the customer and opens nothing.
    const c = await t.make.vendor();
    const agentC = await t.make.user('agent', c.id);
    const refused = await call(t.app, 'POST', '/api/v1/tickets', {
      token: agentC.token,
      body: newTicket({ customer: { phone: '+1 415 555 0123' } }),
    });
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0].path).toBe('body.customer.phone');
    expect(JSON.stringify(refused.body)).not.toContain(first.customer_id);
    const { rows } = await t.database.pool.query('select count(*)::int as n from customers where id = $1', [
      first.customer_id,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('ends with one customer when several tickets for the same new email arrive at once', async () => {
    const admin = await t.make.user('brand_admin');
    const email = `race-${Date.now()}@example.com`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(t.app, 'POST', '/api/v1/tickets', {
          token: admin.token,
          body: newTicket({ customer: { email } }),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.customer_id)).size).toBe(1);
    const { rows } = await t.database.pool.query(
      'select count(distinct customer_id)::int as n from customer_identities where value = $1',
      [email],
    );
    expect(rows[0].n).toBe(1);
  });

  it('changes fields with one history row each, stamps solved_at and keeps closed tickets closed', async () => {
    const vendor = await t.make.vendor();
    const team = await t.make.team(vendor.id);
    const lead = await t.make.user('team_lead', vendor.id);
    const agent = await t.make.user('agent', vendor.id);
    const admin = await t.make.user('brand_admin');
    const ticket = await create(lead, newTicket());
    const patch = (user: TestUser, body: unknown, headers?: Record<string, string>) =>
      call(t.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
        token: user.token,
        body,
        ...(headers ? { headers } : {}),
      });

    const assigned = await patch(lead, {
      status: 'open',
      priority: 'urgent',
      team_id: team.id,
      agent_id: agent.userId,
      tags: ['vip'],
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({
      status: 'open',
      priority: 'urgent',
      team_id: team.id,
      agent_id: agent.userId,
    });
    const solved = await patch(agent, { status: 'solved' }, { 'if-match': `"${assigned.body.updated_at}"` });
    expect(solved.body.solved_at).not.toBeNull();
    const stale = await patch(agent, { priority: 'low', expected_updated_at: assigned.body.updated_at });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].path).toBe('body.expected_updated_at');
    await patch(agent, { status: 'closed' });
    const refused = await patch(agent, { status: 'open' });
    expect(refused.status).toBe(422);
    expect((await patch(admin, { status: 'open' })).body).toMatchObject({
      status: 'open',
      solved_at: null,
      closed_at: null,
    });

    const history = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}/events?limit=3`, {
      token: lead.token,
    });
    expect(history.body.items).toHaveLength(3);
    const rest = await call(
      t.app,
      'GET',
      `/api/v1/tickets/${ticket.id}/events?cursor=${history.body.nextCursor}`,
      {
        token: lead.token,
      },
    );
    const all = [...history.body.items, ...rest.body.items];
    expect(all.map((e: { field: string }) => e.field)).toEqual([
      'created',
      'status',
      'priority',
      'tags',
      'team_id',
      'agent_id',
      'status',
      'status',
      'status',
    ]);
    expect(all[2]).toMatchObject({ before: 'normal', after: 'urgent', actor_user_id: lead.userId });
  });

  it('refuses assignments outside the ticket’s vendor, and vendor moves by vendor users', async () => {
    const mine = await t.make.vendor();
    const other = await t.make.vendor();
    const foreignTeam = await t.make.team(other.id);
    const agent = await t.make.user('agent', mine.id);
    const ticket = await create(agent, newTicket());
    const team = await call(t.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      token: agent.token,
      body: { team_id: foreignTeam.id },
    });
    expect(team.status).toBe(422);
    expect(team.body.errors[0].path).toBe('body.team_id');
    const move = await call(t.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      token: agent.token,
      body: { vendor_id: other.id },
    });
    expect(move.status).toBe(403);
    const createForOther = await call(t.app, 'POST', '/api/v1/tickets', {
      token: agent.token,
      body: newTicket({ vendor_id: other.id }),
    });
    expect(createForOther.status).toBe(422);
    expect(createForOther.body.errors[0].path).toBe('body.vendor_id');

    const admin = await t.make.user('brand_admin');
    const moved = await call(t.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      token: admin.token,
      body: { vendor_id: other.id },
    });
    expect(moved.body.vendor_id).toBe(other.id);
    expect((await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token })).status).toBe(
      404,
    );
  });

  it('stamps first_response_at on the first public reply only, not on internal notes', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const ticket = await create(agent, newTicket());
    const note = await call(t.app, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      token: agent.token,
      body: { body_text: 'Customer is a reseller', visibility: 'internal' },
    });
    expect(note.status).toBe(201);
    let current = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token });
    expect(current.body.first_response_at).toBeNull();
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      token: agent.token,
      body: { body_text: 'Refund sent', body_html: '<a href="https://x.test" onclick="steal()">receipt</a>' },
    });
    expect(reply.body).toMatchObject({
      author_kind: 'agent',
      author_user_id: agent.userId,
      visibility: 'public',
    });
    expect(reply.body.body_html).toBe(
      '<a href="https://x.test" rel="noopener noreferrer nofollow" target="_blank">receipt</a>',
    );
    current = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token });
    expect(current.body.first_response_at).toBe(reply.body.created_at);
    await call(t.app, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      token: agent.token,
      body: { body_text: 'More' },
    });
    const again = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: agent.token });
    expect(again.body.first_response_at).toBe(reply.body.created_at);
    const messages = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}/messages`, {
      token: agent.token,
    });
    expect(messages.body.items.map((m: { author_kind: string }) => m.author_kind)).toEqual([
      'customer',
      'agent',
      'agent',
      'agent',
    ]);
  });

  it('filters, sorts and pages the list without gaps or repeats', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const priorities = ['low', 'urgent', 'normal', 'high', 'urgent', 'low', 'normal'];
    for (const priority of priorities)
      await create(agent, newTicket({ priority, queue: 'billing', tags: ['paged'] }));
    await create(agent, newTicket({ channel: 'chat', queue: 'sales' }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await call(
        t.app,
        'GET',
        `/api/v1/tickets?tag=paged&sort=-priority&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: agent.token,
        },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i: { priority: string }) => i.priority));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['urgent', 'urgent', 'high', 'normal', 'normal', 'low', 'low']);
    const chat = await call(t.app, 'GET', '/api/v1/tickets?channel=chat&queue=sales', { token: agent.token });
    expect(chat.body.items).toHaveLength(1);
    const oldest = await call(
      t.app,
      'GET',
      '/api/v1/tickets?sort=created_at&order=asc&queue=billing&limit=1',
      { token: agent.token },
    );
    expect(oldest.body.items[0].priority).toBe('low');
  });

  it('hides a ticket of vendor A from vendor B: 404 everywhere, absent from lists, unchanged by PATCH', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const agentB = await t.make.user('vendor_admin', b.id);
    const ticket = await create(agentA, newTicket());
    for (const path of ['', '/messages', '/events']) {
      const res = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}${path}`, { token: agentB.token });
      expect(res.status, path).toBe(404);
    }
    const patch = await call(t.app, 'PATCH', `/api/v1/tickets/${ticket.id}`, {
      token: agentB.token,
      body: { priority: 'urgent' },
    });
    expect(patch.status).toBe(404);
    const reply = await call(t.app, 'POST', `/api/v1/tickets/${ticket.id}/messages`, {
      token: agentB.token,
      body: { body_text: 'hi' },
    });
    expect(reply.status).toBe(404);
    const list = await call(t.app, 'GET', `/api/v1/tickets?customer_id=${ticket.customer_id}`, {
      token: agentB.token,
    });
    expect(list.body.items).toEqual([]);
    const unchanged = await call(t.app, 'GET', `/api/v1/tickets/${ticket.id}`, { token: agentA.token });
    expect(unchanged.body.priority).toBe('normal');
    const { rows } = await t.database.pool.query(
      'select count(*)::int as n from messages where ticket_id = $1',
      [ticket.id],
    );
    expect(rows[0].n).toBe(1);
  });

  it('lets read-only roles read but not write', async () => {
    const analyst = await t.make.user('brand_analyst');
    expect((await call(t.app, 'GET', '/api/v1/tickets', { token: analyst.token })).status).toBe(200);
    expect(
      (await call(t.app, 'POST', '/api/v1/tickets', { token: analyst.token, body: newTicket() })).status,
    ).toBe(403);
  });
});

describe('attachments a message may name', () => {
  it('takes files of its own ticket and http(s) links, refuses another ticket’s file, storage keys and other schemes', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const mine = await t.make.ticket(await t.make.customer(vendor.id), vendor.id, { conversation: true });
    const other = await t.make.ticket(await t.make.customer(vendor.id), vendor.id, { conversation: true });
    const fileOf = async (ticketId: string) => {
      const { rows } = await t.database.pool.query(
        `insert into attachments (organization_id, ticket_id, message_id, filename, declared_content_type, size, sha256, storage_key)
         select organization_id, ticket_id, id, 'a.pdf', 'application/pdf', 1, repeat('a', 64), 'k' from messages where ticket_id = $1 limit 1
         returning id`,
        [ticketId],
      );
      return rows[0].id as string;
    };
    const own = await fileOf(mine);
    const foreign = await fileOf(other);
    const post = (attachments: unknown[]) =>
      call(t.app, 'POST', `/api/v1/tickets/${mine}/messages`, {
        token: agent.token,
        body: { body_text: 'See attached', visibility: 'public', attachments },
      });
    const file = { name: 'a.pdf', contentType: 'application/pdf', size: 1 };
    expect((await post([{ ...file, id: own }])).status).toBe(201);
    expect((await post([{ ...file, url: 'https://files.example/a.pdf' }])).status).toBe(201);
    const stolen = await post([{ ...file }, { ...file, id: foreign }]);
    expect(stolen.status).toBe(422);
    expect(stolen.body.errors[0].path).toBe('body.attachments.1.id');
    const keyed = await post([{ ...file, storageKey: 'sha256/aa' }]);
    expect(keyed.status).toBe(400);
    const scheme = await post([{ ...file, url: 'javascript:alert(1)' }]);
    expect(scheme.status).toBe(400);
    expect(scheme.body.errors[0].path).toBe('body.attachments.0.url');
  });
});
