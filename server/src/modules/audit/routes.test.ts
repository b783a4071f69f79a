import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withActor } from '../../platform/db/transaction.js';
import { record } from './service.js';

let t: TestContext;
let admin: TestUser;
let auditor: TestUser;
let analyst: TestUser;
let vendorAdmin: TestUser;
let vendorA: string;
let vendorB: string;
let other: TestContext;
let otherAuditor: TestUser;

const get = (who: TestUser, url: string, ctx = t) =>
  call(ctx.app, 'GET', `/api/v1${url}`, { token: who.token });

beforeAll(async () => {
  t = await startTestApp();
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  admin = await t.make.user('brand_admin');
  auditor = await t.make.user('auditor');
  analyst = await t.make.user('brand_analyst');
  vendorAdmin = await t.make.user('vendor_admin', vendorA);
  for (const [i, vendorId] of [vendorA, vendorB, null, vendorA].entries())
    await withActor(t.database.db, admin, (tx) =>
      record(
        tx,
        admin,
        { action: 'site.updated', objectType: 'site', objectId: `s${i}`, vendorId, details: { i } },
        new Date(Date.UTC(2026, 2, 1 + i)),
      ),
    );
});
afterAll(() => t.close());

describe('GET /audit', () => {
  it('lets auditors and brand admins read, newest first, in keyset pages; refuses analysts and vendor roles', async () => {
    const first = await get(auditor, '/audit?limit=3');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual([4, 3, 2]);
    const second = await get(auditor, `/audit?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: { seq: number }) => e.seq)).toEqual([1]);
    expect(second.body.nextCursor).toBeNull();
    expect((await get(admin, '/audit')).status).toBe(200);
    expect((await get(analyst, '/audit')).status).toBe(403);
    expect((await get(vendorAdmin, '/audit')).status).toBe(403);
  });

  it('filters by vendor, object, action, actor and time', async () => {
    const seqs = async (q: string) =>
      (await get(auditor, `/audit?${q}`)).body.items.map((e: { seq: number }) => e.seq);
    expect(await seqs(`vendor=${vendorA}`)).toEqual([4, 1]);
    expect(await seqs('object_type=site&object_id=s1')).toEqual([2]);
    expect(await seqs('action=site.updated&from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z')).toEqual([
      3, 2,
    ]);
    expect(await seqs(`actor=${auditor.userId}`)).toEqual([]);
  });

  it('exports CSV and logs the export with its filters', async () => {
    const res = await get(auditor, `/audit?format=csv&vendor=${vendorB}`);
    expect(res.status).toBe(200);
    expect(res.response.headers['content-type']).toContain('text/csv');
    const rows = parse(res.response.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.seq, r.object_id, r.vendor_id])).toEqual([['2', 's1', vendorB]]);
    const latest = await get(admin, '/audit?limit=1');
    expect(latest.body.items[0]).toMatchObject({
      action: 'export.csv',
      object_type: 'audit_log',
      actor_user_id: auditor.userId,
      vendor_id: null,
      details: { filters: { format: 'csv', vendor: vendorB } },
    });
  });

  it('never shows another organization’s entries', async () => {
    other = await startTestApp();
    otherAuditor = await other.make.user('auditor');
    const res = await get(otherAuditor, '/audit', other);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    await other.close();
  });
});
