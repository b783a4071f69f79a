import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { makeAgent, pumpRouting } from '../../../test/routing.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
let brand: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  brand = await t.make.user('brand_admin');
});
afterAll(() => t.close());

let n = 0;
async function newTicket(body: Record<string, unknown> = {}) {
  const res = await call(t.app, 'POST', '/api/v1/tickets', {
    token: brand.token,
    body: {
      subject: `Question ${++n}`,
      channel: 'email',
      customer: { email: `c${n}-${Date.now()}@example.com` },
      message: { body_text: 'Hello' },
      ...body,
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

async function ticketRow(id: string) {
  return withSystem(t.database.db, (tx) =>
    tx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
}

describe('routing end to end', () => {
  it('classifies by rule, allocates by share, assigns the least busy eligible agent, and explains', async () => {
    const v1 = await t.make.vendor();
    const v2 = await t.make.vendor();
    const s1 = await t.make.site(v1.id);
    const s2 = await t.make.site(v2.id);
    const billingPro = await makeAgent(t, v1.id, s1.id, { skills: { billing: 4 } });
    const novice = await makeAgent(t, v2.id, s2.id, { skills: { billing: 1 } });
    const q = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'Billing', required_skills: [{ skill: 'billing', min: 3 }] },
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    const rule = await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: brand.token,
      body: { position: 1, queue_id: q.body.id, conditions: { tags_any: ['billing'] } },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const shares = await call(t.app, 'PUT', `/api/v1/routing/queues/${q.body.id}/allocations`, {
      token: brand.token,
      body: {
        allocations: [
          { vendor_id: v1.id, share: 50 },
          { vendor_id: v2.id, share: 50 },
        ],
      },
    });
    expect(shares.status, JSON.stringify(shares.body)).toBe(200);

    const id = await newTicket({ tags: ['billing'] });
    const r = await pumpRouting(t);
    expect(r.assigned).toBeGreaterThanOrEqual(1);
    const ticket = await ticketRow(id);
    expect(ticket.queue).toBe('Billing');
    expect(ticket.agent_id).toBe(billingPro.userId);
    expect(ticket.vendor_id).toBe(v1.id);

    const decisions = await call(t.app, 'GET', `/api/v1/tickets/${id}/routing-decisions`, {
      token: brand.token,
    });
    expect(decisions.status, JSON.stringify(decisions.body)).toBe(200);
    const last = decisions.body.items.at(-1);
    expect(last.outcome).toBe('assigned');
    expect(last.candidates).toContainEqual(
      expect.objectContaining({ kind: 'vendor', id: v2.id, excluded: 'no eligible agent' }),
    );
    // the novice was never a candidate: the query filtered them; the load counter moved
    const load = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('agent_loads')
        .selectAll()
        .where('user_id', 'in', [billingPro.userId, novice.userId])
        .execute(),
    );
    expect(load.find((l) => l.user_id === billingPro.userId)?.email).toBe(1);
    const history = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('ticket_events').select(['field']).where('ticket_id', '=', id).execute(),
    );
    expect(history.map((h) => h.field)).toEqual(expect.arrayContaining(['queue', 'assignment']));
  });

  it('keeps a contact visibly waiting when nobody is eligible, and assigns it when an agent comes online', async () => {
    const v = await t.make.vendor();
    const s = await t.make.site(v.id);
    const q = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'German', required_skills: [] },
    });
    await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: brand.token,
      body: { position: 0, queue_id: q.body.id, conditions: { languages: ['de'] } },
    });
    await call(t.app, 'PUT', `/api/v1/routing/queues/${q.body.id}/allocations`, {
      token: brand.token,
      body: { allocations: [{ vendor_id: v.id, share: 100 }] },
    });
    const agent = await makeAgent(t, v.id, s.id, { languages: ['de'], online: false });
    const id = await newTicket({ language: 'de' });
    await pumpRouting(t);
    expect((await ticketRow(id)).agent_id).toBeNull();
    const waiting = await call(t.app, 'GET', `/api/v1/routing/queues/${q.body.id}`, { token: brand.token });
    expect(waiting.body.waiting).toBe(1);
    const decisions = await call(t.app, 'GET', `/api/v1/tickets/${id}/routing-decisions`, {
      token: brand.token,
    });
    expect(decisions.body.items.at(-1).outcome).toBe('waiting');
    expect(decisions.body.items.at(-1).candidates).toContainEqual(
      expect.objectContaining({ kind: 'agent', id: agent.userId, excluded: 'not online' }),
    );

    const online = await call(t.app, 'PUT', '/api/v1/presence', {
      token: agent.token,
      body: { status: 'online' },
    });
    expect(online.status).toBe(200);
    await pumpRouting(t);
    expect((await ticketRow(id)).agent_id).toBe(agent.userId);
  });

  it('re-queues a down site’s unanswered contacts and routes them elsewhere', async () => {
    const v1 = await t.make.vendor();
    const v2 = await t.make.vendor();
    const s1 = await t.make.site(v1.id);
    const s2 = await t.make.site(v2.id);
    const q = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'Failover' },
    });
    await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: brand.token,
      body: { position: 0, queue_id: q.body.id, conditions: { tags_any: ['failover'] } },
    });
    await call(t.app, 'PUT', `/api/v1/routing/queues/${q.body.id}/allocations`, {
      token: brand.token,
      body: {
        allocations: [
          { vendor_id: v1.id, share: 99 },
          { vendor_id: v2.id, share: 1 },
        ],
      },
    });
    const a1 = await makeAgent(t, v1.id, s1.id);
    const a2 = await makeAgent(t, v2.id, s2.id);
    const id = await newTicket({ tags: ['failover'] });
    await pumpRouting(t);
    expect((await ticketRow(id)).agent_id).toBe(a1.userId);

    const down = await call(t.app, 'PATCH', `/api/v1/sites/${s1.id}`, {
      token: brand.token,
      body: { status: 'down' },
    });
    expect(down.status, JSON.stringify(down.body)).toBe(200);
    await pumpRouting(t);
    const moved = await ticketRow(id);
    expect([moved.agent_id, moved.site_id, moved.first_response_at, moved.status]).toEqual([
      a2.userId,
      s2.id,
      null,
      'new',
    ]);
    expect(moved.site_id).toBe(s2.id);
    const fields = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('ticket_events').select('field').where('ticket_id', '=', id).orderBy('id').execute(),
    );
    expect(fields.map((f) => f.field)).toEqual(expect.arrayContaining(['requeued']));
    const loads = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('agent_loads')
        .select(['user_id', 'total'])
        .where('user_id', 'in', [a1.userId, a2.userId])
        .execute(),
    );
    expect(Object.fromEntries(loads.map((l) => [l.user_id, l.total]))).toEqual({
      [a1.userId]: 0,
      [a2.userId]: 1,
    });

    // Up again: new contacts follow the shares again.
    await call(t.app, 'PATCH', `/api/v1/sites/${s1.id}`, { token: brand.token, body: { status: 'up' } });
    const next = await newTicket({ tags: ['failover'] });
    await pumpRouting(t);
    expect((await ticketRow(next)).agent_id).toBe(a1.userId);
  });

  it('transfers by hand with a reason, counted and kept in history', async () => {
    const v = await t.make.vendor();
    const s = await t.make.site(v.id);
    const agent = await makeAgent(t, v.id, s.id, { online: false });
    const id = await newTicket();
    const res = await call(t.app, 'POST', `/api/v1/tickets/${id}/transfer`, {
      token: brand.token,
      body: { agent_id: agent.userId, reason: 'VIP customer' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      agent_id: agent.userId,
      vendor_id: v.id,
      routing_state: 'assigned',
      transfers: 1,
    });
    await pumpRouting(t);
    expect((await ticketRow(id)).agent_id).toBe(agent.userId);
    const history = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('ticket_events')
        .select(['field', 'after'])
        .where('ticket_id', '=', id)
        .where('field', '=', 'transfer')
        .execute(),
    );
    expect(history[0]?.after).toMatchObject({ reason: 'VIP customer', agent_id: agent.userId });
    const bad = await call(t.app, 'POST', `/api/v1/tickets/${id}/transfer`, {
      token: brand.token,
      body: { agent_id: agent.userId, queue_id: agent.userId, reason: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.errors)).toContain('agent_id');
  });

  it('routing twice changes nothing', async () => {
    const before = await withSystem(t.database.db, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from routing_decisions`.execute(tx),
    );
    await pumpRouting(t);
    await pumpRouting(t);
    const after = await withSystem(t.database.db, (tx) =>
      sql<{ n: number }>`select count(*)::int as n from routing_decisions`.execute(tx),
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});
