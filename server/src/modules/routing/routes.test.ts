import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestContext, type TestUser } from '../../../test/harness.js';
import { makeAgent, pumpRouting } from '../../../test/routing.js';
import { withSystem } from '../../platform/db/transaction.js';

let t: TestContext;
let brand: TestUser;
let adminA: TestUser;
let adminB: TestUser;
let agentA: TestUser;
let agentB: TestUser;
let vendorA: { id: string };
let vendorB: { id: string };
let queueId: string;
let ticketA: string;
let ticketB: string;

beforeAll(async () => {
  t = await startTestApp();
  brand = await t.make.user('brand_admin');
  vendorA = await t.make.vendor();
  vendorB = await t.make.vendor();
  const siteA = await t.make.site(vendorA.id);
  const siteB = await t.make.site(vendorB.id);
  adminA = await t.make.user('vendor_admin', vendorA.id);
  adminB = await t.make.user('vendor_admin', vendorB.id);
  agentA = await makeAgent(t, vendorA.id, siteA.id);
  agentB = await makeAgent(t, vendorB.id, siteB.id);
  const q = await call(t.app, 'POST', '/api/v1/routing/queues', {
    token: brand.token,
    body: { name: 'All' },
  });
  queueId = q.body.id;
  await call(t.app, 'PUT', `/api/v1/routing/queues/${queueId}/allocations`, {
    token: brand.token,
    body: {
      allocations: [
        { vendor_id: vendorA.id, share: 50 },
        { vendor_id: vendorB.id, share: 50 },
      ],
    },
  });
  await call(t.app, 'POST', '/api/v1/routing/rules', {
    token: brand.token,
    body: { position: 0, queue_id: queueId },
  });
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await call(t.app, 'POST', '/api/v1/tickets', {
      token: brand.token,
      body: {
        subject: 'Hi',
        channel: 'email',
        customer: { email: `r${i}@example.com` },
        message: { body_text: 'x' },
      },
    });
    ids.push(res.body.id);
  }
  await pumpRouting(t);
  const tickets = await Promise.all(
    ids.map((id) => call(t.app, 'GET', `/api/v1/tickets/${id}`, { token: brand.token })),
  );
  ticketA = tickets.find((x) => x.body.vendor_id === vendorA.id)!.body.id;
  ticketB = tickets.find((x) => x.body.vendor_id === vendorB.id)!.body.id;
});
afterAll(() => t.close());

describe('routing routes: authorization', () => {
  it('only brand admins change queues, rules, shares, residency and certifications', async () => {
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/v1/routing/queues', { name: 'Mine' }],
      ['PATCH', `/api/v1/routing/queues/${queueId}`, { sticky_days: 3 }],
      [
        'PUT',
        `/api/v1/routing/queues/${queueId}/allocations`,
        { allocations: [{ vendor_id: vendorA.id, share: 100 }] },
      ],
      ['POST', '/api/v1/routing/rules', { position: 1, queue_id: queueId }],
      ['GET', '/api/v1/routing/rules', undefined],
      ['PUT', `/api/v1/routing/agents/${agentA.userId}/certifications`, { certifications: [] }],
      ['PUT', `/api/v1/routing/sites/${agentA.siteId}/data-regions`, { data_regions: ['EU'] }],
    ];
    for (const user of [adminA, agentA]) {
      for (const [method, url, body] of attempts) {
        const res = await call(t.app, method as 'POST', url, {
          token: user.token,
          ...(body ? { body } : {}),
        });
        expect(res.status, `${user.role} ${method} ${url}`).toBe(403);
      }
    }
    const ok = await call(t.app, 'PUT', `/api/v1/routing/agents/${agentA.userId}/certifications`, {
      token: brand.token,
      body: { certifications: [{ certification: 'pci' }] },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.certifications).toEqual([{ certification: 'pci', expires_at: null }]);
  });

  it('a vendor admin reads its own vendor’s share figures only; agents read none', async () => {
    const all = await call(t.app, 'GET', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: brand.token,
    });
    expect(all.status).toBe(200);
    expect(all.body.window).toBe(2);
    expect(all.body.allocations.map((a: { vendor_id: string }) => a.vendor_id).sort()).toEqual(
      [vendorA.id, vendorB.id].sort(),
    );
    expect(all.body.allocations.every((a: { actual_share: number }) => a.actual_share === 50)).toBe(true);
    const own = await call(t.app, 'GET', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: adminA.token,
    });
    expect(own.status).toBe(200);
    expect(own.body.allocations).toEqual([
      expect.objectContaining({ vendor_id: vendorA.id, target_share: 50, actual_share: 50 }),
    ]);
    const agent = await call(t.app, 'GET', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: agentA.token,
    });
    expect(agent.status).toBe(403);
  });

  it('routing decisions: a vendor sees its own tickets’ decisions, and only its own candidates', async () => {
    const foreign = await call(t.app, 'GET', `/api/v1/tickets/${ticketB}/routing-decisions`, {
      token: agentA.token,
    });
    expect(foreign.status).toBe(404);
    const own = await call(t.app, 'GET', `/api/v1/tickets/${ticketA}/routing-decisions`, {
      token: agentA.token,
    });
    expect(own.status).toBe(200);
    const candidates = own.body.items.flatMap((d: { candidates: { vendor_id: string }[] }) => d.candidates);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.every((c: { vendor_id: string }) => c.vendor_id === vendorA.id)).toBe(true);
    const brandView = await call(t.app, 'GET', `/api/v1/tickets/${ticketA}/routing-decisions`, {
      token: brand.token,
    });
    const brandCandidates = brandView.body.items.flatMap(
      (d: { candidates: { vendor_id: string }[] }) => d.candidates,
    );
    expect(brandCandidates.some((c: { vendor_id: string }) => c.vendor_id === vendorB.id)).toBe(true);
  });

  it('transfers: a vendor cannot reach another vendor’s tickets or agents; the brand can', async () => {
    const other = await call(t.app, 'POST', `/api/v1/tickets/${ticketB}/transfer`, {
      token: adminA.token,
      body: { queue_id: queueId, reason: 'grab' },
    });
    expect(other.status).toBe(404);
    const toForeignAgent = await call(t.app, 'POST', `/api/v1/tickets/${ticketA}/transfer`, {
      token: adminA.token,
      body: { agent_id: agentB.userId, reason: 'push away' },
    });
    expect(toForeignAgent.status).toBe(422);
    expect(toForeignAgent.body.errors[0].path).toBe('body.agent_id');
    const toForeignVendor = await call(t.app, 'POST', `/api/v1/tickets/${ticketA}/transfer`, {
      token: adminA.token,
      body: { vendor_id: vendorB.id, reason: 'push away' },
    });
    expect(toForeignVendor.status).toBe(422);
    const back = await call(t.app, 'POST', `/api/v1/tickets/${ticketA}/transfer`, {
      token: adminA.token,
      body: { queue_id: queueId, reason: 'wrong skills' },
    });
    expect(back.status, JSON.stringify(back.body)).toBe(200);
    expect(back.body).toMatchObject({
      vendor_id: null,
      agent_id: null,
      routing_state: 'waiting',
      transfers: 1,
    });
    const brandMove = await call(t.app, 'POST', `/api/v1/tickets/${ticketA}/transfer`, {
      token: brand.token,
      body: { agent_id: agentB.userId, reason: 'specialist' },
    });
    expect(brandMove.status).toBe(200);
    expect(brandMove.body).toMatchObject({ vendor_id: vendorB.id, agent_id: agentB.userId, transfers: 2 });
  });

  it('bad input names the field', async () => {
    const res = await call(t.app, 'PUT', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: brand.token,
      body: { allocations: [{ vendor_id: vendorA.id, share: 60 }] },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('allocations');
    const unknown = await call(t.app, 'PUT', `/api/v1/routing/queues/${queueId}/allocations`, {
      token: brand.token,
      body: { allocations: [{ vendor_id: brand.userId, share: 100 }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('body.allocations.0.vendor_id');
  });
});

describe('which queue a contact would get (POST /routing/rules/test)', () => {
  const tryRules = (user: TestUser, body: unknown) =>
    call(t.app, 'POST', '/api/v1/routing/rules/test', { token: user.token, body });

  it('answers with the queue and the first active rule, in order, that matches', async () => {
    const rules = await call(t.app, 'GET', '/api/v1/routing/rules', { token: brand.token });
    const catchAll = rules.body.items.find((r: { queue_id: string }) => r.queue_id === queueId);
    await call(t.app, 'PATCH', `/api/v1/routing/rules/${catchAll.id}`, {
      token: brand.token,
      body: { position: 10, name: 'Everything else' },
    });
    const spanish = await call(t.app, 'POST', '/api/v1/routing/queues', {
      token: brand.token,
      body: { name: 'Spanish chat' },
    });
    const rule = await call(t.app, 'POST', '/api/v1/routing/rules', {
      token: brand.token,
      body: {
        position: 5,
        name: 'Spanish speakers on chat',
        queue_id: spanish.body.id,
        conditions: { channels: ['chat'], languages: ['es'] },
      },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);

    const es = await tryRules(brand, { channel: 'chat', language: 'es-MX' });
    expect(es.status, JSON.stringify(es.body)).toBe(200);
    expect(es.body).toEqual({
      queue: { id: spanish.body.id, name: 'Spanish chat' },
      rule: { id: rule.body.id, name: 'Spanish speakers on chat', position: 5 },
    });
    const email = await tryRules(brand, { channel: 'email', language: 'es' });
    expect(email.body).toEqual({
      queue: { id: queueId, name: 'All' },
      rule: { id: catchAll.id, name: 'Everything else', position: 10 },
    });

    // An inactive rule is skipped; with none left to match, no queue.
    await call(t.app, 'PATCH', `/api/v1/routing/rules/${catchAll.id}`, {
      token: brand.token,
      body: { active: false },
    });
    const none = await tryRules(brand, { channel: 'email' });
    expect(none.body).toEqual({ queue: null, rule: null });
    await call(t.app, 'PATCH', `/api/v1/routing/rules/${catchAll.id}`, {
      token: brand.token,
      body: { active: true },
    });
    await call(t.app, 'DELETE', `/api/v1/routing/rules/${rule.body.id}`, { token: brand.token });
  });

  it('bad input is a problem+json naming each field', async () => {
    const res = await tryRules(brand, { channel: 'fax', support_address: 'not an address' });
    expect(res.status).toBe(400);
    expect(res.response.headers['content-type']).toContain('application/problem+json');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.channel', 'body.support_address']));
  });

  it('vendor users may not try the brand’s rules', async () => {
    for (const user of [adminA, agentA]) {
      const res = await tryRules(user, { channel: 'email' });
      expect(res.status, user.role).toBe(403);
    }
  });
});

describe('a transfer as the next vendor sees it', () => {
  it('masks the previous vendor’s vendor, site and agent ids in the history and the event stream', async () => {
    const created = await call(t.app, 'POST', '/api/v1/tickets', {
      token: brand.token,
      body: {
        subject: 'Moving on',
        channel: 'email',
        customer: { email: 'moving@example.com' },
        message: { body_text: 'x' },
      },
    });
    const id = created.body.id as string;
    const toA = await call(t.app, 'POST', `/api/v1/tickets/${id}/transfer`, {
      token: brand.token,
      body: { agent_id: agentA.userId, reason: 'first' },
    });
    expect(toA.status, JSON.stringify(toA.body)).toBe(200);
    const { mark } = await withSystem(t.database.db, (tx) =>
      tx
        .selectFrom('domain_events')
        .select((eb) => eb.fn.max('id').as('mark'))
        .executeTakeFirstOrThrow(),
    );
    const toB = await call(t.app, 'POST', `/api/v1/tickets/${id}/transfer`, {
      token: brand.token,
      body: { agent_id: agentB.userId, reason: 'specialist' },
    });
    expect(toB.status, JSON.stringify(toB.body)).toBe(200);

    const transfers = async (user: TestUser) =>
      (
        await call(t.app, 'GET', `/api/v1/tickets/${id}/events?limit=100`, { token: user.token })
      ).body.items.filter((e: { field: string }) => e.field === 'transfer');
    const seenByB = await transfers(adminB);
    const last = seenByB[seenByB.length - 1];
    expect(last.before).toMatchObject({
      vendor_id: 'another_vendor',
      site_id: 'another_vendor',
      agent_id: 'another_vendor',
    });
    expect(last.after).toMatchObject({ vendor_id: vendorB.id, agent_id: agentB.userId });
    expect(JSON.stringify(seenByB)).not.toContain(vendorA.id);
    expect(JSON.stringify(seenByB)).not.toContain(agentA.userId);
    // The brand sees every id.
    const seenByBrand = await transfers(brand);
    expect(seenByBrand[seenByBrand.length - 1].before).toMatchObject({
      vendor_id: vendorA.id,
      agent_id: agentA.userId,
    });

    const transferred = async (user: TestUser) =>
      (
        await call(t.app, 'GET', `/api/v1/events?after=${mark}&limit=500`, { token: user.token })
      ).body.items.filter((e: { type: string; subject_id: string }) => e.subject_id === id);
    const eventForB = (await transferred(adminB)).find(
      (e: { type: string }) => e.type === 'ticket.transferred',
    );
    expect(eventForB.payload).toMatchObject({ previousVendorId: 'another_vendor', agent_id: agentB.userId });
    const eventForBrand = (await transferred(brand)).find(
      (e: { type: string }) => e.type === 'ticket.transferred',
    );
    expect(eventForBrand.payload.previousVendorId).toBe(vendorA.id);
    expect((await transferred(adminA)).map((e: { type: string }) => e.type)).toContain('ticket.moved_away');
  });
});
