import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { withSystem } from '../../platform/db/transaction.js';
import { verifyAll } from './service.js';

/** Representative changes and exports leave the entry an auditor expects, naming who did it. */

let t: TestContext;
let admin: TestUser;
let vendorAdmin: TestUser;
let agent: TestUser;
let vendorId: string;

const api = (who: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) =>
  call(t.app, method, `/api/v1${url}`, { token: who.token, ...(body === undefined ? {} : { body }) });

/** The newest entries first, as the owner sees them. */
const entries = () =>
  withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('audit_log')
      .selectAll()
      .where('organization_id', '=', t.organizationId)
      .orderBy('seq', 'desc')
      .execute(),
  );
const tokenIdOf = (user: TestUser) =>
  withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', user.userId)
      .orderBy('created_at')
      .executeTakeFirstOrThrow(),
  ).then((r) => r.id);

beforeAll(async () => {
  t = await startTestApp();
  vendorId = (await t.make.vendor()).id;
  admin = await t.make.user('brand_admin');
  vendorAdmin = await t.make.user('vendor_admin', vendorId);
  agent = await t.make.user('agent', vendorId);
});
afterAll(() => t.close());

describe('what the audit log records', () => {
  it('a role change: who, through which token, the user and the role before and after', async () => {
    const res = await api(vendorAdmin, 'PATCH', `/users/${agent.userId}`, { role: 'team_lead' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const [entry] = await entries();
    expect(entry).toMatchObject({
      action: 'user.role_changed',
      object_type: 'user',
      object_id: agent.userId,
      vendor_id: vendorId,
      actor_user_id: vendorAdmin.userId,
      details: { email: agent.email, changes: { role: { before: 'agent', after: 'team_lead' } } },
    });
    expect(entry!.actor_label).toContain(
      `<${vendorAdmin.email}> via API token ${await tokenIdOf(vendorAdmin)}`,
    );
  });

  it('a token created and revoked, with its owner and never its secret', async () => {
    const created = await api(vendorAdmin, 'POST', '/tokens', { name: 'ci', scopes: ['tickets:read'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const revoked = await api(admin, 'DELETE', `/tokens/${created.body.id}`);
    expect(revoked.status).toBeLessThan(300);
    const [revokedEntry, createdEntry] = await entries();
    expect(createdEntry).toMatchObject({
      action: 'token.created',
      object_id: created.body.id,
      actor_user_id: vendorAdmin.userId,
      vendor_id: vendorId,
      details: { user_id: vendorAdmin.userId, name: 'ci', scopes: ['tickets:read'] },
    });
    expect(JSON.stringify(createdEntry)).not.toContain(created.body.token);
    expect(revokedEntry).toMatchObject({
      action: 'token.revoked',
      object_type: 'api_token',
      object_id: created.body.id,
      actor_user_id: admin.userId,
      vendor_id: vendorId,
      details: { user_id: vendorAdmin.userId, name: 'ci' },
    });
  });

  it('an SLA policy update with the changed fields only', async () => {
    const created = await api(admin, 'POST', '/sla-policies', {
      name: 'VIP chat',
      position: 1,
      conditions: { channels: ['chat'] },
      targets: [{ metric: 'first_reply', priority: 'normal', minutes: 5, business: false }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const patched = await api(admin, 'PATCH', `/sla-policies/${created.body.id}`, {
      warn_percent: 60,
      name: 'VIP chat',
    });
    expect(patched.status).toBe(200);
    const [updated, first] = await entries();
    expect(first).toMatchObject({ action: 'sla_policy.created', object_id: created.body.id });
    expect(updated).toMatchObject({
      action: 'sla_policy.updated',
      object_type: 'sla_policy',
      object_id: created.body.id,
      vendor_id: null,
      actor_user_id: admin.userId,
      details: {
        name: 'VIP chat',
        changes: { warn_percent: { before: created.body.warn_percent, after: 60 } },
      },
    });
    expect(Object.keys((updated!.details as { changes: object }).changes)).toEqual(['warn_percent']);
  });

  it('an invoice exported as CSV and as PDF, but not read as JSON', async () => {
    const target = await api(admin, 'POST', '/service-level-targets', {
      vendor_id: vendorId,
      name: 'Chat answered in 30 s',
      measure: 'first_reply',
      threshold_seconds: 30,
      target_percent: 80,
      variant: 1,
    });
    expect(target.status, JSON.stringify(target.body)).toBe(201);
    const contract = await api(admin, 'POST', '/billing/contracts', {
      vendor_id: vendorId,
      name: 'Chat 2026',
      version: {
        effective_from: '2026-01-01',
        currency: 'EUR',
        lines: [{ model: 'monthly_fee', tiers: [{ up_to: null, rate_minor: 100_000 }] }],
        credit_rules: [],
      },
    });
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    const invoice = await api(admin, 'POST', `/billing/contracts/${contract.body.id}/invoices`, {
      month: '2026-10',
    });
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    const before = (await entries()).length;
    expect((await api(vendorAdmin, 'GET', `/billing/invoices/${invoice.body.id}`)).status).toBe(200);
    expect(await entries()).toHaveLength(before);

    const csv = await api(vendorAdmin, 'GET', `/billing/invoices/${invoice.body.id}?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.response.headers['content-type']).toContain('text/csv');
    const pdf = await api(admin, 'GET', `/billing/invoices/${invoice.body.id}.pdf`);
    expect(pdf.status).toBe(200);
    const [pdfEntry, csvEntry] = await entries();
    expect(csvEntry).toMatchObject({
      action: 'export.csv',
      object_type: 'vendor_invoice',
      object_id: invoice.body.id,
      vendor_id: vendorId,
      actor_user_id: vendorAdmin.userId,
      details: {
        route: '/api/v1/billing/invoices/:id',
        params: { id: invoice.body.id },
        filters: { format: 'csv' },
      },
    });
    expect(pdfEntry).toMatchObject({
      action: 'export.pdf',
      object_id: invoice.body.id,
      actor_user_id: admin.userId,
    });
    // Every change of this file linked into one chain.
    expect((await verifyAll(t.database.db)).ok).toBe(true);
  });
});
