import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
let admin: TestUser;
let vendorA: string;
let vendorB: string;
let adminA: TestUser;
let agentB: TestUser;
let customer: string;

const BASE = Date.parse('2026-10-05T10:00:00Z');

/** A chat contact created at BASE + offset, answered after `replyS` seconds or solved unanswered after `solveS`. */
async function contact(
  vendorId: string,
  offsetMin: number,
  o: { replyS?: number; solveS?: number; createdAt?: number },
) {
  const created = o.createdAt ?? BASE + offsetMin * 60_000;
  const at = (s: number) => new Date(created + s * 1000).toISOString();
  return withSystem(t.database.db, async (tx) => {
    const ticket = await tx
      .insertInto('tickets')
      .values({
        organization_id: t.organizationId,
        subject: 'chat',
        channel: 'chat',
        customer_id: customer,
        vendor_id: vendorId,
        custom_fields: '{}',
        created_at: new Date(created).toISOString(),
        ...(o.solveS !== undefined ? { status: 'solved' as const } : {}),
      })
      .returning(['id', 'number'])
      .executeTakeFirstOrThrow();
    if (o.replyS !== undefined) {
      await tx
        .insertInto('messages')
        .values({
          organization_id: t.organizationId,
          ticket_id: ticket.id,
          author_kind: 'agent',
          visibility: 'public',
          body_text: 'Hi',
          attachments: '[]',
          created_at: at(o.replyS),
        })
        .execute();
    }
    if (o.solveS !== undefined) {
      await tx
        .insertInto('ticket_events')
        .values({
          organization_id: t.organizationId,
          ticket_id: ticket.id,
          actor_kind: 'system',
          actor_user_id: null,
          field: 'status',
          before: '"new"',
          after: '"solved"',
          created_at: at(o.solveS),
        })
        .execute();
    }
    return ticket;
  });
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  adminA = await t.make.user('vendor_admin', vendorA);
  agentB = await t.make.user('agent', vendorB);
  customer = await t.make.customer();
});
afterAll(() => t.close());

describe('contract service levels', () => {
  it('reports attainment in the chosen variant and all five, with the misses to drill into', async () => {
    const target = await call(t.app, 'POST', '/api/v1/service-level-targets', {
      token: admin.token,
      body: {
        vendor_id: vendorA,
        channel: 'chat',
        name: 'Chats answered within 30 s',
        measure: 'first_reply',
        threshold_seconds: 30,
        target_percent: 80,
        variant: 2,
      },
    });
    expect(target.body).toMatchObject({ name: 'Chats answered within 30 s' });
    for (const [i, s] of [5, 10, 20, 30].entries()) await contact(vendorA, i, { replyS: s });
    const late = await contact(vendorA, 10, { replyS: 95 });
    await contact(vendorA, 11, { solveS: 10 }); // abandoned within T
    await contact(vendorA, 12, { solveS: 2 }); // short abandon
    await contact(vendorA, 13, {}); // still waiting
    await contact(vendorA, 0, { replyS: 500, createdAt: Date.parse('2026-11-01T00:00:00Z') }); // next month
    await contact(vendorB, 14, { replyS: 500 }); // another vendor
    const report = await call(t.app, 'GET', '/api/v1/service-levels/attainment?month=2026-10', {
      token: adminA.token,
    });
    expect(report.status).toBe(200);
    const row = report.body.items.find((r: { target: { id: string } }) => r.target.id === target.body.id);
    expect(row.counts).toEqual({
      answered: 5,
      answered_within: 4,
      abandoned: 2,
      abandoned_within: 2,
      abandoned_after: 0,
      short_abandons: 1,
      pending: 1,
    });
    expect(row.variants).toEqual({ '1': 80, '2': 57.14, '3': 85.71, '4': 80, '5': 66.67 });
    expect(row).toMatchObject({
      variant: 2,
      actual_percent: 57.14,
      target_percent: 80,
      met: false,
      contacts_counted: 7,
      missed: 1,
    });
    const misses = await call(
      t.app,
      'GET',
      `/api/v1/service-levels/attainment/${target.body.id}/misses?month=2026-10`,
      {
        token: admin.token,
      },
    );
    expect(misses.body.items).toEqual([
      expect.objectContaining({ ticket_id: late.id, outcome: 'answered', wait_ms: 95_000 }),
    ]);
  });

  it('isolates vendors and lets only the brand set targets', async () => {
    const body = {
      vendor_id: vendorA,
      name: 'Resolved in 48 h',
      measure: 'resolution',
      threshold_seconds: 172_800,
      target_percent: 85,
      variant: 1,
    };
    expect(
      (await call(t.app, 'POST', '/api/v1/service-level-targets', { token: adminA.token, body })).status,
    ).toBe(403);
    const bad = await call(t.app, 'POST', '/api/v1/service-level-targets', {
      token: admin.token,
      body: { ...body, variant: 6 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('variant');
    const created = await call(t.app, 'POST', '/api/v1/service-level-targets', { token: admin.token, body });
    expect(created.status).toBe(201);
    const listB = await call(t.app, 'GET', '/api/v1/service-level-targets', { token: agentB.token });
    expect(listB.body.items).toEqual([]);
    const reportB = await call(t.app, 'GET', '/api/v1/service-levels/attainment?month=2026-10', {
      token: agentB.token,
    });
    expect(reportB.body.items).toEqual([]);
    const missB = await call(
      t.app,
      'GET',
      `/api/v1/service-levels/attainment/${created.body.id}/misses?month=2026-10`,
      {
        token: agentB.token,
      },
    );
    expect(missB.status).toBe(404);
    expect(
      (
        await call(t.app, 'PATCH', `/api/v1/service-level-targets/${created.body.id}`, {
          token: adminA.token,
          body: { target_percent: 1 },
        })
      ).status,
    ).toBe(403);
    const badMonth = await call(t.app, 'GET', '/api/v1/service-levels/attainment?month=2026-13', {
      token: admin.token,
    });
    expect(badMonth.status).toBe(400);
  });
});
