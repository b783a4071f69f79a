import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

/** Contract service levels as CSV: the JSON's numbers, the caller's vendor only, formulas neutralised. */

let t: TestContext;
let admin: TestUser;
let adminA: TestUser;
let vendorA: string;
let vendorB: string;
let targetA: string;
let targetB: string;
const BASE = Date.parse('2026-10-05T10:00:00Z');
const num = (cell: string | undefined) => (cell === '' || cell === undefined ? null : Number(cell));

/** A chat contact of the vendor created at BASE + i minutes and answered after `replyS` seconds. */
async function chat(vendorId: string, customer: string, i: number, replyS: number) {
  const created = BASE + i * 60_000;
  await withSystem(t.database.db, async (tx) => {
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
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('messages')
      .values({
        organization_id: t.organizationId,
        ticket_id: ticket.id,
        author_kind: 'agent',
        visibility: 'public',
        body_text: 'Hi',
        attachments: '[]',
        created_at: new Date(created + replyS * 1000).toISOString(),
      })
      .execute();
  });
}

async function both(url: string, user: TestUser) {
  const json = await call(t.app, 'GET', url, { token: user.token });
  expect(json.status, JSON.stringify(json.body)).toBe(200);
  const csv = await call(t.app, 'GET', url, { token: user.token, headers: { accept: 'text/csv' } });
  expect(csv.status).toBe(200);
  expect(csv.response.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.response.headers['content-disposition']).toMatch(/^attachment; filename="[\w.-]+\.csv"$/);
  const rows: Record<string, string>[] = parse(csv.response.body, { columns: true });
  return { json: json.body, text: csv.response.body as string, rows };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  adminA = await t.make.user('vendor_admin', vendorA);
  const customer = await t.make.customer();
  const target = async (vendor_id: string, name: string) => {
    const res = await call(t.app, 'POST', '/api/v1/service-level-targets', {
      token: admin.token,
      body: {
        vendor_id,
        channel: 'chat',
        name,
        measure: 'first_reply',
        threshold_seconds: 30,
        target_percent: 80,
        variant: 1,
      },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  targetA = await target(vendorA, '=cmd|"/c calc"!A1');
  targetB = await target(vendorB, 'Bravo chats in 30 s');
  for (const [i, s] of [5, 10, 95, 120].entries()) await chat(vendorA, customer, i, s);
  for (const [i, s] of [5, 500].entries()) await chat(vendorB, customer, i, s);
});
afterAll(() => t.close());

describe('CSV of contract service levels', () => {
  it('attainment: target, vendor, site, target %, actual %, met, contacts and misses as in the JSON', async () => {
    const { json, rows, text } = await both('/api/v1/service-levels/attainment?month=2026-10', admin);
    expect(json.items).toHaveLength(2);
    expect(rows.map((r) => r.target_id).sort()).toEqual([targetA, targetB].sort());
    for (const item of json.items) {
      const row = rows.find((r) => r.target_id === item.target.id)!;
      expect(row.vendor_id).toBe(item.target.vendor_id);
      expect(row.site_id).toBe(item.site_id ?? '');
      expect(num(row.target_percent)).toBe(item.target_percent);
      expect(num(row.actual_percent)).toBe(item.actual_percent);
      expect(row.met).toBe(String(item.met));
      expect(num(row.contacts)).toBe(item.contacts_counted);
      expect(num(row.missed)).toBe(item.missed);
    }
    expect(rows.find((r) => r.target_id === targetA)).toMatchObject({
      target: `'=cmd|"/c calc"!A1`,
      actual_percent: '50',
      met: 'false',
      contacts: '4',
      missed: '2',
    });
    expect(text).not.toMatch(/(^|,)"?=cmd/m);
  });

  it('misses: the contacts that missed, as in the JSON', async () => {
    const url = `/api/v1/service-levels/attainment/${targetA}/misses?month=2026-10`;
    const { json, rows } = await both(url, admin);
    expect(json.items).toHaveLength(2);
    expect(rows.map((r) => [r.ticket_id, num(r.number), r.outcome, num(r.wait_ms)])).toEqual(
      json.items.map((m: any) => [m.ticket_id, m.number, m.outcome, m.wait_ms]),
    );
  });

  it('a vendor admin’s CSV holds only its own vendor’s targets; another’s misses are not found', async () => {
    const { json, rows, text } = await both('/api/v1/service-levels/attainment?month=2026-10', adminA);
    expect(rows.map((r) => r.target_id)).toEqual(json.items.map((i: any) => i.target.id));
    expect(rows.map((r) => r.target_id)).toEqual([targetA]);
    expect(text).not.toContain(vendorB);
    expect(text).not.toContain('Bravo');
    const other = await call(
      t.app,
      'GET',
      `/api/v1/service-levels/attainment/${targetB}/misses?month=2026-10&format=csv`,
      { token: adminA.token },
    );
    expect(other.status).toBe(404);
  });
});
