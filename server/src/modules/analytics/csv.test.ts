import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { outboxConsumers } from '../../outbox.js';
import { withSystem } from '../../platform/db/transaction.js';
import { dispatchOnce } from '../../platform/outbox/dispatcher.js';
import { FIGURES } from './report.js';

/**
 * The cockpit's analytics tables as CSV: for the same query the CSV holds the JSON's numbers, a
 * vendor user's CSV only its own vendor's rows, and a cell that would run as a formula is neutralised.
 */

let t: TestContext;
let vendorA: string;
let vendorB: string;
let leadA: TestUser;
let analyst: TestUser;

type Row = Record<string, string>;
const num = (cell: string | undefined) => (cell === '' || cell === undefined ? null : Number(cell));
const period = () => {
  const from = new Date(Date.now() - 86_400_000).toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  return `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
};

async function both(url: string, user: TestUser) {
  const json = await call(t.app, 'GET', url, { token: user.token });
  expect(json.status, JSON.stringify(json.body)).toBe(200);
  const csv = await call(t.app, 'GET', `${url}&format=csv`, { token: user.token });
  expect(csv.status).toBe(200);
  expect(csv.response.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.response.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
  const rows: Row[] = parse(csv.response.body, { columns: true });
  return { json: json.body, text: csv.response.body as string, rows };
}

/** Every figure's value, numerator and denominator of a CSV line equals the JSON's. */
function expectSameFigures(row: Row, kpis: Record<string, any>) {
  expect(num(row.contacts)).toBe(kpis.contacts);
  for (const f of FIGURES) {
    const valueColumn = Object.keys(row).find((c) => c.startsWith(`${f} [`))!;
    expect(num(row[valueColumn]), f).toBe(kpis[f]?.value ?? null);
    expect(num(row[`${f}_numerator`]), f).toBe(kpis[f]?.numerator ?? null);
    expect(num(row[`${f}_denominator`]), f).toBe(kpis[f]?.denominator ?? null);
  }
}

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor({ name: '=HYPERLINK("http://evil","A")' })).id;
  vendorB = (await t.make.vendor({ name: 'Bravo BPO' })).id;
  const agentA = await t.make.user('agent', vendorA);
  const agentB = await t.make.user('agent', vendorB);
  leadA = await t.make.user('team_lead', vendorA);
  analyst = await t.make.user('brand_analyst');
  const customer = await t.make.customer();
  const tickets: [string, TestUser][] = [];
  for (const [vendor, agent] of [
    [vendorA, agentA],
    [vendorA, agentA],
    [vendorB, agentB],
  ] as const)
    tickets.push([await t.make.ticket(customer, vendor, { conversation: true }), agent]);
  await withSystem(t.database.db, (tx) =>
    tx.updateTable('tickets').set({ subject: '=1+2, "quoted"' }).where('id', '=', tickets[0]![0]).execute(),
  );
  for (const [id, agent] of tickets) {
    const res = await call(t.app, 'PATCH', `/api/v1/tickets/${id}`, {
      token: agent.token,
      body: { status: 'solved' },
    });
    expect(res.status).toBe(200);
  }
  await t.make.ticket(customer, vendorA); // open: the backlog's
  await t.make.ticket(customer, vendorB);
  while ((await dispatchOnce(t.database.db, outboxConsumers, t.config)) > 0) {}
});
afterAll(() => t.close());

describe('CSV of the analytics tables', () => {
  it('the KPI report: the same numbers per group as the JSON, also for Accept: text/csv', async () => {
    const { json, rows } = await both(`/api/v1/analytics/kpis?${period()}&group_by=vendor`, analyst);
    expect(rows.map((r) => r.vendor).sort()).toEqual(json.rows.map((r: any) => r.key).sort());
    for (const r of json.rows) expectSameFigures(rows.find((c) => c.vendor === r.key)!, r.kpis);
    const accept = await call(t.app, 'GET', `/api/v1/analytics/kpis?${period()}`, {
      token: analyst.token,
      headers: { accept: 'text/csv' },
    });
    expect(accept.response.headers['content-type']).toMatch(/^text\/csv/);
  });

  it('the trend: one line per bucket with its bounds, figures and SLA attainment', async () => {
    for (const interval of ['day', 'week']) {
      const url = `/api/v1/analytics/kpis/trend?${period()}&interval=${interval}`;
      const { json, rows } = await both(url, analyst);
      expect(json.buckets.length).toBeGreaterThan(0);
      expect(rows.map((r) => [r.start, r.from, r.to])).toEqual(
        json.buckets.map((b: any) => [b.start, b.from, b.to]),
      );
      json.buckets.forEach((b: any, i: number) => {
        expectSameFigures(rows[i]!, b.kpis);
        expect(num(rows[i]!.sla_attainment)).toBe(b.sla_attainment.value);
        expect(num(rows[i]!.sla_attainment_numerator)).toBe(b.sla_attainment.numerator);
        expect(num(rows[i]!.sla_attainment_denominator)).toBe(b.sla_attainment.denominator);
      });
      expect(json.buckets.reduce((n: number, b: any) => n + b.kpis.contacts, 0)).toBe(3);
    }
  });

  it('the tickets behind a figure: the listed tickets with their parts, the formula neutralised', async () => {
    const url = `/api/v1/analytics/kpis/tickets?${period()}&metric=contacts&limit=500`;
    const { json, rows, text } = await both(url, analyst);
    expect(json.tickets).toHaveLength(3);
    expect(rows.map((r) => [r.ticket_id, num(r.number), r.vendor_id, num(r.numerator)])).toEqual(
      json.tickets.map((x: any) => [x.ticket_id, x.number, x.vendor_id, x.numerator]),
    );
    expect(rows.map((r) => num(r.denominator))).toEqual(json.tickets.map((x: any) => x.denominator));
    const sum = (k: string) => rows.reduce((n, r) => n + Number(r[k]), 0);
    expect([sum('numerator'), sum('denominator')]).toEqual([json.numerator, json.denominator]);
    expect(rows.map((r) => r.subject)).toContain(`'=1+2, "quoted"`);
    expect(text).not.toMatch(/(^|,)=1\+2/m);
  });

  it('the backlog: one column per age bucket, the same counts as the JSON', async () => {
    const { json, rows, text } = await both('/api/v1/analytics/backlog?group_by=vendor', analyst);
    expect(Object.keys(rows[0]!)).toEqual([
      'vendor',
      'vendor_name',
      'open',
      '<1h',
      '1-4h',
      '4-24h',
      '1-3d',
      '3-7d',
      '>7d',
      'oldest_seconds',
    ]);
    expect(rows).toHaveLength(json.rows.length);
    for (const r of json.rows) {
      const line = rows.find((c) => c.vendor === r.key)!;
      expect(num(line.open)).toBe(r.open);
      for (const age of r.ages) expect(num(line[age.label]), age.label).toBe(age.count);
      // counted a moment apart: the oldest may have aged by a second
      expect(Math.abs(num(line.oldest_seconds)! - r.oldest_seconds)).toBeLessThanOrEqual(2);
    }
    expect(rows.find((c) => c.vendor === vendorA)!.vendor_name).toBe(`'=HYPERLINK("http://evil","A")`);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"",""A"")"`);
  });

  it('a vendor user’s CSV holds only its own vendor’s rows, as its JSON does', async () => {
    const kpis = await both(`/api/v1/analytics/kpis?${period()}&group_by=vendor`, leadA);
    expect(kpis.rows.map((r) => r.vendor)).toEqual([vendorA]);
    const tickets = await both(`/api/v1/analytics/kpis/tickets?${period()}&metric=contacts&limit=500`, leadA);
    expect(tickets.rows.map((r) => r.ticket_id)).toEqual(tickets.json.tickets.map((x: any) => x.ticket_id));
    expect(new Set(tickets.rows.map((r) => r.vendor_id))).toEqual(new Set([vendorA]));
    const trend = await both(`/api/v1/analytics/kpis/trend?${period()}`, leadA);
    for (const [i, b] of trend.json.buckets.entries()) expectSameFigures(trend.rows[i]!, b.kpis);
    expect(trend.rows.reduce((n, r) => n + Number(r.contacts), 0)).toBe(2);
    const backlog = await both('/api/v1/analytics/backlog?group_by=vendor', leadA);
    expect(backlog.rows.map((r) => r.vendor)).toEqual(backlog.json.rows.map((r: any) => r.key));
    for (const { text } of [kpis, tickets, trend, backlog]) {
      expect(text).not.toContain(vendorB);
      expect(text).not.toContain('Bravo');
    }
  });
});
