import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solvedChatContact } from '../../../test/contacts.js';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { COPENHAGEN_MODEL } from '../../../test/inhouse-cost-model.js';

let t: TestContext;
let admin: TestUser;
let vendorAdmin: TestUser;
let pacific: string;

const put = (who: TestUser, url: string, body: unknown) =>
  call(t.app, 'PUT', `/api/v1${url}`, { token: who.token, body });
const post = (who: TestUser, url: string, body: unknown) =>
  call(t.app, 'POST', `/api/v1${url}`, { token: who.token, body });

const model = COPENHAGEN_MODEL;

const POPPLER = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v pdftotext'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
/** The PDF's text as pdftotext -layout reads it. */
function pdfText(bytes: Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'tco-'));
  try {
    writeFileSync(join(dir, 'tco.pdf'), bytes);
    return execFileSync('pdftotext', ['-layout', join(dir, 'tco.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
/** Minor units as the PDF prints them: 14920000 → 149200.00. */
const major = (minor: number) => (minor / 100).toFixed(2);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const forecast = {
  month: '2026-11',
  fx: { EUR: 7.46 },
  forecast: [{ channel: 'email', contacts: 10_000, aht_minutes: 6, resolution_percent: 80 }],
  occupancy_percent: 80,
};

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.make.user('brand_admin');
  pacific = (await t.make.vendor({ name: 'Pacific' })).id;
  vendorAdmin = await t.make.user('vendor_admin', pacific);
  const contract = await post(admin, '/billing/contracts', {
    vendor_id: pacific,
    name: 'Pacific 2026',
    version: {
      effective_from: '2026-01-01',
      currency: 'EUR',
      lines: [
        {
          model: 'handled_contact',
          tiers: [
            { up_to: 5000, rate_minor: 200 },
            { up_to: null, rate_minor: 150 },
          ],
        },
        { model: 'monthly_fee', tiers: [{ up_to: null, rate_minor: 100_000 }] },
      ],
      minimum_commitment_minor: 2_000_000,
      credit_rules: [],
    },
  });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
});
afterAll(() => t.close());

describe('the in-house cost model and the TCO comparison', () => {
  it('keeps the brand’s in-house cost model, shows its monthly cost, and audits changes', async () => {
    const empty = await call(t.app, 'GET', '/api/v1/billing/inhouse-cost-model', { token: admin.token });
    expect(empty.body).toEqual({ model: null, updated_at: null, monthly: null });
    const saved = await put(admin, '/billing/inhouse-cost-model', model);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.monthly).toMatchObject({ currency: 'DKK', total_minor: 56_210_000, agents: 10 });
    const audit = await t.database.pool.query(
      `select count(*)::int as n from audit_log where action = 'inhouse_cost_model.changed'`,
    );
    expect(audit.rows[0].n).toBe(1);
  });

  it('prices the forecast in-house, at the vendor’s contract and as a mix, also as CSV', async () => {
    await put(admin, '/billing/inhouse-cost-model', model);
    const res = await post(admin, '/billing/tco', {
      ...forecast,
      mixes: [
        {
          name: 'Half and half',
          shares: [
            { option: 'inhouse', percent: 50 },
            { option: pacific, percent: 50 },
          ],
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.base_currency).toBe('DKK');
    expect(res.body.options.map((o: any) => [o.option, o.total_minor, o.total_base_minor])).toEqual([
      ['inhouse', 58_552_083, 58_552_083],
      [pacific, 2_000_000, 14_920_000],
    ]);
    expect(res.body.mixes[0].total_base_minor).toBe(44_196_042);
    const csv = await call(t.app, 'POST', '/api/v1/billing/tco?format=csv', {
      token: admin.token,
      body: forecast,
    });
    expect(csv.response.headers['content-type']).toContain('text/csv');
    const rows = String(csv.body).trim().split(/\r?\n/);
    expect(rows[0]).toBe(
      'scenario,option,name,percent,contacts,currency,total_minor,total_DKK_minor,cost_per_contact_DKK_minor',
    );
    expect(rows).toContain(`alone,${pacific},Pacific,100,10000,EUR,2000000,14920000,1492`);
    expect(rows.some((r) => r.startsWith('assumption,,1 EUR = 7.46 DKK.'))).toBe(true);
  });

  it.skipIf(!POPPLER)(
    'prints the comparison as a PDF with the JSON’s totals, per-contact costs and assumptions (needs pdftotext)',
    async () => {
      await put(admin, '/billing/inhouse-cost-model', model);
      const body = {
        ...forecast,
        mixes: [
          {
            name: 'Half and half',
            shares: [
              { option: 'inhouse', percent: 50 },
              { option: pacific, percent: 50 },
            ],
          },
        ],
      };
      const json = (await post(admin, '/billing/tco', body)).body;
      const res = await post(admin, '/billing/tco.pdf', body);
      expect(res.status).toBe(200);
      expect(res.response.headers['content-type']).toBe('application/pdf');
      expect(res.response.headers['content-disposition']).toBe('attachment; filename="tco-2026-11.pdf"');
      const text = pdfText(res.response.rawPayload);
      expect(text).toContain('Cost comparison: 2026-11');
      expect(text).toContain(`Contacts forecast: ${json.contacts}`);
      for (const o of json.options)
        expect(text).toMatch(
          new RegExp(
            `${esc(o.name)}\\s+${o.contacts}\\s+${major(o.total_minor)} ${o.currency}\\s+${major(o.total_base_minor)} DKK\\s+${(o.cost_per_contact_base_minor / 100).toFixed(2)} DKK`,
          ),
        );
      const mix = json.mixes[0];
      expect(text).toContain('Mix: Half and half');
      for (const p of mix.parts)
        expect(text).toMatch(
          new RegExp(`${esc(p.name)}\\s+50%\\s+${p.contacts}\\s+${major(p.total_minor)} ${p.currency}`),
        );
      expect(text).toMatch(
        new RegExp(`Mix total\\s+100%\\s+${json.contacts}\\s+${major(mix.total_base_minor)} DKK`),
      );
      // Every assumption, however the PDF wraps it.
      const flat = text.replace(/\s+/g, ' ');
      for (const a of json.assumptions) expect(flat).toContain(a.replace(/\s+/g, ' '));
      const asVendor = await call(t.app, 'POST', '/api/v1/billing/tco.pdf', {
        token: vendorAdmin.token,
        body,
      });
      expect(asVendor.status).toBe(403);
    },
  );

  it('names the share that does not fit, and keeps vendors out of the brand’s cost base', async () => {
    const bad = await post(admin, '/billing/tco', {
      ...forecast,
      mixes: [
        {
          name: 'Wrong',
          shares: [
            { option: 'inhouse', percent: 60 },
            { option: 'nobody', percent: 30 },
          ],
        },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual([
      'body.mixes.0.shares.1.option',
      'body.mixes.0.shares',
    ]);
    const noAgents = await put(admin, '/billing/inhouse-cost-model', {
      ...model,
      roles: [{ ...model.roles[1] }],
    });
    expect(noAgents.status).toBe(400);
    expect(JSON.stringify(noAgents.body)).toContain('body.roles');
    for (const [method, url, body] of [
      ['GET', '/api/v1/billing/inhouse-cost-model', undefined],
      ['POST', '/api/v1/billing/tco', forecast],
    ] as const) {
      const res = await call(t.app, method, url, { token: vendorAdmin.token, body });
      expect(res.status, url).toBe(403);
    }
    const row = await t.database.pool.query('select model from inhouse_cost_models');
    expect(row.rows).toHaveLength(1);
  });

  it('puts the in-house team’s fully loaded cost per contact beside the vendors’ invoices', async () => {
    await put(admin, '/billing/inhouse-cost-model', model);
    const inhouse = (await t.make.vendor({ name: 'Copenhagen', kind: 'internal' })).id;
    const customerId = await t.make.customer();
    const base = Date.parse('2026-10-05T10:00:00Z');
    for (let i = 0; i < 4; i++)
      await solvedChatContact(
        t.database,
        { organizationId: t.organizationId, customerId, vendorId: inhouse },
        base + i * 600_000,
        20,
      );
    // Another vendor's contact is not the in-house team's.
    await solvedChatContact(
      t.database,
      { organizationId: t.organizationId, customerId, vendorId: pacific },
      base,
      20,
    );
    expect((await post(admin, '/analytics/rollup/rebuild', {})).status).toBe(200);
    const report = await call(t.app, 'GET', '/api/v1/billing/cost-per-contact?month=2026-10', {
      token: admin.token,
    });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    // October is over: the whole month's 562,100.00 DKK over the 4 contacts.
    expect(report.body.inhouse).toEqual({
      vendor_ids: [inhouse],
      currency: 'DKK',
      numerator_minor: 56_210_000,
      denominator: 4,
      value_minor: 14_052_500,
      month_share: 1,
      variant: 'cost_per_contact.inhouse_model_over_handled',
    });
    const asVendor = await call(t.app, 'GET', '/api/v1/billing/cost-per-contact?month=2026-10', {
      token: vendorAdmin.token,
    });
    expect(asVendor.body.inhouse).toBeNull();
  });
});
