import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvedChatContact } from '../../../test/contacts.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { allocate } from './cost-allocation.js';

/**
 * Cost per contact by channel and by site (docs/billing.md, "Cost per contact"), each group's figure
 * recomputed from the raw tickets: many contacts over three channels and two sites plus contacts
 * with no site, a channel line, an all-channel resolved-contact line, a monthly fee and a credit.
 */

let t: TestContext;
let admin: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let vendorA: string;
let vendorB: string;
let sites: string[];
let invoiceA: {
  id: string;
  lines: { kind: string; channel: string | null; model: string | null; amount_minor: number }[];
  totals: Record<string, { total_minor: number }>;
};

const MONTH = '2026-10';
const BASE = Date.parse('2026-10-03T08:00:00Z');
const CHANNELS = ['chat', 'email', 'social'] as const;

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const post = (who: TestUser, url: string, body?: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body: body ?? {} });

type Row = {
  vendor_id: string;
  invoice_id: string;
  channel?: string | null;
  site_id?: string | null;
  currency: string;
  numerator_minor: number;
  denominator: number;
  value_minor: number | null;
  variant: string;
};

/** Handled contacts of the vendor in the month, from the tickets themselves (answered in the month). */
async function handledFromTickets(vendorId: string, column: 'channel' | 'site_id') {
  const rows = await withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('tickets')
      .select([column, (eb) => eb.fn.countAll<string>().as('n')])
      .where('vendor_id', '=', vendorId)
      .where('first_response_at', '>=', '2026-10-01T00:00:00Z')
      .where('first_response_at', '<', '2026-11-01T00:00:00Z')
      .groupBy(column)
      .execute(),
  );
  return new Map(rows.map((r) => [(r as Record<string, string | null>)[column] ?? null, Number(r.n)]));
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  sites = [(await t.make.site(vendorA)).id, (await t.make.site(vendorA)).id];
  const customer = await t.make.customer();
  const target = await post(admin, '/service-level-targets', {
    vendor_id: vendorA,
    name: 'Answered in 60 s',
    measure: 'first_reply',
    threshold_seconds: 60,
    target_percent: 90,
    variant: 1,
  });
  expect(target.status, JSON.stringify(target.body)).toBe(201);
  // 97 contacts of vendor A: channels and sites in uneven shares, one in five answered late.
  for (let i = 0; i < 97; i++)
    await solvedChatContact(
      t.database,
      { organizationId: t.organizationId, customerId: customer, vendorId: vendorA },
      BASE + i * 37 * 60_000,
      i % 5 === 0 ? 300 : 20,
      { channel: CHANNELS[(i * 7) % 3]!, siteId: i % 4 === 3 ? null : sites[i % 3 === 0 ? 0 : 1]! },
    );
  for (let i = 0; i < 5; i++)
    await solvedChatContact(
      t.database,
      { organizationId: t.organizationId, customerId: customer, vendorId: vendorB },
      BASE + i * 60_000,
      10,
    );
  expect((await post(admin, '/analytics/rollup/rebuild')).status).toBe(200);

  const contract = async (vendorId: string, creditTarget: string | null) => {
    const res = await post(admin, '/billing/contracts', {
      vendor_id: vendorId,
      name: 'Contacts 2026',
      version: {
        effective_from: '2026-01-01',
        currency: 'EUR',
        lines: [
          {
            model: 'handled_contact',
            channel: 'chat',
            tiers: [
              { up_to: 10, rate_minor: 333 },
              { up_to: null, rate_minor: 211 },
            ],
          },
          { model: 'resolved_contact', tiers: [{ up_to: null, rate_minor: 97 }] },
          { model: 'monthly_fee', tiers: [{ up_to: null, rate_minor: 100_001 }] },
        ],
        credit_rules: creditTarget
          ? [{ service_level_target_id: creditTarget, percent_per_point: 1.5, cap_percent: 20 }]
          : [],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const invoice = await post(admin, `/billing/contracts/${res.body.id}/invoices`, { month: MONTH });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    return invoice.body;
  };
  invoiceA = await contract(vendorA, target.body.id);
  await contract(vendorB, null);
});
afterAll(() => t.close());

describe('cost per contact by channel and by site', () => {
  it('by channel: each channel’s share recomputed from the tickets, summing exactly to the invoice total', async () => {
    expect(invoiceA.lines.some((l) => l.kind === 'credit')).toBe(true);
    const res = await get(admin, `/billing/cost-per-contact?month=${MONTH}&group_by=channel`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.group_by).toBe('channel');
    const rows = (res.body.rows as Row[]).filter((r) => r.vendor_id === vendorA);
    const total = invoiceA.totals.EUR!.total_minor;
    expect(rows.reduce((n, r) => n + r.numerator_minor, 0)).toBe(total);

    // Recomputed: chat's own line; the all-channel resolved line by resolved (= handled: every
    // contact is solved in the month) contacts; fee and credit by handled contacts.
    const handled = await handledFromTickets(vendorA, 'channel');
    const channels = [...handled.keys()].sort() as string[];
    expect(channels).toEqual(['chat', 'email', 'social']);
    const weights = channels.map((c) => handled.get(c)!);
    const amount = (p: (l: (typeof invoiceA.lines)[number]) => boolean) =>
      invoiceA.lines.filter(p).reduce((n, l) => n + l.amount_minor, 0);
    const chatLine = amount((l) => l.kind === 'usage' && l.channel === 'chat');
    const resolved = allocate(
      amount((l) => l.model === 'resolved_contact'),
      weights,
    );
    const pool = allocate(
      amount(
        (l) => l.kind === 'fee' || l.kind === 'credit' || l.kind === 'bonus' || l.kind === 'minimum_top_up',
      ),
      weights,
    );
    const expected = channels.map((c, i) => {
      const numerator = (c === 'chat' ? chatLine : 0) + resolved[i]! + pool[i]!;
      return {
        channel: c,
        numerator_minor: numerator,
        denominator: handled.get(c),
        value_minor: numerator / handled.get(c)!,
        variant: 'cost_per_contact.invoice_total_over_handled.by_channel',
      };
    });
    expect(
      rows.map((r) => ({
        channel: r.channel,
        numerator_minor: r.numerator_minor,
        denominator: r.denominator,
        value_minor: r.value_minor,
        variant: r.variant,
      })),
    ).toEqual(expected);

    const csv = await get(admin, `/billing/cost-per-contact?month=${MONTH}&group_by=channel&format=csv`);
    expect(csv.response.headers['content-type']).toContain('text/csv');
    const parsed = parse(csv.response.body, { columns: true }) as Record<string, string>[];
    expect(
      parsed
        .filter((r) => r.vendor_id === vendorA)
        .map((r) => [r.channel, Number(r.total_minor), Number(r.handled_contacts), r.variant]),
    ).toEqual(rows.map((r) => [r.channel, r.numerator_minor, r.denominator, r.variant]));
  });

  it('by site: the whole total by each site’s handled contacts, recomputed from the tickets', async () => {
    const res = await get(admin, `/billing/cost-per-contact?month=${MONTH}&group_by=site`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = (res.body.rows as Row[]).filter((r) => r.vendor_id === vendorA);
    const total = invoiceA.totals.EUR!.total_minor;
    expect(rows.reduce((n, r) => n + r.numerator_minor, 0)).toBe(total);
    const handled = await handledFromTickets(vendorA, 'site_id');
    const keys = [...sites].sort().concat([null as unknown as string]);
    expect(new Set(handled.keys())).toEqual(new Set(keys));
    const parts = allocate(
      total,
      keys.map((k) => handled.get(k)!),
    );
    expect(rows.map((r) => [r.site_id, r.numerator_minor, r.denominator, r.value_minor])).toEqual(
      keys.map((k, i) => [k, parts[i], handled.get(k), parts[i]! / handled.get(k)!]),
    );
    expect(rows.every((r) => r.variant === 'cost_per_contact.invoice_total_over_handled.by_site')).toBe(true);
    const csv = await get(admin, `/billing/cost-per-contact?month=${MONTH}&group_by=site&format=csv`);
    const parsed = parse(csv.response.body, { columns: true }) as Record<string, string>[];
    expect(
      parsed.filter((r) => r.vendor_id === vendorA).map((r) => [r.site_id || null, Number(r.total_minor)]),
    ).toEqual(rows.map((r) => [r.site_id, r.numerator_minor]));
  });

  it('by vendor by default, as before; a vendor admin sees only their own vendor in every grouping', async () => {
    const plain = await get(admin, `/billing/cost-per-contact?month=${MONTH}`);
    expect(plain.body.group_by).toBeUndefined();
    const row = (plain.body.rows as Row[]).find((r) => r.vendor_id === vendorA)!;
    expect(row).not.toHaveProperty('channel');
    expect(row.variant).toBe('cost_per_contact.invoice_total_over_handled');
    expect(row.numerator_minor).toBe(invoiceA.totals.EUR!.total_minor);
    for (const groupBy of ['channel', 'site']) {
      const own = await get(adminB, `/billing/cost-per-contact?month=${MONTH}&group_by=${groupBy}`);
      expect(own.status).toBe(200);
      expect(new Set((own.body.rows as Row[]).map((r) => r.vendor_id))).toEqual(new Set([vendorB]));
      const foreign = await get(
        adminB,
        `/billing/cost-per-contact?month=${MONTH}&group_by=${groupBy}&vendor_id=${vendorA}`,
      );
      expect(foreign.body.rows).toEqual([]);
      expect(
        (await get(adminA, `/billing/cost-per-contact?month=${MONTH}&group_by=${groupBy}`)).body.rows.length,
      ).toBeGreaterThan(0);
    }
    const bad = await get(admin, `/billing/cost-per-contact?month=${MONTH}&group_by=team`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toContain('group_by');
  });
});
