import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';

let t: TestContext;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function save(user: TestUser, body: Record<string, unknown>) {
  return call(t.app, 'POST', '/api/v1/saved-views', { token: user.token, body });
}
async function names(user: TestUser) {
  const res = await call(t.app, 'GET', '/api/v1/saved-views', { token: user.token });
  expect(res.status).toBe(200);
  return (res.body.items as any[]).map((v) => v.name).sort();
}

describe('saved views', () => {
  it('keeps personal views to their owner and shows shared ones to the owner’s vendor only', async () => {
    const a = await t.make.vendor();
    const b = await t.make.vendor();
    const agentA = await t.make.user('agent', a.id);
    const leadA = await t.make.user('team_lead', a.id);
    const colleague = await t.make.user('agent', a.id);
    const agentB = await t.make.user('agent', b.id);
    const brandAdmin = await t.make.user('brand_admin');

    const personal = await save(agentA, {
      name: 'My urgent',
      filters: {
        view: 'mine',
        status: ['open', 'pending'],
        priority: ['urgent'],
        q: 'refund',
        sort: '-updated_at',
      },
    });
    expect(personal.status, JSON.stringify(personal.body)).toBe(201);
    expect(personal.body).toMatchObject({
      name: 'My urgent',
      shared: false,
      owner_user_id: agentA.userId,
      vendor_id: a.id,
      filters: { view: 'mine', status: ['open', 'pending'], priority: ['urgent'], q: 'refund' },
    });
    const teamView = await save(leadA, {
      name: 'Team A chats',
      filters: { channel: ['chat'] },
      shared: true,
    });
    expect(teamView.status).toBe(201);
    const brandView = await save(brandAdmin, {
      name: 'Brand escalations',
      filters: { tag: 'escalated' },
      shared: true,
    });
    expect(brandView.status).toBe(201);

    expect(await names(agentA)).toEqual(['Brand escalations', 'My urgent', 'Team A chats']);
    expect(await names(colleague)).toEqual(['Brand escalations', 'Team A chats']);
    expect(await names(agentB)).toEqual(['Brand escalations']);
    expect(await names(brandAdmin)).toEqual(['Brand escalations', 'Team A chats']);

    // Another vendor can neither read nor change nor delete A's views; a colleague cannot change a personal one.
    for (const [method, body] of [
      ['PATCH', { name: 'Stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(t.app, method, `/api/v1/saved-views/${teamView.body.id}`, {
        token: agentB.token,
        body,
      });
      expect(res.status).toBe(404);
    }
    const notOwner = await call(t.app, 'PATCH', `/api/v1/saved-views/${teamView.body.id}`, {
      token: colleague.token,
      body: { name: 'Mine now' },
    });
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.errors[0].path).toBe('params.id');
    const hidden = await call(t.app, 'PATCH', `/api/v1/saved-views/${personal.body.id}`, {
      token: colleague.token,
      body: { name: 'x' },
    });
    expect(hidden.status).toBe(404);
  });

  it('lets only brand admins, vendor admins and team leads share, and refuses bad filters by name', async () => {
    const vendor = await t.make.vendor();
    const agent = await t.make.user('agent', vendor.id);
    const refused = await save(agent, { name: 'For everyone', shared: true });
    expect(refused.status).toBe(403);
    expect(refused.body.errors[0].path).toBe('body.shared');
    const mine = await save(agent, { name: 'Mine' });
    const share = await call(t.app, 'PATCH', `/api/v1/saved-views/${mine.body.id}`, {
      token: agent.token,
      body: { shared: true },
    });
    expect(share.status).toBe(403);
    const bad = await save(agent, { name: 'Bad', filters: { status: ['nope'], colour: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^body\.filters/)]),
    );
    const twice = await save(agent, { name: 'mine' });
    expect(twice.status).toBe(409);
  });

  it('lets the owner rename and delete, and a vendor admin tidy the vendor’s shared views', async () => {
    const vendor = await t.make.vendor();
    const lead = await t.make.user('team_lead', vendor.id);
    const admin = await t.make.user('vendor_admin', vendor.id);
    const view = await save(lead, { name: 'Open chats', filters: { channel: ['chat'] }, shared: true });
    const renamed = await call(t.app, 'PATCH', `/api/v1/saved-views/${view.body.id}`, {
      token: lead.token,
      body: { name: 'Open chats (EN)', filters: { channel: ['chat'], language: 'en' } },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Open chats (EN)', filters: { language: 'en' } });
    const removed = await call(t.app, 'DELETE', `/api/v1/saved-views/${view.body.id}`, {
      token: admin.token,
    });
    expect(removed.status).toBe(204);
    expect(await names(lead)).not.toContain('Open chats (EN)');
  });
});
