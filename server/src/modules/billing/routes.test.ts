import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvedChatContact } from '../../../test/contacts.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
let admin: TestUser;
let analyst: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let agentA: TestUser;
let vendorA: string;
let vendorB: string;
let customer: string;
let targetA: string;
let targetB: string;

const MONTH = '2026-10';
const has = (bin: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const POPPLER = has('pdftotext');

/** The PDF's text as pdftotext -layout reads it. */
function pdfText(bytes: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'invoice-'));
  try {
    const pdf = join(dir, 'invoice.pdf');
    writeFileSync(pdf, bytes);
    return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/** Minor units as the PDF prints them (exponent 2): -10100 → -101.00. */
const major = (minor: number) => (minor / 100).toFixed(2);
const BASE = Date.parse('2026-10-05T10:00:00Z');

const get = (who: TestUser, url: string) => call(t.app, 'GET', `/api/v1${url}`, { token: who.token });
const post = (who: TestUser, url: string, body?: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body: body ?? {} });

/** A chat contact of the vendor, answered after `replyS` seconds and solved an hour later. */
const contact = (vendorId: string, offsetMin: number, replyS: number) =>
  solvedChatContact(
    t.database,
    { organizationId: t.organizationId, customerId: customer, vendorId },
    BASE + offsetMin * 60_000,
    replyS,
  );

async function target(vendorId: string) {
  const res = await post(admin, '/service-level-targets', {
    vendor_id: vendorId,
    name: 'Chat answered in 30 s',
    measure: 'first_reply',
    threshold_seconds: 30,
    target_percent: 80,
    variant: 1,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

const version = (creditTarget: string) => ({
  effective_from: '2026-01-01',
  currency: 'EUR',
  lines: [
    { model: 'handled_contact', channel: 'chat', tiers: [{ up_to: null, rate_minor: 250 }] },
    { model: 'monthly_fee', tiers: [{ up_to: null, rate_minor: 100_000 }] },
    { model: 'productive_hour', tiers: [{ up_to: null, rate_minor: 2_500 }] },
  ],
  credit_rules: [{ service_level_target_id: creditTarget, percent_per_point: 2, cap_percent: 10 }],
});

async function contract(vendorId: string, creditTarget: string, name = 'Chat 2026') {
  const res = await post(admin, '/billing/contracts', {
    vendor_id: vendorId,
    name,
    version: version(creditTarget),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  analyst = await t.make.user('brand_analyst');
  vendorA = (await t.make.vendor()).id;
  vendorB = (await t.make.vendor()).id;
  adminA = await t.make.user('vendor_admin', vendorA);
  adminB = await t.make.user('vendor_admin', vendorB);
  agentA = await t.make.user('agent', vendorA);
  customer = await t.make.customer();
  targetA = await target(vendorA);
  targetB = await target(vendorB);
  // Vendor A: 4 chats, 2 answered within 30 s → 50% against 80%; vendor B: 1 chat, on time.
  for (const [i, wait] of [10, 20, 120, 300].entries()) await contact(vendorA, i * 10, wait);
  await contact(vendorB, 0, 5);
  expect((await post(admin, '/analytics/rollup/rebuild')).status).toBe(200);
});
afterAll(() => t.close());

describe('vendor contracts', () => {
  it('creates a contract at version 1 and adds version 2, which ends version 1', async () => {
    const c = await contract(vendorA, targetA, 'Versioned');
    expect(c.versions).toHaveLength(1);
    expect(c.versions[0]).toMatchObject({ version: 1, effective_from: '2026-01-01', effective_to: null });
    const next = await post(admin, `/billing/contracts/${c.id}/versions`, {
      ...version(targetA),
      effective_from: '2026-12-01',
    });
    expect(next.status, JSON.stringify(next.body)).toBe(201);
    expect(
      next.body.versions.map((v: { version: number; effective_to: string | null }) => [
        v.version,
        v.effective_to,
      ]),
    ).toEqual([
      [1, '2026-12-01'],
      [2, null],
    ]);
    const early = await post(admin, `/billing/contracts/${c.id}/versions`, {
      ...version(targetA),
      effective_from: '2026-11-01',
    });
    expect(early.status).toBe(422);
    expect(early.body.errors[0].path).toBe('body.effective_from');
  });

  it('names the field of bad input in problem+json', async () => {
    const res = await post(admin, '/billing/contracts', {
      vendor_id: vendorA,
      name: 'Bad tiers',
      version: {
        ...version(targetA),
        lines: [{ model: 'handled_contact', tiers: [{ up_to: 100, rate_minor: 1 }] }],
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.response.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors[0].path).toBe('body.version.lines.0.tiers.0.up_to');
  });

  it('refuses a credit rule on another vendor’s service level', async () => {
    const res = await post(admin, '/billing/contracts', {
      vendor_id: vendorA,
      name: 'Foreign',
      version: version(targetB),
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe('body.version.credit_rules.0.service_level_target_id');
  });

  it('lets only brand admins write; vendor admins and analysts read', async () => {
    expect(
      (await post(adminA, '/billing/contracts', { vendor_id: vendorA, name: 'x', version: version(targetA) }))
        .status,
    ).toBe(403);
    expect(
      (
        await post(analyst, '/billing/contracts', {
          vendor_id: vendorA,
          name: 'x',
          version: version(targetA),
        })
      ).status,
    ).toBe(403);
    expect((await get(agentA, '/billing/contracts')).status).toBe(403);
    expect((await get(analyst, '/billing/contracts')).status).toBe(200);
  });
});

describe('monthly invoices', () => {
  let contractA: { id: string };
  let contractB: { id: string };
  let invoiceA: string;

  beforeAll(async () => {
    contractA = await contract(vendorA, targetA);
    contractB = await contract(vendorB, targetB);
  });

  it('computes the month from measured volumes, with a capped credit for the missed service level', async () => {
    const res = await post(admin, `/billing/contracts/${contractA.id}/invoices`, { month: MONTH });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    invoiceA = res.body.id;
    const lines = res.body.lines.map((l: Record<string, unknown>) => [
      l.kind,
      l.model,
      l.quantity,
      l.amount_minor,
    ]);
    expect(lines).toEqual([
      ['usage', 'handled_contact', 4, 1000],
      ['fee', 'monthly_fee', 1, 100_000],
      ['usage', 'productive_hour', 0, 0],
      ['credit', null, 1, -10_100],
    ]);
    const credit = res.body.lines[3];
    expect(credit.service_level).toEqual({
      service_level_target_id: targetA,
      name: 'Chat answered in 30 s',
      target_percent: 80,
      actual_percent: 50,
      points: 30,
      percent_applied: 10,
      capped: true,
    });
    expect(res.body.lines.map((l: { description: string }) => l.description)).toEqual([
      'handled contact (chat, all languages)',
      'monthly fee (all channels, all languages)',
      'productive hour (all channels, all languages); productive hours not measured yet, billed as 0',
      'Chat answered in 30 s: 50% against a target of 80%, 30 points below → 10% of fees 101000 (capped at 10%)',
    ]);
    expect(res.body.totals).toEqual({
      EUR: { fees_minor: 101_000, credits_minor: -10_100, bonuses_minor: 0, total_minor: 90_900 },
    });
    expect(res.body.status).toBe('draft');
    expect(res.body.measured.volumes).toEqual([
      expect.objectContaining({ channel: 'chat', handled_contacts: 4, resolved_contacts: 4 }),
    ]);
    expect(res.body.measured.productive_hours_measured).toBe(false);
  });

  it('gives no credit when the service level is met', async () => {
    const res = await post(admin, `/billing/contracts/${contractB.id}/invoices`, { month: MONTH });
    expect(res.status).toBe(201);
    expect(res.body.lines.map((l: { kind: string }) => l.kind)).toEqual(['usage', 'fee', 'usage']);
    expect(res.body.totals.EUR.total_minor).toBe(100_250);
  });

  it('recomputes a draft to the same invoice, and freezes it on approval', async () => {
    const first = await get(admin, `/billing/invoices/${invoiceA}`);
    const again = await post(admin, `/billing/contracts/${contractA.id}/invoices`, { month: MONTH });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(invoiceA);
    expect(again.body.lines).toEqual(first.body.lines);
    const approved = await post(admin, `/billing/invoices/${invoiceA}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', approved_by: admin.userId });
    const recompute = await post(admin, `/billing/contracts/${contractA.id}/invoices`, { month: MONTH });
    expect(recompute.status).toBe(409);
    expect(recompute.response.headers['content-type']).toContain('application/problem+json');
    expect((await post(admin, `/billing/invoices/${invoiceA}/approve`)).status).toBe(409);
    expect((await get(admin, `/billing/invoices/${invoiceA}`)).body.lines).toEqual(first.body.lines);
  });

  it('shows a vendor admin only their own vendor’s contracts and invoices', async () => {
    expect((await get(adminA, `/billing/contracts/${contractA.id}`)).status).toBe(200);
    expect((await get(adminA, `/billing/invoices/${invoiceA}`)).status).toBe(200);
    expect((await get(adminB, `/billing/contracts/${contractA.id}`)).status).toBe(404);
    expect((await get(adminB, `/billing/invoices/${invoiceA}`)).status).toBe(404);
    const contracts = await get(adminB, '/billing/contracts');
    expect(contracts.body.items.every((c: { vendor_id: string }) => c.vendor_id === vendorB)).toBe(true);
    const invoices = await get(adminB, '/billing/invoices');
    expect(invoices.body.items.map((i: { vendor_id: string }) => i.vendor_id)).toEqual([vendorB]);
    // Naming vendor A's ids in a query or a body reveals and changes nothing.
    expect((await get(adminB, `/billing/invoices?vendor_id=${vendorA}`)).body.items).toEqual([]);
    expect((await get(adminB, `/billing/contracts?vendor_id=${vendorA}`)).body.items).toEqual([]);
    expect((await get(adminB, `/billing/invoices?contract_id=${contractA.id}`)).body.items).toEqual([]);
    expect((await post(adminB, `/billing/contracts/${contractA.id}/invoices`, { month: MONTH })).status).toBe(
      403,
    );
    expect(
      (
        await post(adminB, '/billing/contracts', {
          vendor_id: vendorA,
          name: 'Mine',
          version: version(targetA),
        })
      ).status,
    ).toBe(403);
    expect((await post(adminB, `/billing/invoices/${invoiceA}/approve`)).status).toBe(403);
  });

  it('gives each invoice’s cost per contact: its total over the handled contacts it measured, CSV alike, own vendor only', async () => {
    const res = await get(admin, `/billing/cost-per-contact?month=${MONTH}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const byVendor = new Map(res.body.rows.map((r: { vendor_id: string }) => [r.vendor_id, r]));
    // Vendor A: 909.00 EUR (fees 1,010.00 less a 101.00 credit) over 4 handled chats.
    expect(byVendor.get(vendorA)).toMatchObject({
      invoice_id: invoiceA,
      invoice_status: 'approved',
      currency: 'EUR',
      numerator_minor: 90_900,
      denominator: 4,
      value_minor: 22_725,
    });
    const invoiceB = (await get(admin, `/billing/invoices?vendor_id=${vendorB}&month=${MONTH}`)).body
      .items[0];
    const handledB = invoiceB.measured.volumes.reduce(
      (n: number, v: { handled_contacts: number }) => n + v.handled_contacts,
      0,
    );
    expect(byVendor.get(vendorB)).toMatchObject({
      numerator_minor: invoiceB.totals.EUR.total_minor,
      denominator: handledB,
      invoice_status: 'draft',
    });
    const csv = await get(admin, `/billing/cost-per-contact?month=${MONTH}&format=csv`);
    expect(csv.response.headers['content-type']).toContain('text/csv');
    expect(csv.response.body).toContain(`${vendorA},${contractA.id},${invoiceA},approved,EUR,90900,4,22725,`);
    const mine = await get(adminB, `/billing/cost-per-contact?month=${MONTH}&vendor_id=${vendorA}`);
    expect(mine.status).toBe(200);
    expect(mine.body.rows).toEqual([]);
    const own = await get(adminB, `/billing/cost-per-contact?month=${MONTH}`);
    expect(own.body.rows.map((r: { vendor_id: string }) => r.vendor_id)).toEqual([vendorB]);
    expect((await get(agentA, `/billing/cost-per-contact?month=${MONTH}`)).status).toBe(403);
    expect((await get(admin, '/billing/cost-per-contact?month=2026-13')).body.errors[0].path).toContain(
      'month',
    );
  });

  it('exports an invoice as CSV: its lines and one total per currency, the JSON’s numbers', async () => {
    const json = (await get(admin, `/billing/invoices/${invoiceA}`)).body;
    const csv = await get(admin, `/billing/invoices/${invoiceA}?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.response.headers['content-type']).toContain('text/csv');
    expect(csv.response.headers['content-disposition']).toMatch(
      /attachment; filename="invoice-.*-2026-10\.csv"/,
    );
    const rows = parse(csv.response.body, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(json.lines.length + 1);
    json.lines.forEach(
      (l: { kind: string; currency: string; quantity: number; amount_minor: number }, n: number) => {
        const row = rows[n];
        expect([row?.kind, row?.currency, Number(row?.quantity), Number(row?.amount_minor)]).toEqual([
          l.kind,
          l.currency,
          l.quantity,
          l.amount_minor,
        ]);
      },
    );
    const credit = rows[3];
    expect(credit?.kind).toBe('credit');
    expect([credit?.service_level, credit?.target_percent, credit?.actual_percent, credit?.points]).toEqual([
      'Chat answered in 30 s',
      '80',
      '50',
      '30',
    ]);
    const total = rows.at(-1);
    expect([total?.kind, total?.currency, Number(total?.amount_minor)]).toEqual([
      'total',
      'EUR',
      json.totals.EUR.total_minor,
    ]);
    // Accept: text/csv alike.
    const accepted = await call(t.app, 'GET', `/api/v1/billing/invoices/${invoiceA}`, {
      token: admin.token,
      headers: { accept: 'text/csv' },
    });
    expect(accepted.response.body).toBe(csv.response.body);
  });

  it.skipIf(!POPPLER)(
    'prints an invoice as a PDF with the API’s total and credit; a draft is marked DRAFT (needs pdftotext)',
    async () => {
      const json = (await get(adminA, `/billing/invoices/${invoiceA}`)).body;
      const res = await get(adminA, `/billing/invoices/${invoiceA}.pdf`);
      expect(res.status).toBe(200);
      expect(res.response.headers['content-type']).toBe('application/pdf');
      const text = pdfText(res.response.rawPayload);
      expect(text).toContain('Invoice:');
      expect(text).toContain('Contract: Chat 2026');
      expect(text).toContain(`Month: ${MONTH}`);
      expect(text).toContain('Status: approved');
      expect(text).not.toContain('DRAFT');
      const credit = json.lines.find((l: { kind: string }) => l.kind === 'credit');
      expect(credit.amount_minor).toBe(-10_100);
      expect(text).toMatch(
        new RegExp(
          `Chat answered in 30 s\\s+80%\\s+50%\\s+30\\s+10% of fees \\(capped\\)\\s+${major(credit.amount_minor)} EUR`,
        ),
      );
      const total = json.totals.EUR;
      expect(text).toMatch(
        new RegExp(
          `EUR\\s+${major(total.fees_minor)} EUR\\s+${major(total.credits_minor)} EUR\\s+0\\.00 EUR\\s+${major(total.total_minor)} EUR`,
        ),
      );
      expect(text).toMatch(/handled contact \(chat, all languages\)\s+4\s+contact\s+2\.50 EUR\s+10\.00 EUR/);

      const draftId = (await get(admin, `/billing/invoices?vendor_id=${vendorB}&month=${MONTH}`)).body
        .items[0].id;
      const draft = pdfText((await get(adminB, `/billing/invoices/${draftId}.pdf`)).response.rawPayload);
      expect(draft).toContain('DRAFT');
    },
  );

  it('gives another vendor’s admin 404 for the CSV and the PDF; agents 403', async () => {
    expect((await get(adminB, `/billing/invoices/${invoiceA}?format=csv`)).status).toBe(404);
    const pdf = await get(adminB, `/billing/invoices/${invoiceA}.pdf`);
    expect(pdf.status).toBe(404);
    expect(pdf.response.headers['content-type']).toContain('application/problem+json');
    expect((await get(agentA, `/billing/invoices/${invoiceA}.pdf`)).status).toBe(403);
    expect((await get(admin, '/billing/invoices/not-a-uuid.pdf')).status).toBe(400);
  });
});
