import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';

/** The live board's queues table as CSV: the JSON's numbers, scoped to the caller's vendor. */

let t: TestContext;
let brand: TestUser;
let vendorAdminA: TestUser;
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function both(user: TestUser) {
  const json = await call(t.app, 'GET', '/api/v1/operations/live', { token: user.token });
  expect(json.status).toBe(200);
  const csv = await call(t.app, 'GET', '/api/v1/operations/live?format=csv', { token: user.token });
  expect(csv.status).toBe(200);
  expect(csv.response.headers['content-type']).toMatch(/^text\/csv/);
  expect(csv.response.headers['content-disposition']).toBe('attachment; filename="live-queues.csv"');
  const rows: Record<string, string>[] = parse(csv.response.body, { columns: true });
  return { json: json.body, text: csv.response.body as string, rows };
}

beforeAll(async () => {
  t = await startTestApp();
  brand = await t.make.user('brand_admin');
  const a = await t.make.vendor({ name: 'Alpha BPO' });
  const b = await t.make.vendor({ name: 'Bravo BPO' });
  vendorAdminA = await t.make.user('vendor_admin', a.id);
  const customer = await t.make.customer();
  const waiting = [
    [await t.make.ticket(customer, a.id), 10],
    [await t.make.ticket(customer, b.id), 20],
    [await t.make.ticket(customer, b.id), 5],
  ] as const;
  await withSystem(t.database.db, async (tx) => {
    const q = await tx
      .insertInto('routing_queues')
      .values({ organization_id: t.organizationId, name: '=SUM(1+1)', required_skills: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('ticket_routing')
      .values(
        waiting.map(([ticket_id, m]) => ({
          ticket_id,
          organization_id: t.organizationId,
          state: 'waiting' as const,
          queue_id: q.id,
          waiting_since: minutesAgo(m),
        })),
      )
      .execute();
  });
});
afterAll(() => t.close());

function expectSameQueues(json: any, rows: Record<string, string>[]) {
  expect(rows.map((r) => r.queue_id)).toEqual(json.queues.map((q: any) => q.queue_id ?? ''));
  json.queues.forEach((q: any, i: number) => {
    const row = rows[i]!;
    expect([row.waiting, row.at_risk, row.breached].map(Number)).toEqual([q.waiting, q.at_risk, q.breached]);
    // asked a moment apart: the longest wait may have grown by a second
    if (q.oldest_wait_seconds === null) expect(row.oldest_wait_seconds).toBe('');
    else expect(Math.abs(Number(row.oldest_wait_seconds) - q.oldest_wait_seconds)).toBeLessThanOrEqual(2);
  });
}

describe('CSV of the live queues table', () => {
  it('holds the JSON’s numbers per queue, with the queue name’s formula neutralised', async () => {
    const { json, rows, text } = await both(brand);
    expectSameQueues(json, rows);
    const queue = rows.find((r) => r.queue === `'=SUM(1+1)`)!;
    expect(queue.waiting).toBe('3');
    expect(text).not.toMatch(/(^|,)=SUM/m);
  });

  it('a vendor admin’s CSV counts only its own vendor’s waiting contacts, as its JSON does', async () => {
    const { json, rows } = await both(vendorAdminA);
    expectSameQueues(json, rows);
    expect(rows.find((r) => r.queue === `'=SUM(1+1)`)!.waiting).toBe('1');
  });
});
