import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { backlog } from './kpis/index.js';

let t: TestContext;
let vendorA: string;
let vendorB: string;
let agentA: TestUser;
let agentB: TestUser;
let leadA: TestUser;
let leadB: TestUser;
let admin: TestUser;
let analyst: TestUser;

beforeAll(async () => {
  t = await startTestApp({ TANDEM_ACTIVITY_IDLE_SECONDS: '60' });
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  agentA = await t.make.user('agent', vendorA);
  agentB = await t.make.user('agent', vendorB);
  leadA = await t.make.user('team_lead', vendorA);
  leadB = await t.make.user('vendor_admin', vendorB);
  admin = await t.make.user('brand_admin');
  analyst = await t.make.user('brand_analyst');
});
afterAll(() => t.close());

const drain = async () => {
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
};
const period = () => {
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
};

describe('handle time from console heartbeats', () => {
  let ticketA: string;
  let ticketA2: string;

  it('folds beats into spans; a replayed batch changes nothing', async () => {
    const customer = await t.make.customer();
    ticketA = await t.make.ticket(customer, vendorA, { conversation: true });
    ticketA2 = await t.make.ticket(customer, vendorA, { conversation: true });
    const start = Date.now() - 10 * 60_000;
    const at = (s: number) => new Date(start + s * 1000).toISOString();
    // ticket 1 alone for 60 s, then both tickets at once for 60 s, then ticket 2 alone for 30 s
    const beats = [
      ...[0, 30, 60, 90, 120].map((s) => ({ ticket_id: ticketA, state: 'focused', at: at(s) })),
      ...[60, 90, 120, 150].map((s) => ({ ticket_id: ticketA2, state: 'composing', at: at(s) })),
      // after an idle gap longer than 60 s: a new span, the gap not counted
      { ticket_id: ticketA, state: 'focused', at: at(300) },
      { ticket_id: ticketA, state: 'focused', at: at(330) },
    ];
    const first = await call(t.app, 'POST', '/api/v1/activity/heartbeats', {
      token: agentA.token,
      body: { heartbeats: beats },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 11, spans_started: 3 });
    const again = await call(t.app, 'POST', '/api/v1/activity/heartbeats', {
      token: agentA.token,
      body: { heartbeats: beats },
    });
    expect(again.body.spans_started).toBe(0);
  });

  it('counts concurrent time once, split between the tickets, into AHT', async () => {
    for (const id of [ticketA, ticketA2]) {
      const res = await call(t.app, 'PATCH', `/api/v1/tickets/${id}`, {
        token: agentA.token,
        body: { status: 'solved' },
      });
      expect(res.status).toBe(200);
    }
    await drain();
    const report = await call(t.app, 'GET', `/api/v1/analytics/kpis?${period()}&group_by=vendor`, {
      token: leadA.token,
    });
    expect(report.status).toBe(200);
    // ticket 1: 60 s alone + 30 s (half of 60) + 30 s later = 120 s; ticket 2: 30 s + 30 s alone = 60 s
    expect(report.body.total.aht).toMatchObject({ value: 90, numerator: 180, denominator: 2 });
    expect(report.body.total.resolution_time_last_solve.denominator).toBe(2);
  });

  it('heartbeats alone move AHT: the rollup hears of activity without any other ticket change', async () => {
    const start = Date.now() - 4 * 60_000;
    const at = (s: number) => new Date(start + s * 1000).toISOString();
    const res = await call(t.app, 'POST', '/api/v1/activity/heartbeats', {
      token: agentA.token,
      body: { heartbeats: [0, 30].map((s) => ({ ticket_id: ticketA2, state: 'focused', at: at(s) })) },
    });
    expect(res.status).toBe(200);
    await drain();
    const report = await call(t.app, 'GET', `/api/v1/analytics/kpis?${period()}&group_by=vendor`, {
      token: leadA.token,
    });
    // 30 s more on ticket 2, alone
    expect(report.body.total.aht).toMatchObject({ numerator: 210, denominator: 2 });
  });

  it('refuses another vendor’s ticket and bad input, naming the field', async () => {
    const res = await call(t.app, 'POST', '/api/v1/activity/heartbeats', {
      token: agentB.token,
      body: { heartbeats: [{ ticket_id: ticketA, state: 'focused', at: new Date().toISOString() }] },
    });
    expect(res.status).toBe(404);
    const bad = await call(t.app, 'POST', '/api/v1/activity/heartbeats', {
      token: agentA.token,
      body: { heartbeats: [{ ticket_id: ticketA, state: 'idle', at: new Date().toISOString() }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('body.heartbeats.0.state');
    const old = await call(t.app, 'POST', '/api/v1/activity/heartbeats', {
      token: agentA.token,
      body: { heartbeats: [{ ticket_id: ticketA, state: 'focused', at: '2020-01-01T00:00:00Z' }] },
    });
    expect(old.status).toBe(422);
    expect(old.body.errors[0].path).toBe('body.heartbeats.0.at');
  });
});

describe('KPI report', () => {
  it('each vendor sees only its own rows, in JSON and CSV; the brand sees both', async () => {
    const customer = await t.make.customer();
    const ticketB = await t.make.ticket(customer, vendorB, { conversation: true });
    await call(t.app, 'PATCH', `/api/v1/tickets/${ticketB}`, {
      token: agentB.token,
      body: { status: 'solved' },
    });
    await drain();
    const url = `/api/v1/analytics/kpis?${period()}&group_by=vendor`;
    const a = await call(t.app, 'GET', url, { token: leadA.token });
    const b = await call(t.app, 'GET', url, { token: leadB.token });
    const brand = await call(t.app, 'GET', url, { token: analyst.token });
    expect(a.body.rows.map((r: { key: string }) => r.key)).toEqual([vendorA]);
    expect(b.body.rows.map((r: { key: string }) => r.key)).toEqual([vendorB]);
    expect(brand.body.rows.map((r: { key: string }) => r.key).sort()).toEqual([vendorA, vendorB].sort());
    expect(brand.body.total.contacts).toBe(3);
    const csvA = await t.app.inject({
      method: 'GET',
      url: `${url}&format=csv`,
      headers: { authorization: `Bearer ${leadA.token}` },
    });
    expect(csvA.statusCode).toBe(200);
    expect(csvA.body).toContain(vendorA);
    expect(csvA.body).not.toContain(vendorB);
    const byAgent = await call(t.app, 'GET', `/api/v1/analytics/kpis?${period()}&group_by=agent`, {
      token: leadB.token,
    });
    expect(byAgent.body.total.contacts).toBe(1);
  });

  it('rows in the rollup table itself are vendor-scoped by row-level security', async () => {
    const { withActor } = await import('../../platform/db/transaction.js');
    const rows = await withActor(t.database.db, leadA, (tx) =>
      tx.selectFrom('kpi_hourly').select('vendor_id').execute(),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.vendor_id))).toEqual(new Set([vendorA]));
  });

  it('contacts per 1,000 orders from the brand’s order counts; vendors cannot report orders', async () => {
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
    const stored = await call(t.app, 'POST', '/api/v1/analytics/order-counts', {
      token: admin.token,
      body: {
        counts: [
          { hour, orders: 1000 },
          { hour, orders: 1500 },
        ],
      },
    });
    expect(stored.status).toBe(200);
    const report = await call(t.app, 'GET', `/api/v1/analytics/kpis?${period()}`, { token: admin.token });
    expect(report.body.orders).toBe(1500);
    expect(report.body.total.contacts_per_1000_orders.value).toBeCloseTo(2, 10);
    const vendor = await call(t.app, 'POST', '/api/v1/analytics/order-counts', {
      token: leadA.token,
      body: { counts: [{ hour, orders: 1 }] },
    });
    expect(vendor.status).toBe(403);
    const notHour = await call(t.app, 'POST', '/api/v1/analytics/order-counts', {
      token: admin.token,
      body: { counts: [{ hour: '2026-11-01T10:30:00Z', orders: 1 }] },
    });
    expect(notHour.status).toBe(400);
    expect(notHour.body.errors[0].path).toBe('body.counts.0.hour');
  });

  it('bad periods and zones are problems naming the field; agents have no access', async () => {
    const backwards = await call(t.app, 'GET', '/api/v1/analytics/kpis?from=2026-11-02&to=2026-11-01', {
      token: admin.token,
    });
    expect(backwards.status).toBe(422);
    expect(backwards.body.errors[0].path).toBe('query.to');
    const zone = await call(
      t.app,
      'GET',
      '/api/v1/analytics/kpis?from=2026-11-01&to=2026-11-02&tz=Mars/Base',
      { token: admin.token },
    );
    expect(zone.status).toBe(400);
    expect(zone.body.errors[0].path).toBe('query.tz');
    const agent = await call(t.app, 'GET', `/api/v1/analytics/kpis?${period()}`, { token: agentA.token });
    expect(agent.status).toBe(403);
  });

  it('dates are read in the requested zone', async () => {
    const res = await call(
      t.app,
      'GET',
      '/api/v1/analytics/kpis?from=2026-11-01&to=2026-11-02&tz=Europe/Copenhagen',
      {
        token: admin.token,
      },
    );
    expect(res.status).toBe(200);
    expect([res.body.from, res.body.to]).toEqual(['2026-10-31T23:00:00.000Z', '2026-11-01T23:00:00.000Z']);
  });

  it('a rebuild from the raw tables gives the same report (brand admins only)', async () => {
    const url = `/api/v1/analytics/kpis?${period()}&group_by=agent`;
    const before = await call(t.app, 'GET', url, { token: admin.token });
    const denied = await call(t.app, 'POST', '/api/v1/analytics/rollup/rebuild', { token: leadA.token });
    expect(denied.status).toBe(403);
    const rebuilt = await call(t.app, 'POST', '/api/v1/analytics/rollup/rebuild', { token: admin.token });
    expect(rebuilt.status).toBe(200);
    const units = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('kpi_units').select('unit').execute(),
    );
    expect(rebuilt.body.units).toBe(units.length);
    const after = await call(t.app, 'GET', url, { token: admin.token });
    expect(after.body).toEqual(before.body);
  });
});

describe('bulk changes feed the rollup', () => {
  it('a customer merge corrects first-contact resolution of the tickets it brings together', async () => {
    const vendor = (await t.make.vendor()).id;
    const open = async (email: string) => {
      const res = await call(t.app, 'POST', '/api/v1/tickets', {
        token: admin.token,
        body: {
          subject: 'Refund',
          channel: 'email',
          tags: ['refund'],
          vendor_id: vendor,
          customer: { email },
          message: { body_text: 'Where is my refund?' },
        },
      });
      expect(res.status).toBe(201);
      return res.body as { id: string; customer_id: string };
    };
    const first = await open(`${crypto.randomUUID()}@one.test`);
    const solved = await call(t.app, 'PATCH', `/api/v1/tickets/${first.id}`, {
      token: admin.token,
      body: { status: 'solved' },
    });
    expect(solved.status).toBe(200);
    const again = await open(`${crypto.randomUUID()}@two.test`);
    await drain();
    const fcr = async () => {
      const report = await call(t.app, 'GET', `/api/v1/analytics/kpis?${period()}&group_by=vendor`, {
        token: admin.token,
      });
      return report.body.rows.find((r: { key: string }) => r.key === vendor).kpis.fcr;
    };
    expect(await fcr()).toMatchObject({ numerator: 1, denominator: 1 });
    // The two were one person writing twice about the same refund.
    const merged = await call(t.app, 'POST', `/api/v1/customers/${first.customer_id}/merge`, {
      token: admin.token,
      body: { source_customer_id: again.customer_id },
    });
    expect(merged.status).toBe(200);
    await drain();
    expect(await fcr()).toMatchObject({ numerator: 0, denominator: 1 });
  });
});

describe('drill-down, trends and backlog', () => {
  it('counts the backlog by age as a hand count of open tickets, and never shows a vendor another’s', async () => {
    const vendor = (await t.make.vendor()).id;
    const customer = await t.make.customer();
    const now = Date.now();
    const ages = [0.2, 0.5, 3, 30, 50, 80, 100, 200, 720].map((h) => h * 3_600_000); // hours old
    const ids: string[] = [];
    for (const age of ages) {
      const id = await t.make.ticket(customer, vendor);
      ids.push(id);
      // created_at is never written by the app; the test ages its rows directly.
      await withSystem(t.database.db, (tx) =>
        sql`update tickets set created_at = ${new Date(now - age).toISOString()} where id = ${id}`.execute(
          tx,
        ),
      );
    }
    // A solved ticket is not backlog, however old.
    await withSystem(t.database.db, (tx) =>
      tx.updateTable('tickets').set({ status: 'solved' }).where('id', '=', ids[4]!).execute(),
    );
    const res = await call(t.app, 'GET', `/api/v1/analytics/backlog?group_by=vendor&vendor_id=${vendor}`, {
      token: admin.token,
    });
    expect(res.status).toBe(200);
    // The hand count: the pure definition (kpis/quality.ts) over the same rows, at the report's instant.
    const at = Date.parse(res.body.at);
    const expected = backlog(
      ages.map((age, i) => ({ createdAt: now - age, solvedAt: i === 4 ? now : null })),
      at,
    );
    expect(res.body.rows).toHaveLength(1);
    expect(res.body.rows[0].key).toBe(vendor);
    expect(res.body.rows[0].open).toBe(expected.total);
    expect(
      Object.fromEntries(
        res.body.rows[0].ages.map((a: { label: string; count: number }) => [a.label, a.count]),
      ),
    ).toEqual(expected.buckets);
    expect(expected.buckets).toMatchObject({ '<1h': 2, '1-4h': 1, '1-3d': 1, '3-7d': 2, '>7d': 2 });
    expect(res.body.rows[0].oldest_seconds).toBeGreaterThanOrEqual(720 * 3600 - 60);
    // A vendor lead asking for another vendor gets nothing of it.
    const foreign = await call(t.app, 'GET', `/api/v1/analytics/backlog?vendor_id=${vendor}`, {
      token: leadA.token,
    });
    expect(foreign.status).toBe(200);
    expect(foreign.body.rows).toEqual([]);
    const own = await call(t.app, 'GET', '/api/v1/analytics/backlog', { token: leadA.token });
    expect(own.body.rows.every((r: { key: string }) => r.key === vendorA)).toBe(true);
  });

  it('lists the tickets behind a figure for the brand; a vendor user never sees another vendor’s', async () => {
    const customer = await t.make.customer();
    const mine = await t.make.ticket(customer, vendorA, { conversation: true });
    const theirs = await t.make.ticket(customer, vendorB, { conversation: true });
    for (const id of [mine, theirs])
      await withSystem(t.database.db, (tx) =>
        emit(tx, { organizationId: t.organizationId, vendorId: null, type: 'ticket.created', subjectId: id }),
      );
    await drain();
    const url = (filter: string) =>
      `/api/v1/analytics/kpis/tickets?${period()}&metric=contacts&limit=500${filter}`;
    const brand = await call(t.app, 'GET', url(''), { token: admin.token });
    expect(brand.status).toBe(200);
    const brandIds = brand.body.tickets.map((r: { ticket_id: string }) => r.ticket_id);
    expect(brandIds).toEqual(expect.arrayContaining([mine, theirs]));
    expect(brand.body.total).toBe(brand.body.denominator);

    for (const filter of ['', `&vendor_id=${vendorB}`]) {
      const lead = await call(t.app, 'GET', url(filter), { token: leadA.token });
      expect(lead.status).toBe(200);
      const rows = lead.body.tickets as { ticket_id: string; vendor_id: string }[];
      expect(rows.map((r) => r.ticket_id)).not.toContain(theirs);
      expect(rows.every((r) => r.vendor_id === vendorA)).toBe(true);
      if (!filter) expect(rows.map((r) => r.ticket_id)).toContain(mine);
      const trend = await call(t.app, 'GET', `/api/v1/analytics/kpis/trend?${period()}${filter}`, {
        token: leadA.token,
      });
      expect(trend.status).toBe(200);
      const contacts = trend.body.buckets.reduce(
        (s: number, b: { kpis: { contacts: number } }) => s + b.kpis.contacts,
        0,
      );
      expect(contacts).toBe(lead.body.denominator);
    }
  });

  it('answers bad drill-down input with a 400 naming the field, and 401 without a session', async () => {
    const bad = await call(t.app, 'GET', `/api/v1/analytics/kpis/tickets?${period()}&metric=profit`, {
      token: admin.token,
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('metric');
    const badId = await call(t.app, 'GET', `/api/v1/analytics/kpis/trend?${period()}&site_id=x`, {
      token: admin.token,
    });
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body)).toContain('site_id');
    for (const path of [
      '/api/v1/analytics/kpis/tickets',
      '/api/v1/analytics/kpis/trend',
      '/api/v1/analytics/backlog',
    ]) {
      const res = await call(t.app, 'GET', `${path}?${period()}&metric=contacts`);
      expect(res.status).toBe(401);
    }
  });
});
