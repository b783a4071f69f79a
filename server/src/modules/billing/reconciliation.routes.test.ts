import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvedChatContact } from '../../../test/contacts.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withActor } from '../../platform/db/transaction.js';

/**
 * Issue 21 item 3, end to end on the real database: the month's measured volume gives an invoice
 * with a credit for a missed service level; the vendor uploads its own, differing invoice as CSV;
 * the brand sees exactly the differences, disputes, the vendor resubmits, the brand accepts; another
 * vendor's admin finds none of it.
 */

let t: TestContext;
let admin: TestUser;
let analyst: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let vendorA: string;
let customer: string;
let invoiceA: string;

const MONTH = '2026-10';
const BASE = Date.parse('2026-10-05T10:00:00Z');

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const post = (who: TestUser, url: string, body?: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body: body ?? {} });
const postCsv = async (who: TestUser, url: string, csv: string) => {
  const response = await t.app.inject({
    method: 'POST',
    url: `/api/v1${url}`,
    headers: { authorization: `Bearer ${who.token}`, 'content-type': 'text/csv' },
    payload: csv,
  });
  return { status: response.statusCode, body: JSON.parse(response.body), response };
};

/** A chat contact of the vendor, answered after `replyS` seconds and solved an hour later. */
const contact = (vendorId: string, offsetMin: number, replyS: number) =>
  solvedChatContact(
    t.database,
    { organizationId: t.organizationId, customerId: customer, vendorId },
    BASE + offsetMin * 60_000,
    replyS,
  );

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  analyst = await t.make.user('brand_analyst');
  vendorA = (await t.make.vendor()).id;
  const vendorB = (await t.make.vendor()).id;
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  customer = await t.make.customer();
  const target = await post(admin, '/service-level-targets', {
    vendor_id: vendorA,
    name: 'Chat answered in 30 s',
    measure: 'first_reply',
    threshold_seconds: 30,
    target_percent: 80,
    variant: 1,
  });
  expect(target.status, JSON.stringify(target.body)).toBe(201);
  // 4 chats, 2 answered within 30 s: 50% against 80%, so a credit of 2% per point capped at 10%.
  for (const [i, wait] of [10, 20, 120, 300].entries()) await contact(vendorA, i * 10, wait);
  expect((await post(admin, '/analytics/rollup/rebuild')).status).toBe(200);
  const contract = await post(admin, '/billing/contracts', {
    vendor_id: vendorA,
    name: 'Chat 2026',
    version: {
      effective_from: '2026-01-01',
      currency: 'EUR',
      lines: [
        { model: 'handled_contact', channel: 'chat', tiers: [{ up_to: null, rate_minor: 250 }] },
        { model: 'monthly_fee', tiers: [{ up_to: null, rate_minor: 100_000 }] },
      ],
      credit_rules: [{ service_level_target_id: target.body.id, percent_per_point: 2, cap_percent: 10 }],
    },
  });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  const invoice = await post(admin, `/billing/contracts/${contract.body.id}/invoices`, { month: MONTH });
  expect(invoice.status).toBe(201);
  invoiceA = invoice.body.id;
  expect(
    invoice.body.lines.map((l: { kind: string; amount_minor: number }) => [l.kind, l.amount_minor]),
  ).toEqual([
    ['usage', 1000],
    ['fee', 100_000],
    ['credit', -10_100],
  ]);
  expect((await post(admin, `/billing/invoices/${invoiceA}/approve`)).status).toBe(200);
});
afterAll(() => t.close());

const claimCount = async () =>
  (
    await t.database.pool.query(
      'select count(*)::int as n from vendor_invoice_claims where invoice_id = $1',
      [invoiceA],
    )
  ).rows[0].n as number;

describe('reconciling the vendor’s own invoice', () => {
  let exported: string;

  it('awaits the vendor’s claim at first', async () => {
    const res = await get(admin, `/billing/invoices/${invoiceA}/reconciliation`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ state: 'awaiting_claim', claim: null, result: null, history: [] });
    exported = (await get(adminA, `/billing/invoices/${invoiceA}?format=csv`)).response.body;
  });

  it('refuses a CSV with a bad cell, naming its row and column, and stores nothing', async () => {
    const bad = exported.replace(',1000,', ',ten,');
    const res = await postCsv(adminA, `/billing/invoices/${invoiceA}/claims`, bad);
    expect(res.status).toBe(422);
    expect(res.response.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors).toEqual([
      { path: 'body.csv.2.amount_minor', message: expect.stringContaining('row 2, column amount_minor') },
    ]);
    const json = await post(adminA, `/billing/invoices/${invoiceA}/claims`, {
      lines: [{ kind: 'usage', currency: 'EUR', quantity: 1, rate_minor: 1, amount_minor: 1.5 }],
    });
    expect(json.status).toBe(400);
    expect(json.body.errors[0].path).toBe('body.lines.0.amount_minor');
    expect(await claimCount()).toBe(0);
  });

  it('shows the brand exactly the differences of the vendor’s CSV: more volume, no credit', async () => {
    // The vendor bills 6 chats instead of 4 and leaves the credit out (and its total row).
    const rows = exported.trimEnd().split('\r\n');
    const differing = rows
      .filter((r) => !/,credit,|,total,/.test(r))
      .map((r) =>
        r.replace(
          ',handled_contact,chat,,1,4,contact,250,1000,',
          ',handled_contact,chat,,1,6,contact,250,1500,',
        ),
      )
      .join('\r\n');
    expect(differing).toContain(',6,contact,250,1500,');
    const claim = await postCsv(adminA, `/billing/invoices/${invoiceA}/claims`, differing);
    expect(claim.status, JSON.stringify(claim.body)).toBe(201);
    expect(claim.body).toMatchObject({
      version: 1,
      source: 'csv',
      totals: { EUR: 101_500 },
      submitted_by: adminA.userId,
    });

    const res = await get(admin, `/billing/invoices/${invoiceA}/reconciliation`);
    expect(res.status).toBe(200);
    expect(res.body.state).toBe('open');
    expect(res.body.result.agreed).toBe(false);
    const byStatus = res.body.result.lines.map((l: Record<string, unknown>) => [
      l.kind,
      l.status,
      l.differences,
      l.quantity_difference,
      l.amount_difference_minor,
    ]);
    expect(byStatus).toEqual([
      ['credit', 'only_tandem', [], -1, 10_100],
      ['fee', 'matched', [], 0, 0],
      ['usage', 'differs', ['quantity', 'amount'], 2, 500],
    ]);
    expect(res.body.result.totals).toEqual({
      EUR: { tandem_minor: 90_900, vendor_minor: 101_500, difference_minor: 10_600 },
    });
    // The vendor's admin reads the same; analysts read it too.
    expect((await get(adminA, `/billing/invoices/${invoiceA}/reconciliation`)).body.result).toEqual(
      res.body.result,
    );
    expect((await get(analyst, `/billing/invoices/${invoiceA}/reconciliation`)).status).toBe(200);
  });

  it('lets the brand dispute with a comment, the vendor answer and resubmit, and the brand accept the new version', async () => {
    const creditKey = (await get(admin, `/billing/invoices/${invoiceA}/reconciliation`)).body.result.lines[0]
      .key;
    const disputed = await post(admin, `/billing/invoices/${invoiceA}/reconciliation/dispute`, {
      comment: 'You measured 6 chats; we measured 4, and the chat service level credit is missing.',
    });
    expect(disputed.status, JSON.stringify(disputed.body)).toBe(200);
    expect(disputed.body.state).toBe('disputed');
    const answered = await post(adminA, `/billing/invoices/${invoiceA}/reconciliation/comments`, {
      comment: 'Agreed, we will add the credit.',
      line_key: creditKey,
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    // Analysts read but do not take part; vendors do not decide; the brand does not submit claims.
    expect(
      (await post(analyst, `/billing/invoices/${invoiceA}/reconciliation/comments`, { comment: 'x' })).status,
    ).toBe(403);
    expect(
      (await post(adminA, `/billing/invoices/${invoiceA}/reconciliation/accept`, { comment: 'x' })).status,
    ).toBe(403);
    expect((await postCsv(admin, `/billing/invoices/${invoiceA}/claims`, exported)).status).toBe(403);

    // The vendor resubmits its invoice as Tandem computed it (JSON this time): version 2, in agreement.
    const invoice = (await get(adminA, `/billing/invoices/${invoiceA}`)).body;
    const lines = invoice.lines.map((l: Record<string, any>) => ({
      kind: l.kind,
      currency: l.currency,
      model: l.model,
      channel: l.channel,
      language: l.language,
      tier: l.tier,
      quantity: l.quantity,
      rate_minor: l.rate_minor,
      amount_minor: l.amount_minor,
      service_level: l.service_level?.name ?? null,
    }));
    const v2 = await post(adminA, `/billing/invoices/${invoiceA}/claims`, { lines, comment: 'Corrected.' });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body.version).toBe(2);
    const open = await get(admin, `/billing/invoices/${invoiceA}/reconciliation`);
    expect(open.body).toMatchObject({ state: 'open', claim_versions: 2, result: { agreed: true } });

    const stale = await post(admin, `/billing/invoices/${invoiceA}/reconciliation/accept`, {
      comment: 'OK',
      claim_version: 1,
    });
    expect(stale.status).toBe(409);
    const accepted = await post(admin, `/billing/invoices/${invoiceA}/reconciliation/accept`, {
      comment: 'Matches our invoice.',
      claim_version: 2,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.state).toBe('accepted');
    expect(
      accepted.body.history.map((h: Record<string, unknown>) => [
        h.kind,
        h.claim_version,
        h.author_id,
        h.line_key,
      ]),
    ).toEqual([
      ['claim', 1, adminA.userId, null],
      ['dispute', 1, admin.userId, null],
      ['comment', 1, adminA.userId, creditKey],
      ['claim', 2, adminA.userId, null],
      ['comment', 2, adminA.userId, null],
      ['accept', 2, admin.userId, null],
    ]);
    expect(
      (await post(admin, `/billing/invoices/${invoiceA}/reconciliation/accept`, { comment: 'again' })).status,
    ).toBe(409);
    // Each step is a domain event in the outbox, for notifications and the audit trail.
    const { rows } = await t.database.pool.query(
      "select type, vendor_id from domain_events where subject_id = $1 and type like 'billing.%' order by id",
      [invoiceA],
    );
    expect(rows.map((r: { type: string }) => r.type)).toEqual([
      'billing.claim_submitted',
      'billing.reconciliation_dispute',
      'billing.reconciliation_comment',
      'billing.claim_submitted',
      'billing.reconciliation_comment',
      'billing.reconciliation_accept',
    ]);
    expect(new Set(rows.map((r: { vendor_id: string }) => r.vendor_id))).toEqual(new Set([vendorA]));
    // The brand's decisions are in the audit chain, with who made them.
    const audited = await t.database.pool.query(
      "select action, actor_user_id from audit_log where object_id = $1 and action like 'invoice.reconciliation_%' order by seq",
      [invoiceA],
    );
    expect(
      audited.rows.map((r: { action: string; actor_user_id: string }) => [r.action, r.actor_user_id]),
    ).toEqual([
      ['invoice.reconciliation_disputed', admin.userId],
      ['invoice.reconciliation_accepted', admin.userId],
    ]);
  });

  it('gives another vendor’s admin 404 on every route and changes nothing', async () => {
    const before = await t.database.pool.query(
      'select (select count(*) from vendor_invoice_claims)::int as c, (select count(*) from vendor_invoice_reconciliation_events)::int as e',
    );
    expect((await get(adminB, `/billing/invoices/${invoiceA}/reconciliation`)).status).toBe(404);
    expect((await postCsv(adminB, `/billing/invoices/${invoiceA}/claims`, exported)).status).toBe(404);
    expect((await post(adminB, `/billing/invoices/${invoiceA}/claims`, { csv: exported })).status).toBe(404);
    expect(
      (await post(adminB, `/billing/invoices/${invoiceA}/reconciliation/comments`, { comment: 'Mine now' }))
        .status,
    ).toBe(404);
    // Deciding is the brand's: every vendor user is refused before the invoice is looked up.
    for (const kind of ['accept', 'dispute'])
      expect(
        (await post(adminB, `/billing/invoices/${invoiceA}/reconciliation/${kind}`, { comment: 'x' })).status,
      ).toBe(403);
    const after = await t.database.pool.query(
      'select (select count(*) from vendor_invoice_claims)::int as c, (select count(*) from vendor_invoice_reconciliation_events)::int as e',
    );
    expect(after.rows).toEqual(before.rows);
  });

  it('is enforced by the database too: a vendor may not decide, nor claim or comment on another vendor’s invoice', async () => {
    const event = (who: TestUser, kind: 'comment' | 'accept') =>
      withActor(t.database.db, who, (tx) =>
        tx
          .insertInto('vendor_invoice_reconciliation_events')
          .values({
            organization_id: t.organizationId,
            vendor_id: vendorA,
            invoice_id: invoiceA,
            kind,
            claim_version: 2,
            comment: 'Through the back door',
            author_id: who.userId,
          })
          .execute(),
      );
    await expect(event(adminA, 'accept')).rejects.toThrow(/row-level security/);
    await expect(event(adminB, 'comment')).rejects.toThrow(/row-level security/);
    const claim = (who: TestUser, vendorId: string) =>
      withActor(t.database.db, who, (tx) =>
        tx
          .insertInto('vendor_invoice_claims')
          .values({
            organization_id: t.organizationId,
            vendor_id: vendorId,
            invoice_id: invoiceA,
            version: 9,
            source: 'json',
            lines: '[]',
            totals: '{}',
            submitted_by: who.userId,
          })
          .execute(),
      );
    await expect(claim(adminB, adminB.vendorId!)).rejects.toThrow(/row-level security/);
    await expect(claim(adminB, vendorA)).rejects.toThrow(/row-level security/);
    await expect(claim(admin, vendorA)).rejects.toThrow(/row-level security/);
    // The history cannot be rewritten.
    await expect(
      withActor(t.database.db, admin, (tx) =>
        tx
          .updateTable('vendor_invoice_claims')
          .set({ version: 7 })
          .where('invoice_id', '=', invoiceA)
          .execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    // Not vacuous: the invoice's own vendor admin may insert its comment.
    await expect(event(adminA, 'comment')).resolves.toBeDefined();
  });
});
