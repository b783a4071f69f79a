import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

/**
 * GET /operations/live against the real database: every figure equals a hand count of the rows
 * this file creates, and a vendor's admin sees only its own vendor's counts, people and sites.
 */

let t: TestContext;
let brand: TestUser;
let vendorAdminA: TestUser;
let analystB: TestUser;
let queueId: string;
const ids = { vendorA: '', vendorB: '', siteA: '', siteB: '' };
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

beforeAll(async () => {
  t = await startTestApp();
  brand = await t.make.user('brand_admin');
  const a = await t.make.vendor({ name: 'Alpha BPO' });
  const b = await t.make.vendor({ name: 'Bravo BPO' });
  const siteA = await t.make.site(a.id, { name: 'Alpha Manila' });
  const siteB = await t.make.site(b.id, { name: 'Bravo Cebu' });
  Object.assign(ids, { vendorA: a.id, vendorB: b.id, siteA: siteA.id, siteB: siteB.id });
  vendorAdminA = await t.make.user('vendor_admin', a.id);
  analystB = await t.make.user('brand_analyst');
  const agentA1 = await t.make.user('agent', a.id, { siteId: siteA.id });
  const agentA2 = await t.make.user('agent', a.id, { siteId: siteA.id });
  const agentB = await t.make.user('agent', b.id, { siteId: siteB.id });
  const customer = await t.make.customer();
  const ticket = (vendorId: string | null) => t.make.ticket(customer, vendorId);
  const waitingA1 = await ticket(a.id);
  const waitingA2 = await ticket(a.id);
  const waitingB = await ticket(b.id);
  const assignedA = await ticket(a.id);
  const unqueued = await ticket(null);
  await withSystem(t.database.db, async (tx) => {
    const q = await tx
      .insertInto('routing_queues')
      .values({ organization_id: t.organizationId, name: 'Billing', required_skills: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    queueId = q.id;
    await tx
      .insertInto('routing_queues')
      .values({ organization_id: t.organizationId, name: 'Returns', required_skills: '[]' })
      .execute();
    const waitingRow = (ticketId: string, since: string) => ({
      ticket_id: ticketId,
      organization_id: t.organizationId,
      state: 'waiting' as const,
      queue_id: queueId,
      waiting_since: since,
    });
    await tx
      .insertInto('ticket_routing')
      .values([
        waitingRow(waitingA1, minutesAgo(10)),
        waitingRow(waitingA2, minutesAgo(3)),
        waitingRow(waitingB, minutesAgo(20)),
        { ...waitingRow(assignedA, minutesAgo(30)), state: 'assigned' },
      ])
      .execute();
    await tx
      .updateTable('tickets')
      .set({ agent_id: agentA1.userId, site_id: siteA.id, status: 'open' })
      .where('id', '=', assignedA)
      .execute();
    const timer = (ticketId: string, metric: string, values: object) => ({
      ticket_id: ticketId,
      metric,
      organization_id: t.organizationId,
      cycle: 1,
      state: 'active' as const,
      target_minutes: 60,
      business: false,
      started_at: minutesAgo(55),
      elapsed_ms: 0,
      breached_cycles: 0,
      ...values,
    });
    await tx
      .insertInto('sla_timers')
      .values([
        // at risk: warned, not yet due
        timer(waitingA1, 'first_reply', { warn_at: minutesAgo(5), due_at: minutesAgo(-5) }),
        // not yet warned
        timer(waitingA2, 'first_reply', { warn_at: minutesAgo(-5), due_at: minutesAgo(-15) }),
        // breached
        timer(waitingB, 'first_reply', {
          state: 'breached',
          breached_at: minutesAgo(2),
          due_at: minutesAgo(2),
        }),
      ])
      .execute();
    const presence = (user: TestUser, status: 'online' | 'away' | 'offline') => ({
      user_id: user.userId,
      organization_id: t.organizationId,
      vendor_id: user.vendorId,
      status,
    });
    await tx
      .insertInto('agent_presence')
      .values([presence(agentA1, 'online'), presence(agentA2, 'away'), presence(agentB, 'online')])
      .execute();
  });
  void unqueued;
});
afterAll(() => t.close());

const board = async (user: TestUser) => {
  const res = await call(t.app, 'GET', '/api/v1/operations/live', { token: user.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('GET /operations/live', () => {
  it('counts waiting contacts, the oldest wait and SLA risk per queue, as counted by hand', async () => {
    const body = await board(brand);
    const billing = body.queues.find((q: any) => q.name === 'Billing');
    expect(billing).toMatchObject({ queue_id: queueId, waiting: 3, at_risk: 1, breached: 1 });
    expect(billing.oldest_wait_seconds).toBeGreaterThanOrEqual(20 * 60);
    expect(billing.oldest_wait_seconds).toBeLessThan(21 * 60);
    expect(body.queues.find((q: any) => q.name === 'Returns')).toMatchObject({
      waiting: 0,
      oldest_wait_seconds: null,
      at_risk: 0,
      breached: 0,
    });
    expect(body.queues.find((q: any) => q.queue_id === null)).toMatchObject({
      name: 'Not yet queued',
      waiting: 1,
    });
  });

  it('counts people online and away per vendor and site, with each site’s status and open tickets', async () => {
    const body = await board(brand);
    expect(body.vendors).toEqual([
      { vendor_id: ids.vendorA, name: 'Alpha BPO', online: 1, away: 1, online_without_site: 0 },
      { vendor_id: ids.vendorB, name: 'Bravo BPO', online: 1, away: 0, online_without_site: 0 },
    ]);
    expect(body.sites).toEqual([
      expect.objectContaining({ site_id: ids.siteA, status: 'up', open_tickets: 1, online: 1, away: 1 }),
      expect.objectContaining({ site_id: ids.siteB, status: 'up', open_tickets: 0, online: 1, away: 0 }),
    ]);
  });

  it('shows a vendor admin only its own vendor’s counts, people and sites', async () => {
    const body = await board(vendorAdminA);
    expect(body.queues.find((q: any) => q.name === 'Billing')).toMatchObject({
      waiting: 2,
      at_risk: 1,
      breached: 0,
    });
    expect(body.queues.some((q: any) => q.queue_id === null)).toBe(false);
    expect(body.vendors.map((v: any) => v.vendor_id)).toEqual([ids.vendorA]);
    expect(body.sites.map((s: any) => s.site_id)).toEqual([ids.siteA]);
    expect(JSON.stringify(body)).not.toContain('Bravo');
  });

  it('follows a site marked down: routing takes its unanswered contacts off and the board says where', async () => {
    await withSystem(t.database.db, async (tx) => {
      const [ticketId] = (
        await tx.selectFrom('tickets').select('id').where('site_id', '=', ids.siteA).execute()
      ).map((r) => r.id);
      await tx
        .insertInto('ticket_events')
        .values({
          organization_id: t.organizationId,
          ticket_id: ticketId!,
          actor_kind: 'system',
          field: 'requeued',
          before: JSON.stringify({ site_id: ids.siteA }),
          after: JSON.stringify({ reason: 'site down', vendor_id: null }),
        })
        .execute();
    });
    const res = await call(t.app, 'PATCH', `/api/v1/sites/${ids.siteA}`, {
      token: brand.token,
      body: { status: 'down' },
    });
    expect(res.status).toBe(200);
    const site = (await board(brand)).sites.find((s: any) => s.site_id === ids.siteA);
    expect(site.status).toBe('down');
    expect(site.moved_off).toEqual([
      { vendor_name: 'Alpha BPO', site_name: 'Alpha Manila', waiting: false, tickets: 1 },
    ]);
  });

  it('answers 401 without a session and 403 to a role without analytics', async () => {
    expect((await call(t.app, 'GET', '/api/v1/operations/live')).status).toBe(401);
    const agent = await t.make.user('agent', ids.vendorB);
    expect((await call(t.app, 'GET', '/api/v1/operations/live', { token: agent.token })).status).toBe(403);
    expect((await board(analystB)).vendors).toHaveLength(2);
  });
});
