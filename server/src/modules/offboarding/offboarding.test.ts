import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TEST_PASSWORD, type TestContext, type TestUser } from '../../../test/harness.js';
import { makeAgent, pumpRouting } from '../../../test/routing.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
let brand: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  brand = await t.make.user('brand_admin');
});
afterAll(() => t.close());

async function ticketRow(id: string) {
  return withSystem(t.database.db, (tx) =>
    tx.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  );
}

async function auditOf(objectId: string) {
  return withSystem(t.database.db, (tx) =>
    tx
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('object_id', '=', objectId)
      .orderBy('seq')
      .execute(),
  );
}

async function signIn(email: string) {
  const res = await call(t.app, 'POST', '/api/v1/auth/login', { body: { email, password: TEST_PASSWORD } });
  expect(res.status).toBe(200);
  const jar = Object.fromEntries(res.response.cookies.map((c) => [c.name, c.value]));
  return { headers: { cookie: `tandem_session=${jar.tandem_session}` } };
}

/** A vendor with a site, an online agent holding a ticket, a waiting ticket, and a SCIM token. */
async function vendorAtWork(name: string) {
  const vendor = await t.make.vendor({ name });
  const site = await t.make.site(vendor.id);
  const agent = await makeAgent(t, vendor.id, site.id);
  const admin = await t.make.user('vendor_admin', vendor.id);
  const customer = await t.make.customer();
  const held = await t.make.ticket(customer, vendor.id, { conversation: true });
  const assigned = await call(t.app, 'PATCH', `/api/v1/tickets/${held}`, {
    token: brand.token,
    body: { agent_id: agent.userId },
  });
  expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);
  const waiting = await t.make.ticket(customer, vendor.id, { conversation: true });
  const solved = await t.make.ticket(customer, vendor.id, { conversation: true });
  await withSystem(t.database.db, (tx) =>
    tx.updateTable('tickets').set({ status: 'solved' }).where('id', '=', solved).execute(),
  );
  const scim = await call(t.app, 'POST', `/api/v1/vendors/${vendor.id}/scim-tokens`, {
    token: brand.token,
    body: { name: 'Okta' },
  });
  expect(scim.status, JSON.stringify(scim.body)).toBe(201);
  return { vendor, site, agent, admin, held, waiting, solved, scimToken: scim.body.token as string };
}

describe('vendor offboarding', () => {
  it('needs the vendor’s name typed back, and a brand admin', async () => {
    const w = await vendorAtWork('Typo Partners');
    const wrong = await call(t.app, 'POST', `/api/v1/vendors/${w.vendor.id}/offboard`, {
      token: brand.token,
      body: { confirm: 'Typo Partner' },
    });
    expect(wrong.status).toBe(422);
    const byVendorAdmin = await call(t.app, 'POST', `/api/v1/vendors/${w.vendor.id}/offboard`, {
      token: w.admin.token,
      body: { confirm: 'Typo Partners' },
    });
    expect([403, 404]).toContain(byVendorAdmin.status);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: w.agent.token })).status).toBe(200);
  });

  it('never offboards the brand’s in-house team', async () => {
    const inhouse = await t.make.vendor({ name: 'Copenhagen', kind: 'internal' });
    const agent = await t.make.user('agent', inhouse.id);
    const res = await call(t.app, 'POST', `/api/v1/vendors/${inhouse.id}/offboard`, {
      token: brand.token,
      body: { confirm: 'Copenhagen' },
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('in-house team');
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: agent.token })).status).toBe(200);
  });

  it('in one action: users off, tokens refused, tickets back to routing and never routed to it again', async () => {
    const other = await t.make.vendor({ name: 'Stays On' });
    const otherSite = await t.make.site(other.id);
    const stays = await makeAgent(t, other.id, otherSite.id, { capacity: { email: 50 } });
    const w = await vendorAtWork('Leaving Ltd');
    const agentBrowser = await signIn(w.agent.email);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', agentBrowser)).status).toBe(200);

    const res = await call(t.app, 'POST', `/api/v1/vendors/${w.vendor.id}/offboard`, {
      token: brand.token,
      body: { confirm: ' Leaving Ltd ' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      vendorId: w.vendor.id,
      usersDeactivated: 2,
      apiTokensRevoked: 2,
      scimTokensRevoked: 1,
      ticketsRequeued: 2,
    });

    // Everything the vendor's people held is refused: API token, session, the SCIM token.
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: w.agent.token })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', { token: w.admin.token })).status).toBe(401);
    expect((await call(t.app, 'GET', '/api/v1/auth/me', agentBrowser)).status).toBe(401);
    const scim = await call(t.app, 'GET', '/scim/v2/Users', { token: w.scimToken });
    expect(scim.status).toBe(401);

    const vendor = await call(t.app, 'GET', `/api/v1/vendors/${w.vendor.id}`, { token: brand.token });
    expect(vendor.body.status).toBe('offboarded');

    // Unsolved tickets left the vendor; the solved one stays its history.
    for (const id of [w.held, w.waiting]) {
      const ticket = await ticketRow(id);
      expect(ticket).toMatchObject({ vendor_id: null, site_id: null, team_id: null, agent_id: null });
    }
    expect((await ticketRow(w.solved)).vendor_id).toBe(w.vendor.id);

    // Even with an agent of the vendor online again, routing hands its work to others only.
    await makeAgent(t, w.vendor.id, w.site.id, { capacity: { email: 50 } });
    const customer = await t.make.customer();
    const fresh = await t.make.ticket(customer, null, { conversation: true });
    await withSystem(t.database.db, (tx) =>
      tx
        .insertInto('ticket_routing')
        .values({
          ticket_id: fresh,
          organization_id: brand.organizationId,
          state: 'pending',
          waiting_since: new Date().toISOString(),
          next_attempt_at: new Date().toISOString(),
        })
        .execute(),
    );
    await pumpRouting(t);
    await pumpRouting(t);
    for (const id of [w.held, w.waiting, fresh]) {
      const ticket = await ticketRow(id);
      expect(ticket.vendor_id).not.toBe(w.vendor.id);
    }
    expect((await ticketRow(w.held)).agent_id).toBe(stays.userId);

    const audit = await auditOf(w.vendor.id);
    const entry = audit.find((e) => e.action === 'vendor.offboarded');
    expect(entry?.details).toMatchObject({
      name: 'Leaving Ltd',
      status: { before: 'active', after: 'offboarded' },
      users_deactivated: 2,
      scim_tokens_revoked: 1,
    });
    expect((await auditOf(w.agent.userId)).map((e) => e.action)).toContain('user.deactivated');

    const again = await call(t.app, 'POST', `/api/v1/vendors/${w.vendor.id}/offboard`, {
      token: brand.token,
      body: { confirm: 'Leaving Ltd' },
    });
    expect(again.status).toBe(409);
  });
});

describe('vendor export', () => {
  it('gives the brand the vendor’s data as JSON without secrets, and audits the export', async () => {
    const w = await vendorAtWork('Exported Inc');
    const res = await call(t.app, 'GET', `/api/v1/vendors/${w.vendor.id}/export`, { token: brand.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.response.headers['content-disposition']).toContain('attachment');
    const doc = res.body;
    expect(doc.vendor).toMatchObject({ id: w.vendor.id, name: 'Exported Inc' });
    expect(doc.sites.map((s: { id: string }) => s.id)).toEqual([w.site.id]);
    expect(doc.users.map((u: { id: string }) => u.id).sort()).toEqual(
      [w.agent.userId, w.admin.userId].sort(),
    );
    const ids = doc.tickets.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([w.held, w.waiting, w.solved]));
    const held = doc.tickets.find((x: { id: string }) => x.id === w.held);
    expect(held.messages[0]).toMatchObject({ author_kind: 'customer', body_text: 'Hello' });
    expect(doc).toHaveProperty('qaReviews');
    expect(doc).toHaveProperty('contracts');
    expect(doc).toHaveProperty('invoices');
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/password|token_hash|secret/i);

    const audit = await auditOf(w.vendor.id);
    expect(audit.map((e) => e.action)).toContain('export.json');

    const byVendorAdmin = await call(t.app, 'GET', `/api/v1/vendors/${w.vendor.id}/export`, {
      token: w.admin.token,
    });
    expect([403, 404]).toContain(byVendorAdmin.status);
  });
});
